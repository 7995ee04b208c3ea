import { cpus } from 'node:os';
import { ComplaintCommandService } from '@redress/application';
import { loadConfig, openPersistence, type EventStoreConfig, type Persistence } from '@redress/config';
import {
  complaintListProjection,
  DEFAULT_REBUILD_BATCH_SIZE,
  ProjectionCatalog,
  ProjectionRebuilder,
  ProjectionRunner,
  type RebuildResult,
} from '@redress/projections';
import { createApiApp } from '../apps/api/src/bootstrap';
import { benchCredentials } from './support/api-credentials';
import { runCommandLoad, type CommandLoad, type CommandLoadResult } from './support/command-load';
import { LatencyRecorder, round } from './support/latency';
import { withLoadAverage, type LoadAverageSummary } from './support/load-average';
import { assertLoopback, benchSchemaName, dropSchema, POSTGRES_URL, serverFacts } from './support/local-postgres';
import { flagOption, numberListOption, numberOption, stringOption } from './support/options';
import { withCpu } from './support/server-cpu';
import { renderProjectionsReport } from './support/projections-report';
import { runQueryLoad, type QueryCase, type QueryCaseResult } from './support/query-load';
import { readModelLags, type CommitMark } from './support/read-model-lag';
import { writeBenchResults } from './support/results';
import { seedComplaintLog, type SeedResult } from './support/seed-complaint-log';

/**
 * `npm run bench -- projections [--complaints=N] [--rebuild-batch=N] [--rate=N] [--lag-seconds=N] [--warmup=N]
 *   [--query-seconds=N] [--query-concurrency=N,M] [--phases=rebuild,query,lag] [--keep] [--schema=NAME]`
 *
 * The projection engine and the complaint list on PostgreSQL, in a schema of
 * its own that is dropped afterwards (unless --keep; --schema=NAME reuses a
 * kept one and skips seeding). Seeds a year of complaint events, then:
 * - rebuild: the complaint list rebuilt from the whole log (ProjectionRebuilder);
 * - query: GET /complaints through the real API over loopback HTTP, filter by filter;
 * - lag: commands at a steady rate through the command service, each timed
 *   from its acknowledgement to the commit of the read-model batch that holds it.
 * At the defaults (a million complaints) it takes about 6 to 9 minutes, most
 * of it seeding and rebuilding, depending on what else the machine runs.
 */

export const TARGETS = {
  rebuild: { eventsPerSecond: 50_000 },
  lag: { commandsPerSecond: 1_000, p99Ms: 200 },
  query: { complaints: 1_000_000, p99Ms: 50 },
};

const PHASES = ['rebuild', 'query', 'lag'] as const;
type Phase = (typeof PHASES)[number];

/** Seeds are deterministic: the same options give the same complaints (ids and instants aside). */
const SEED = 20261123;
const POOL_SIZE = 8;
/** The bench's connections' application name, with the schema's (each pool adds a suffix): its backends are found by it. */
const benchApplication = (schema: string) => `redress-bench-${schema}`;
/** How long the query phase waits for the complaint list to apply events appended after its rebuild. */
const CATCH_UP_TIMEOUT_MS = 120_000;

/** The query cases run once per level: one client alone (latency), then several at once (latency under load). */
export interface QueryLoadLevels {
  concurrencyLevels: number[];
  warmupRequests: number;
  secondsPerCase: number;
}

export interface QueryLevelResult {
  concurrency: number;
  cases: QueryCaseResult[];
  overall: ReturnType<LatencyRecorder['summary']> & { requests: number };
  load: LoadAverageSummary;
  meetsTarget: boolean;
}

