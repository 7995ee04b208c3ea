import type { ProjectionsBenchResults } from '../projections.bench';
import type { LoadAverageSummary } from './load-average';
import { round } from './latency';

const mark = (ok: boolean) => (ok ? '✅' : '❌');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const load = (summary: LoadAverageSummary) => `${summary.mean} (${summary.min}–${summary.max})`;
const clients = (concurrency: number) => (concurrency === 1 ? 'one client' : `${concurrency} concurrent clients`);
const countsByType = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
/** Measured ÷ target: above 1 is better for a rate, below 1 for a latency. */
const ratio = (measured: number, target: number) => `${round(measured / target, 2)}×`;

/** The Markdown summary of a projections benchmark run. */
export function renderProjectionsReport(results: ProjectionsBenchResults): string {
  const { seed, rebuild, query, lag, targets, options } = results;
  const lines = [
    `# Projections benchmark (PostgreSQL ${results.server.server_version ?? ''}), ${results.at}`,
    '',
    `${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${results.machine.node}; ` +
      `fsync=${results.server.fsync}, synchronous_commit=${results.server.synchronous_commit}, ` +
      `shared_buffers=${results.server.shared_buffers} × 8 kB. The machine is shared: the load average ` +
      '(1 minute; mean, min–max) during each phase shows how much of its 2 cores other jobs took.',
    '',
    row(['target', 'measured', 'measured ÷ target', 'met', 'load average']),
    row(['---', '---:', '---:', '---', '---']),
  ];
  if (rebuild) {
    lines.push(
      row([
        `full rebuild ≥ ${targets.rebuild.eventsPerSecond} events/s`,
        `${rebuild.eventsPerSecond} events/s`,
        ratio(rebuild.eventsPerSecond, targets.rebuild.eventsPerSecond),
        mark(rebuild.meetsTarget),
        load(rebuild.load),
      ]),
    );
  }
  if (lag) {
    lines.push(
      row([
        `lag append acknowledged → read model committed at ${targets.lag.commandsPerSecond} commands/s, p99 ≤ ${targets.lag.p99Ms} ms`,
        `p99 ${lag.p99Ms} ms at ${lag.commandsPerSecond} commands/s`,
        ratio(lag.p99Ms, targets.lag.p99Ms),
        mark(lag.meetsTarget),
        load(lag.load),
      ]),
    );
  }
  const queryLevels = query ? query.levels.map((level) => ({ ...level, complaints: query.complaints })) : [];
  for (const level of queryLevels) {
    const worst = Math.max(...level.cases.map((c) => c.p99Ms));
    lines.push(
      row([
        `GET /complaints with filters over ${targets.query.complaints} complaints, p99 ≤ ${targets.query.p99Ms} ms ` +
          `(${clients(level.concurrency)})`,
        `worst case p99 ${worst} ms, all cases p99 ${level.overall.p99Ms} ms, over ${level.complaints} complaints`,
        ratio(worst, targets.query.p99Ms),
        `${mark(level.meetsTarget)} ${level.cases.filter((c) => c.p99Ms <= targets.query.p99Ms).length} of ${level.cases.length} cases`,
        load(level.load),
      ]),
    );
  }
  lines.push('');

  if (seed) {
    const types = countsByType(seed.eventsByType);
    lines.push(
      '## Seed',
      '',
      `${seed.complaints} complaints received over a year (${seed.receivedFrom} to ${seed.receivedUntil}), ` +
        `${seed.events} events: ${types}. Written by bulk inserts in ${seed.seconds} s ` +
        `(${seed.eventsPerSecond} events/s; load average ${load(seed.load)}); not part of any target.`,
      '',
    );
  }
  if (rebuild) {
    lines.push(
      '## Rebuild',
      '',
      `ProjectionRebuilder on complaint-list over the whole log: ${rebuild.eventsApplied} events into ` +
        `${rebuild.complaints} rows in ${round(rebuild.seconds)} s, batches of ${options.rebuildBatch}, ` +
        `of which ${round(rebuild.indexingSeconds)} s building the deferred secondary indexes and vacuuming and analysing the new tables after the bulk load.`,
      '',
    );
  }
  if (query) {
    lines.push(
      '## GET /complaints',
      '',
      `The real API (createApiApp) on the bench schema over loopback HTTP, ${query.complaints} complaints; ` +
        `every case for ${options.queryLoad.secondsPerCase} s after ${options.queryLoad.warmupRequests} untimed ` +
        'requests, from clients in a closed loop in the same process; pages of 50 with totals by status and category.',
      '',
    );
    for (const level of query.levels) {
      lines.push(
        `### ${clients(level.concurrency)} (load average ${load(level.load)})`,
        '',
        row([
          'case',
          'matched',
          'requests/s',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'max ms',
          `p99 ≤ ${targets.query.p99Ms} ms`,
        ]),
        row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
        ...level.cases.map((c) =>
          row([
            `${c.name} (\`${c.path.length > 90 ? `${c.path.slice(0, 87)}…` : c.path}\`)`,
            c.matched,
            c.requestsPerSecond,
            c.p50Ms,
            c.p95Ms,
            c.p99Ms,
            c.maxMs,
            mark(c.p99Ms <= targets.query.p99Ms),
          ]),
        ),
        row([
          'all cases',
          '',
          '',
          level.overall.p50Ms,
          level.overall.p95Ms,
          level.overall.p99Ms,
          level.overall.maxMs,
          '',
        ]),
        '',
      );
    }
  }
  if (lag) {
    const types = countsByType(lag.byType);
    lines.push(
      '## Lag',
      '',
      `ComplaintCommandService on the same store at ${options.commandLoad.ratePerSecond} commands/s scheduled ` +
        `(${options.commandLoad.warmupSeconds} s warm-up, ${options.commandLoad.seconds} s measured), ` +
        `${Math.round(options.commandLoad.receiveShare * 100)} % receipts of new complaints and the rest lifecycle steps; ` +
        'the ProjectionRunner live on complaint-list in the same process. Each command is timed from execute() ' +
        'resolving to the commit of the first read-model batch whose checkpoint reaches its position (onBatchCommitted).',
      '',
      `- achieved: ${lag.commandsPerSecond} commands/s (${types}); ${lag.failures} failed` +
        `${lag.firstFailure ? ` (first: ${lag.firstFailure})` : ''}; ${lag.skipped} not started (in-flight cap)`,
      `- lag over ${lag.measured} commands: p50 ${lag.p50Ms} ms, p95 ${lag.p95Ms} ms, p99 ${lag.p99Ms} ms, max ${lag.maxMs} ms`,
      `- ${lag.batches} read-model batches, ${lag.eventsPerBatch} events per batch`,
      '',
    );
  }
  return lines.join('\n');
}
