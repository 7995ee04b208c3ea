import type { AppendCaseResult, StoreBenchResults } from '../store.bench';
import { round } from './latency';

/** Node / PostgreSQL backend CPU per written event, warm-up included. */
function cpuPerEvent(result: AppendCaseResult): string {
  return `${result.nodeCpuUsPerEvent} / ${result.postgresCpuUsPerEvent}`;
}

/** The Markdown summary of a store benchmark run. */
export function renderStoreReport(results: StoreBenchResults): string {
  const { cases, baselines, reference, targets, options } = results;
  const { singleEventAppends: single, batchedAppends: batched, readWholeLog: read } = cases;
  const ratio = (value: number, base: number) => `${round(value / base, 1)}×`;
  const versus = (eventsPerSecond: number) =>
    `${ratio(eventsPerSecond, reference.insertPerTransaction)} / ${ratio(eventsPerSecond, reference.multiInsert500)}` +
    ` (measured: ${ratio(eventsPerSecond, baselines.insertPerTransaction.eventsPerSecond)} / ` +
    `${ratio(eventsPerSecond, baselines.multiInsert500.eventsPerSecond)})`;
  const mark = (ok: boolean) => (ok ? '✅' : '❌');
  const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

  return [
    `# Event store benchmark (PostgreSQL ${results.server.server_version ?? ''}), ${results.at}`,
    '',
    `${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${results.machine.node}; ` +
      `fsync=${results.server.fsync}, synchronous_commit=${results.server.synchronous_commit}. ` +
      `Events of ${options.eventJsonBytes} bytes of JSON (data + metadata); ${options.warmupSeconds} s warm-up, ` +
      `${options.seconds} s measured per append case.`,
    '',
    'Ratios: against the reference figures for this machine from the issue, one insert per transaction ' +
      `(~${reference.insertPerTransaction} events/s) / a 500-row multi-insert (~${reference.multiInsert500} events/s), ` +
      'and in brackets against the same two baselines measured in this run with these events.',
    '',
    row([
      'case',
      'events/s',
      'p50 ms',
      'p99 ms',
      'transactions',
      'events per transaction',
      'CPU µs per event (Node / PostgreSQL)',
      'target',
      'vs baselines',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---']),
    row([
      `single-event appends, ${options.singleEventLoad.appenders} concurrent appenders, distinct streams`,
      single.eventsPerSecond,
      single.p50Ms,
      single.p99Ms,
      single.batches,
      single.eventsPerBatch,
      cpuPerEvent(single),
      `${mark(single.meetsTarget)} ≥ ${targets.singleEventAppends.eventsPerSecond}/s, p99 ≤ ${targets.singleEventAppends.p99Ms} ms`,
      versus(single.eventsPerSecond),
    ]),
    row([
      `batched appends, ${options.batchedLoad.eventsPerAppend} events per append, ${options.batchedLoad.appenders} concurrent appenders`,
      batched.eventsPerSecond,
      batched.p50Ms,
      batched.p99Ms,
      batched.batches,
      batched.eventsPerBatch,
      cpuPerEvent(batched),
      `${mark(batched.meetsTarget)} ≥ ${targets.batchedAppends.eventsPerSecond}/s`,
      versus(batched.eventsPerSecond),
    ]),
    row([
      `read the whole log (${read.events} events, pages of ${read.pageSize})`,
      read.eventsPerSecond,
      '',
      '',
      '',
      '',
      '',
      `${mark(read.meetsTarget)} ≥ ${targets.readWholeLog.eventsPerSecond}/s`,
      '',
    ]),
    '',
    'Baselines measured in this run (the same rows into a copy of the events table, one connection, no store):',
    '',
    `- one insert per transaction: ${baselines.insertPerTransaction.eventsPerSecond} events/s`,
    `- 500-row multi-insert per transaction: ${baselines.multiInsert500.eventsPerSecond} events/s`,
    '',
  ].join('\n');
}
