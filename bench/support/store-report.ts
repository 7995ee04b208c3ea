import type { AppendCaseResult, StoreBenchResults, StoreRun } from '../store.bench';
import { round } from './latency';

/** Node / PostgreSQL backend CPU per written event, warm-up included. */
function cpuPerEvent(result: AppendCaseResult): string {
  return `${result.nodeCpuUsPerEvent} / ${result.postgresCpuUsPerEvent}`;
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const mark = (ok: boolean) => (ok ? '✅' : '❌');
const ratio = (value: number, base: number) => `${round(value / base, 1)}×`;

/** The Markdown summary of a store benchmark: each case on its median run, then every run. */
export function renderStoreReport(results: StoreBenchResults): string {
  const { runs, medianRuns, reference, targets, options } = results;
  const single = runs[medianRuns.singleEventAppends];
  const batched = runs[medianRuns.batchedAppends];
  const read = runs[medianRuns.readWholeLog];
  // Against the reference figures of the issue, and in brackets against the baselines of the run measured.
  const versus = (eventsPerSecond: number, run: StoreRun) =>
    `${ratio(eventsPerSecond, reference.insertPerTransaction)} / ${ratio(eventsPerSecond, reference.multiInsert500)}` +
    ` (measured: ${ratio(eventsPerSecond, run.baselines.insertPerTransaction.eventsPerSecond)} / ` +
    `${ratio(eventsPerSecond, run.baselines.multiInsert500.eventsPerSecond)})`;
  const meeting = (key: keyof StoreRun['cases']) =>
    `${runs.filter((run) => run.cases[key].meetsTarget).length} of ${runs.length}`;
  const appendRow = (label: string, key: 'singleEventAppends' | 'batchedAppends', run: StoreRun, target: string) => {
    const result = run.cases[key];
    return row([
      label,
      result.eventsPerSecond,
      result.p50Ms,
      result.p99Ms,
      result.batches,
      result.eventsPerBatch,
      cpuPerEvent(result),
      `${mark(result.meetsTarget)} ${target}`,
      meeting(key),
      versus(result.eventsPerSecond, run),
    ]);
  };

  return [
    `# Event store benchmark (PostgreSQL ${results.server.server_version ?? ''}), ${results.at}`,
    '',
    `${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${results.machine.node}; ` +
      `fsync=${results.server.fsync}, synchronous_commit=${results.server.synchronous_commit}. ` +
      `Events of ${options.eventJsonBytes} bytes of JSON (data + metadata); ${options.warmupSeconds} s warm-up, ` +
      `${options.seconds} s measured per append case; ${runs.length} run(s), each in a fresh schema.`,
    '',
    'Each case is shown and judged on its median run by events/s (the machine is shared, and one run moves by ' +
      '±30 % with whatever else runs, checkpoints included); every run is listed below. Ratios: against the ' +
      `reference figures for this machine from the issue, one insert per transaction (~${reference.insertPerTransaction} ` +
      `events/s) / a 500-row multi-insert (~${reference.multiInsert500} events/s), and in brackets against the same ` +
      'two baselines measured in that run with these events.',
    '',
    row([
      'case (median run)',
      'events/s',
      'p50 ms',
      'p99 ms',
      'transactions',
      'events per transaction',
      'CPU µs per event (Node / PostgreSQL)',
      'target',
      'runs meeting it',
      'vs baselines',
    ]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---', '---:', '---']),
    appendRow(
      `single-event appends, ${options.singleEventLoad.appenders} concurrent appenders, distinct streams`,
      'singleEventAppends',
      single,
      `≥ ${targets.singleEventAppends.eventsPerSecond}/s, p99 ≤ ${targets.singleEventAppends.p99Ms} ms`,
    ),
    appendRow(
      `batched appends, ${options.batchedLoad.eventsPerAppend} events per append, ${options.batchedLoad.appenders} concurrent appenders`,
      'batchedAppends',
      batched,
      `≥ ${targets.batchedAppends.eventsPerSecond}/s`,
    ),
    row([
      `read the whole log (${read.cases.readWholeLog.events} events, pages of ${read.cases.readWholeLog.pageSize})`,
      read.cases.readWholeLog.eventsPerSecond,
      '',
      '',
      '',
      '',
      '',
      `${mark(read.cases.readWholeLog.meetsTarget)} ≥ ${targets.readWholeLog.eventsPerSecond}/s`,
      meeting('readWholeLog'),
      '',
    ]),
    '',
    '## Every run',
    '',
    'Baselines: the same rows into a copy of the events table, one connection, no store.',
    '',
    row([
      'run',
      'started',
      'load average (1 min)',
      'single events/s (p99 ms)',
      'batched events/s (p99 ms)',
      'batched CPU µs per event (Node / PostgreSQL)',
      'read events/s',
      'baseline: insert per transaction, events/s',
      'baseline: 500-row multi-insert, events/s',
    ]),
    row(['---:', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...runs.map((run, index) =>
      row([
        index + 1,
        run.at,
        run.loadAverage,
        `${run.cases.singleEventAppends.eventsPerSecond} (${run.cases.singleEventAppends.p99Ms})`,
        `${run.cases.batchedAppends.eventsPerSecond} (${run.cases.batchedAppends.p99Ms})`,
        cpuPerEvent(run.cases.batchedAppends),
        run.cases.readWholeLog.eventsPerSecond,
        run.baselines.insertPerTransaction.eventsPerSecond,
        run.baselines.multiInsert500.eventsPerSecond,
      ]),
    ),
    '',
  ].join('\n');
}
