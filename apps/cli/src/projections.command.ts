import type { Command } from 'commander';
import { loadConfig, type Persistence } from '@redress/config';
import {
  ALL_PROJECTIONS,
  allProjections,
  loadSlaTracking,
  ProjectionCatalog,
  ProjectionRebuilder,
} from '@redress/projections';
import { ATTR_EVENTS_PROCESSED, ATTR_PROJECTION_NAME, inOperationSpan } from './operation-span';
import { createProgressBar } from './progress-bar';
import { withPersistence } from './with-persistence';

/** `projections status` and `projections rebuild <name>`. */
export function registerProjectionCommands(program: Command, open: () => Promise<Persistence>): void {
  // Built as the API builds them, so a rebuild selects SLA policies by the same SLA_POLICY_SELECTION_FILE.
  const configured = () => allProjections(loadSlaTracking(loadConfig(process.env).sla.policySelectionFile));
  const projections = program.command('projections').description('Inspect and rebuild read-model projections');

  projections
    .command('status')
    .description('List every projection with its generations, checkpoints and lag')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      await withPersistence(open, async ({ eventStore, readModels }) => {
        const catalog = new ProjectionCatalog(readModels);
        await catalog.install(ALL_PROJECTIONS);
        const head = await eventStore.headPosition();
        const buildVersions = new Map(ALL_PROJECTIONS.map((p) => [p.name, p.version]));
        const rows = (await catalog.generations()).map((g) => ({
          projection: g.projection,
          generation: g.generation,
          version: g.version,
          buildVersion: buildVersions.get(g.projection) ?? null,
          status: g.status,
          position: g.position,
          lagEvents: Math.max(0, head - g.position),
          updatedAt: g.updatedAt,
        }));
        if (options.json) console.log(JSON.stringify({ headPosition: head, projections: rows }, null, 2));
        else {
          console.log(`log head: ${head}`);
          console.table(rows);
          for (const row of rows) {
            if (row.status !== 'active' || row.buildVersion === null || row.version === row.buildVersion) continue;
            const outcome =
              row.version < row.buildVersion
                ? 'the API rebuilds it when it starts'
                : 'this build will not write to it: run the newer build';
            console.log(
              `${row.projection}: stored version ${row.version}, this build's ${row.buildVersion}; ${outcome}, ` +
                `or run: npm run projections -- rebuild ${row.projection}`,
            );
          }
        }
      });
    });

  projections
    .command('rebuild')
    .description('Rebuild a projection into a new copy and swap it in when caught up (blue-green; resumable)')
    .argument('<name>', `one of: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`)
    .action((name: string) =>
      inOperationSpan('projections rebuild', { [ATTR_PROJECTION_NAME]: name }, async (span) => {
        const projection = configured().find((p) => p.name === name);
        if (!projection) {
          throw new Error(`unknown projection "${name}"; known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}`);
        }
        await withPersistence(open, async ({ eventStore, readModels }) => {
          const rebuilder = new ProjectionRebuilder(eventStore, readModels, new ProjectionCatalog(readModels));
          const bar = createProgressBar(`rebuild ${name}`);
          let started = false;
          // Ctrl-C stops after the current batch, with the stores closed properly; running the command again resumes.
          const interrupt = new AbortController();
          const onInterrupt = () => interrupt.abort(new Error(`${name}: rebuild interrupted; run it again to resume`));
          process.once('SIGINT', onInterrupt);
          const result = await rebuilder
            .rebuild(
              projection,
              (progress) => {
                if (!started) bar.start(progress.headPosition, 0, { rate: 0 });
                started = true;
                bar.setTotal(Math.max(progress.headPosition, 1));
                bar.update(progress.position, { rate: progress.eventsPerSecond });
                span.setAttribute(ATTR_EVENTS_PROCESSED, progress.eventsApplied);
              },
              interrupt.signal,
            )
            .finally(() => {
              process.off('SIGINT', onInterrupt);
              if (started) bar.stop();
            });
          span.setAttributes({
            [ATTR_EVENTS_PROCESSED]: result.eventsApplied,
            'redress.projection.generation': result.generation,
          });
          console.log(
            `${name}: generation ${result.generation} is live; ${result.eventsApplied} events in ${result.seconds.toFixed(1)} s (${result.eventsPerSecond} events/s)`,
          );
        });
      }),
    );
}