export interface ProjectionsBenchResults {
  benchmark: 'projections';
  at: string;
  machine: { cpus: number; cpuModel: string; node: string };
  server: Record<string, string>;
  options: {
    complaints: number;
    rebuildBatch: number;
    commandLoad: CommandLoad;
    queryLoad: QueryLoadLevels;
    phases: Phase[];
  };
  targets: typeof TARGETS;
  /** Null when a kept schema was reused. */
  seed: (SeedResult & { load: LoadAverageSummary }) | null;
  rebuild:
    | (RebuildResult & {
        complaints: number;
        load: LoadAverageSummary;
        /** CPU per event applied, in µs: the bench process's and its PostgreSQL backends' (parallel workers included). */
        cpuMicrosPerEvent: { bench: number; server: number };
        meetsTarget: boolean;
      })
    | null;
  query: {
    complaints: number;
    /** One run of every case per level of concurrency. */
    levels: QueryLevelResult[];
    meetsTarget: boolean;
  } | null;
  lag:
    | (Omit<CommandLoadResult, 'acknowledgements'> &
        ReturnType<LatencyRecorder['summary']> & {
          measured: number;
          uncovered: number;
          batches: number;
          eventsPerBatch: number;
          load: LoadAverageSummary;
          meetsTarget: boolean;
        })
    | null;
}

export async function runProjectionsBench(args: string[]): Promise<void> {
  const complaints = numberOption(args, 'complaints', 1_000_000);
  const rebuildBatch = numberOption(args, 'rebuild-batch', DEFAULT_REBUILD_BATCH_SIZE);
  const commandLoad: CommandLoad = {
    ratePerSecond: numberOption(args, 'rate', TARGETS.lag.commandsPerSecond),
    warmupSeconds: numberOption(args, 'warmup', 3),
    seconds: numberOption(args, 'lag-seconds', 20),
    receiveShare: 0.25,
    maxInFlight: 500,
  };
  const queryLoad: QueryLoadLevels = {
    concurrencyLevels: numberListOption(args, 'query-concurrency', [1, 4]),
    warmupRequests: 5,
    secondsPerCase: numberOption(args, 'query-seconds', 5),
  };
  const phases = phasesOption(args);
  const keep = flagOption(args, 'keep');
  const reused = stringOption(args, 'schema');
  assertLoopback(POSTGRES_URL);

  const schema = reused ?? benchSchemaName();
  const server = await serverFacts();
  const config: EventStoreConfig = { kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: POOL_SIZE } };
  console.log(`projections bench on ${POSTGRES_URL} (PostgreSQL ${server.server_version}), schema ${schema}`);
  const persistence = await openPersistence(config, benchApplication(schema));
  try {
    const seed = await seedUnlessSeeded(persistence, schema, complaints);
    const rebuild = phases.includes('rebuild') ? await rebuildCase(persistence, schema, rebuildBatch) : null;
    const query = phases.includes('query') ? await queryCase(persistence, config, queryLoad) : null;
    const lag = phases.includes('lag') ? await lagCase(persistence, commandLoad) : null;
    const results: ProjectionsBenchResults = {
      benchmark: 'projections',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      server,
      options: { complaints, rebuildBatch, commandLoad, queryLoad, phases },
      targets: TARGETS,
      seed,
      rebuild,
      query,
      lag,
    };
    await writeBenchResults('projections', results, renderProjectionsReport(results));
  } finally {
    await persistence.close();
    if (keep) console.log(`kept schema ${schema}; run again on it with --schema=${schema}`);
    else await dropSchema(schema);
  }
}

async function seedUnlessSeeded(
  persistence: Persistence,
  schema: string,
  complaints: number,
): Promise<ProjectionsBenchResults['seed']> {
  if ((await persistence.eventStore.headPosition()) > 0) {
    console.log('seed: the schema has a log already; reusing it');
    return null;
  }
  console.log(`seed: a year of ${complaints} complaints`);
  const { result, load } = await withLoadAverage(() =>
    seedComplaintLog(schema, { complaints, until: Date.now(), seed: SEED, writers: 2, eventsPerInsert: 5000 }),
  );
  console.log(`  ${result.events} events in ${result.seconds} s`);
  return { ...result, load };
}

