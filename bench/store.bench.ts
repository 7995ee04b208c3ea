import { cpus, loadavg } from 'node:os';
import { openPostgresEventStore, type PostgresEventStore } from '@redress/event-store';
import { complaintEventBytes, runAppendLoad, type AppendLoad, type AppendLoadResult } from './support/append-load';
import { runInsertBaseline, type BaselineResult } from './support/baselines';
import { round } from './support/latency';
import { numberOption } from './support/options';
import { writeBenchResults } from './support/results';
import {
  assertLoopback,
  benchSchemaName,
  connect,
  dropSchema,
  POSTGRES_URL,
  serverFacts,
} from './support/local-postgres';
import { withCpu } from './support/server-cpu';
import { renderStoreReport } from './support/store-report';

/**
 * `npm run bench -- store [--runs=N] [--seconds=N] [--warmup=N] [--baseline-seconds=N]`
 *
 * The PostgreSQL event store under load: the three cases of the issue, each
 * against its target, and two raw-insert baselines measured in the same run
 * for comparison. The whole set runs `--runs` times (default 3), each time in
 * a fresh schema that is dropped afterwards, and each case is judged on its
 * median run: on this shared 2-core machine one run moves by ±30 % with
 * whatever else runs (checkpoints included), so a single run proves little.
 * Each run takes about 2 × (warm-up + seconds) + 2 × baseline-seconds plus the read.
 */

/** Figures quoted in the issue for this machine, the yardstick for ratios. */
export const REFERENCE = { insertPerTransaction: 2_000, multiInsert500: 22_000 };

export const TARGETS = {
  singleEventAppends: { eventsPerSecond: 8_000, p99Ms: 20 },
  batchedAppends: { eventsPerSecond: 40_000 },
  readWholeLog: { eventsPerSecond: 100_000 },
};

export const SINGLE_EVENT_LOAD = { appenders: 64, eventsPerAppend: 1, streamsPerAppender: 16 };
export const BATCHED_LOAD = { appenders: 16, eventsPerAppend: 20, streamsPerAppender: 16 };
export const READ_PAGE_SIZE = 1000;
/** The store's connections, whose PostgreSQL backends the append cases measure (the baselines use others). */
const STORE_APPLICATION_NAME = 'redress-bench-store';

export interface AppendCaseResult extends AppendLoadResult {
  /** Transactions over the whole case, warm-up included. */
  batches: number;
  eventsPerBatch: number;
  /**
   * CPU per written event over the whole case, warm-up included: of this process (the store's Node side and the
   * load) and of the store's PostgreSQL backends. On a shared machine these compare runs better than events/s.
   */
  nodeCpuUsPerEvent: number;
  postgresCpuUsPerEvent: number;
  meetsTarget: boolean;
}

export interface ReadCaseResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  pageSize: number;
  meetsTarget: boolean;
}

/** One run of the three cases, in a fresh schema of its own. */
export interface StoreRun {
  at: string;
  /** The machine's 1-minute load average as the run started: the machine is shared. */
  loadAverage: number;
  baselines: { insertPerTransaction: BaselineResult; multiInsert500: BaselineResult };
  cases: { singleEventAppends: AppendCaseResult; batchedAppends: AppendCaseResult; readWholeLog: ReadCaseResult };
}

export interface StoreBenchResults {
  benchmark: 'store';
  at: string;
  machine: { cpus: number; cpuModel: string; node: string };
  server: Record<string, string>;
  options: {
    seconds: number;
    warmupSeconds: number;
    baselineSeconds: number;
    runs: number;
    eventJsonBytes: number;
    singleEventLoad: typeof SINGLE_EVENT_LOAD;
    batchedLoad: typeof BATCHED_LOAD;
  };
  reference: typeof REFERENCE;
  targets: typeof TARGETS;
  /** For each case, the index in `runs` of its median run (by events/s), on which the summary judges it. */
  medianRuns: Record<keyof StoreRun['cases'], number>;
  runs: StoreRun[];
}

export async function runStoreBench(args: string[]): Promise<void> {
  const seconds = numberOption(args, 'seconds', 10);
  const warmupSeconds = numberOption(args, 'warmup', 2);
  const baselineSeconds = numberOption(args, 'baseline-seconds', 3);
  const runCount = numberOption(args, 'runs', 3);
  assertLoopback(POSTGRES_URL);

  const server = await serverFacts();
  console.log(`store bench on ${POSTGRES_URL} (PostgreSQL ${server.server_version}), ${runCount} run(s)`);
  const runs: StoreRun[] = [];
  for (let run = 1; run <= runCount; run++) {
    runs.push(await runOnce({ seconds, warmupSeconds, baselineSeconds }, `${run} of ${runCount}`));
  }
  await writeResults({
    benchmark: 'store',
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    server,
    options: {
      seconds,
      warmupSeconds,
      baselineSeconds,
      runs: runCount,
      eventJsonBytes: complaintEventBytes(),
      singleEventLoad: SINGLE_EVENT_LOAD,
      batchedLoad: BATCHED_LOAD,
    },
    reference: REFERENCE,
    targets: TARGETS,
    medianRuns: {
      singleEventAppends: medianRun(runs.map((run) => run.cases.singleEventAppends)),
      batchedAppends: medianRun(runs.map((run) => run.cases.batchedAppends)),
      readWholeLog: medianRun(runs.map((run) => run.cases.readWholeLog)),
    },
    runs,
  });
}

