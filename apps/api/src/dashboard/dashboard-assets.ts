import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file the dashboard serves, read once at start-up: the page and its assets are small and never change. */
export interface DashboardAsset {
  contentType: string;
  body: Buffer;
}

/**
 * The page, its stylesheet and script (next to this file, in the source tree
 * under Jest and in dist/ after `npm run build`, which copies them), and the
 * chart library straight from node_modules. The script has no import
 * statements: SWC compiles every .js under apps/ to CommonJS, which leaves a
 * plain script unchanged, so uPlot comes in as a classic script's global.
 */
const SOURCES: Record<string, { path: string; contentType: string }> = {
  'dashboard.css': { path: join(__dirname, 'assets', 'dashboard.css'), contentType: 'text/css; charset=utf-8' },
  'dashboard.js': { path: join(__dirname, 'assets', 'dashboard.js'), contentType: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { path: require.resolve('uplot/dist/uPlot.min.css'), contentType: 'text/css; charset=utf-8' },
  'uPlot.iife.min.js': {
    path: require.resolve('uplot/dist/uPlot.iife.min.js'),
    contentType: 'text/javascript; charset=utf-8',
  },
};

export const DASHBOARD_PAGE: DashboardAsset = {
  contentType: 'text/html; charset=utf-8',
  body: readFileSync(join(__dirname, 'assets', 'index.html')),
};

export const DASHBOARD_ASSETS: ReadonlyMap<string, DashboardAsset> = new Map(
  Object.entries(SOURCES).map(([name, { path, contentType }]) => [name, { contentType, body: readFileSync(path) }]),
);