async function rebuildCase(
  persistence: Persistence,
  schema: string,
  batchSize: number,
): Promise<ProjectionsBenchResults['rebuild']> {
  console.log(`rebuild: complaint-list from the whole log, batches of ${batchSize}`);
  const catalog = new ProjectionCatalog(persistence.readModels);
  const rebuilder = new ProjectionRebuilder(persistence.eventStore, persistence.readModels, catalog, batchSize);
  let reported = 0;
  const {
    result: { result, load },
    nodeSeconds,
    postgresSeconds,
  } = await withCpu(`${benchApplication(schema)}:`, () =>
    withLoadAverage(() =>
      rebuilder.rebuild(complaintListProjection, (progress) => {
        if (Date.now() - reported < 10_000) return;
        reported = Date.now();
        console.log(`  ${progress.position} of ${progress.headPosition}, ${progress.eventsPerSecond} events/s`);
      }),
    ),
  );
  const perEvent = (seconds: number) => round((seconds * 1e6) / Math.max(1, result.eventsApplied));
  const cpuMicrosPerEvent = { bench: perEvent(nodeSeconds), server: perEvent(postgresSeconds) };
  console.log(
    `  ${result.eventsPerSecond} events/s (${round(result.seconds)} s, ${round(result.indexingSeconds)} s indexing); ` +
      `CPU per event ${cpuMicrosPerEvent.bench} µs here, ${cpuMicrosPerEvent.server} µs in PostgreSQL`,
  );
  return {
    ...result,
    complaints: await countComplaints(persistence),
    load,
    cpuMicrosPerEvent,
    meetsTarget: result.eventsPerSecond >= TARGETS.rebuild.eventsPerSecond,
  };
}

async function queryCase(
  persistence: Persistence,
  config: EventStoreConfig,
  load: QueryLoadLevels,
): Promise<ProjectionsBenchResults['query']> {
  const complaints = await countComplaints(persistence);
  console.log(`query: GET /complaints over ${complaints} complaints`);
  await catchUpComplaintList(persistence);
  const cases = await queryCases(persistence);
  // The production configuration, listening on loopback and reading the bench schema. The clients share the
  // API's event loop, so load shedding (which watches its utilisation) would count their work as the server's:
  // it sheds only on a stuck loop here, as in the end-to-end tests.
  const production = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'error',
    AUTH_FIRST_START_ADMIN_KEY: 'false',
  });
  // A query replica, as in a scale-out deployment: the projections run in a worker (PROJECTIONS_PLACEMENT=elsewhere),
  // here none, since no command arrives during the phase and the complaint list is at the head. An API that ran
  // them would first catch every other read model up with the seeded year, for tens of minutes, before it is idle.
  // Nor does it run the SLA alert timer (SLA_ALERT_TIMER=false): most seeded clocks are long overdue, and it would
  // spend the phase recording a year of warnings and breaches.
  const app = await createApiApp({
    ...production,
    eventStore: config,
    projections: { placement: 'elsewhere' },
    overload: { ...production.overload, maxEventLoopDelayMs: 5_000, maxEventLoopUtilization: 1 },
    sla: { ...production.sla, alertTimer: false },
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = await app.getUrl();
    assertLoopback(baseUrl);
    const headers = await benchCredentials(app);
    const levels: QueryLevelResult[] = [];
    for (const concurrency of load.concurrencyLevels) {
      console.log(`  ${concurrency} concurrent client(s):`);
      const { result, load: machineLoad } = await withLoadAverage(() =>
        runQueryLoad(baseUrl, cases, { ...load, concurrency }, headers),
      );
      const meetsTarget = result.cases.every((c) => c.p99Ms <= TARGETS.query.p99Ms);
      levels.push({ concurrency, ...result, load: machineLoad, meetsTarget });
    }
    return { complaints, levels, meetsTarget: levels.every((level) => level.meetsTarget) };
  } finally {
    await app.close();
  }
}

/** Filters chosen on the seeded data: each matches a realistic share of the list, none an empty one. */
async function queryCases(persistence: Persistence): Promise<QueryCase[]> {
  const { rows } = await persistence.readModels.query<{ middle: Date }>(
    'SELECT min(received_at) + (max(received_at) - min(received_at)) / 2 AS middle FROM complaint_list',
  );
  const from = new Date(rows[0].middle);
  const to = new Date(from.getTime() + 30 * 86_400_000);
  const query = (params: Record<string, string>) => new URLSearchParams(params).toString();
  return [
    { name: 'status', query: query({ status: 'TRIAGED' }) },
    { name: 'category + grade', query: query({ category: 'PRODUCT_FUNCTION', grade: 'URGENT' }) },
    { name: 'department + assignee', query: query({ department: 'billing', assignee: 'agent-107' }) },
    {
      name: 'customer tier + 30 days received',
      query: query({ customerTier: 'HIGH_VALUE', receivedFrom: from.toISOString(), receivedTo: to.toISOString() }),
    },
    { name: 'full text', query: query({ q: 'router twice' }) },
    { name: 'everything, by priority', query: query({ sort: 'priority' }) },
    { name: 'second page by cursor', query: query({ status: 'ASSIGNED', sort: '-priority' }), secondPage: true },
  ];
}