/**
 * The index of the median run by events/s (the lower middle one of an even
 * number). A whole run is picked rather than a median of each figure, so
 * that the latencies, CPU and baselines shown belong to the throughput.
 */
export function medianRun(results: readonly { eventsPerSecond: number }[]): number {
  const byThroughput = results
    .map((_, index) => index)
    .sort((a, b) => results[a].eventsPerSecond - results[b].eventsPerSecond);
  return byThroughput[Math.floor((byThroughput.length - 1) / 2)];
}

/** The baselines and the three cases once, in a schema of their own that is dropped afterwards. */
async function runOnce(
  timing: { seconds: number; warmupSeconds: number; baselineSeconds: number },
  label: string,
): Promise<StoreRun> {
  const schema = benchSchemaName();
  const loadAverage = round(loadavg()[0]);
  console.log(`run ${label} in schema ${schema} (load average ${loadAverage})`);
  const store = await openPostgresEventStore({
    connectionString: POSTGRES_URL,
    schema,
    applicationName: STORE_APPLICATION_NAME,
  });
  try {
    const at = new Date().toISOString();
    const baselines = await measureBaselines(schema, timing.baselineSeconds);
    const single = await appendCase(store, 'single', { ...SINGLE_EVENT_LOAD, ...timing });
    const batched = await appendCase(store, 'batched', { ...BATCHED_LOAD, ...timing });
    const read = await readWholeLog(store);
    return {
      at,
      loadAverage,
      baselines,
      cases: {
        singleEventAppends: {
          ...single,
          meetsTarget:
            single.eventsPerSecond >= TARGETS.singleEventAppends.eventsPerSecond &&
            single.p99Ms <= TARGETS.singleEventAppends.p99Ms,
        },
        batchedAppends: { ...batched, meetsTarget: batched.eventsPerSecond >= TARGETS.batchedAppends.eventsPerSecond },
        readWholeLog: { ...read, meetsTarget: read.eventsPerSecond >= TARGETS.readWholeLog.eventsPerSecond },
      },
    };
  } finally {
    await store.close();
    await dropSchema(schema);
  }
}

async function measureBaselines(schema: string, seconds: number): Promise<StoreRun['baselines']> {
  const client = await connect(schema);
  try {
    console.log(`baselines: ${seconds} s of one insert per transaction, then ${seconds} s of 500-row inserts`);
    const insertPerTransaction = await runInsertBaseline(client, 1, seconds);
    const multiInsert500 = await runInsertBaseline(client, 500, seconds);
    return { insertPerTransaction, multiInsert500 };
  } finally {
    await client.end();
  }
}

async function appendCase(
  store: PostgresEventStore,
  label: string,
  load: AppendLoad,
): Promise<Omit<AppendCaseResult, 'meetsTarget'>> {
  console.log(
    `${label}: ${load.appenders} appenders × ${load.eventsPerAppend} event(s) per append, ` +
      `${load.warmupSeconds} s warm-up + ${load.seconds} s`,
  );
  const before = store.groupCommitMetrics();
  const { result, nodeSeconds, postgresSeconds } = await withCpu(STORE_APPLICATION_NAME, () =>
    runAppendLoad(store, load, label),
  );
  const after = store.groupCommitMetrics();
  const batches = after.batches - before.batches;
  const written = Math.max(after.events - before.events, 1);
  return {
    ...result,
    batches,
    eventsPerBatch: round(written / Math.max(batches, 1), 1),
    nodeCpuUsPerEvent: round((nodeSeconds * 1e6) / written, 1),
    postgresCpuUsPerEvent: round((postgresSeconds * 1e6) / written, 1),
  };
}

/** Pages through the entire global log the way a rebuilding projection would. */
async function readWholeLog(store: PostgresEventStore): Promise<Omit<ReadCaseResult, 'meetsTarget'>> {
  console.log(`read: the whole log in pages of ${READ_PAGE_SIZE}`);
  const started = performance.now();
  let after = 0;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, maxCount: READ_PAGE_SIZE });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1].position;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { events, seconds: round(elapsed), eventsPerSecond: Math.round(events / elapsed), pageSize: READ_PAGE_SIZE };
}

async function writeResults(results: StoreBenchResults): Promise<void> {
  await writeBenchResults('store', results, renderStoreReport(results));
}
