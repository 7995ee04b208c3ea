import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The management CLI as a user runs it: compiled as `npm run build` compiles
 * it (into a directory of its own, so parallel runs do not share dist/) and
 * started as its own process.
 */
export const ROOT = join(__dirname, '..', '..', '..', '..');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliBuild {
  /** Runs the CLI with `env` over the inherited environment; `whileRunning` may kill it. */
  run(args: string[], env: NodeJS.ProcessEnv, whileRunning?: (kill: () => void) => Promise<void>): Promise<CliResult>;
  remove(): Promise<void>;
}

export async function buildCli(): Promise<CliBuild> {
  const build = await mkdtemp(join(tmpdir(), 'redress-cli-build-'));
  await promisify(execFile)(
    join(ROOT, 'node_modules', '.bin', 'swc'),
    ['apps', 'libs', '--out-dir', build, '--copy-files', '--ignore', '**/*.spec.ts', '--ignore', '**/test/**'].concat([
      '--config-file',
      '.swcrc',
      '-q',
    ]),
    { cwd: ROOT },
  );
  return {
    run: (args, env, whileRunning) => {
      const child = spawn(process.execPath, [join(build, 'apps', 'cli', 'src', 'main.js'), ...args], {
        cwd: ROOT,
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), LOG_LEVEL: 'error', ...env },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<CliResult>((resolve) =>
        child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
      );
      void whileRunning?.(() => child.kill('SIGKILL'));
      return exited;
    },
    remove: () => rm(build, { recursive: true, force: true }),
  };
}

/** The environment that points the CLI at a PostgreSQL store in `schema`. */
export function postgresStoreEnv(url: string, schema: string): NodeJS.ProcessEnv {
  return { EVENT_STORE: 'postgres', POSTGRES_URL: url, POSTGRES_SCHEMA: schema };
}