/**
 * The complaint list at the log head before anything is timed: the rebuild phase leaves it there, but a reused
 * schema (--schema) may hold events appended after it, which its runner alone then applies, untimed.
 */
async function catchUpComplaintList(persistence: Persistence): Promise<void> {
  const catalog = new ProjectionCatalog(persistence.readModels);
  await catalog.install([complaintListProjection]);
  const head = await persistence.eventStore.headPosition();
  const active = await catalog.active(complaintListProjection.name);
  if (active.position >= head && active.version === complaintListProjection.version) return;
  console.log(`  catching up ${complaintListProjection.name} from ${active.position} of ${head} (untimed)`);
  if (active.position === 0 || active.version !== complaintListProjection.version) {
    await new ProjectionRebuilder(persistence.eventStore, persistence.readModels, catalog).rebuild(
      complaintListProjection,
    );
    return;
  }
  const runner = new ProjectionRunner(
    [complaintListProjection],
    persistence.eventStore,
    persistence.readModels,
    catalog,
  );
  await runner.start();
  try {
    await runner.waitFor(head, CATCH_UP_TIMEOUT_MS);
  } finally {
    await runner.stop();
  }
}

async function lagCase(persistence: Persistence, load: CommandLoad): Promise<ProjectionsBenchResults['lag']> {
  console.log(
    `lag: ${load.ratePerSecond} commands/s for ${load.warmupSeconds} s warm-up + ${load.seconds} s, ` +
      'timed from acknowledgement to the complaint list commit',
  );
  const commits: CommitMark[] = [];
  let events = 0;
  const runner = new ProjectionRunner(
    [complaintListProjection],
    persistence.eventStore,
    persistence.readModels,
    new ProjectionCatalog(persistence.readModels),
    {
      onBatchCommitted: (commit) => {
        commits.push({ position: commit.position, at: performance.now() });
        events += commit.events;
      },
    },
  );
  await runner.start();
  try {
    const service = new ComplaintCommandService(persistence.eventStore);
    const { result, load: machineLoad } = await withLoadAverage(() => runCommandLoad(service, load));
    const { acknowledgements, ...commandResult } = result;
    const lastPosition = Math.max(0, ...acknowledgements.map((ack) => ack.position));
    await runner.waitFor(lastPosition, 60_000);
    const { lagsMs, uncovered } = readModelLags(acknowledgements, commits);
    const latencies = new LatencyRecorder();
    for (const lag of lagsMs) latencies.record(lag);
    const summary = latencies.summary();
    console.log(
      `  ${commandResult.commandsPerSecond} commands/s; lag p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms`,
    );
    return {
      ...commandResult,
      ...summary,
      measured: lagsMs.length,
      uncovered,
      batches: commits.length,
      eventsPerBatch: round(events / Math.max(commits.length, 1), 1),
      load: machineLoad,
      meetsTarget:
        summary.p99Ms <= TARGETS.lag.p99Ms &&
        commandResult.commandsPerSecond >= TARGETS.lag.commandsPerSecond * 0.95 &&
        commandResult.failures === 0,
    };
  } finally {
    await runner.stop();
  }
}

async function countComplaints(persistence: Persistence): Promise<number> {
  const { rows } = await persistence.readModels.query<{ n: string }>('SELECT count(*) AS n FROM complaint_list');
  return Number(rows[0].n);
}

function phasesOption(args: string[]): Phase[] {
  const given = stringOption(args, 'phases');
  if (given === undefined) return [...PHASES];
  const phases = given.split(',').map((phase) => phase.trim());
  const unknown = phases.filter((phase) => !PHASES.includes(phase as Phase));
  if (unknown.length) throw new Error(`--phases takes ${PHASES.join(', ')}, not ${unknown.join(', ')}`);
  return phases as Phase[];
}
