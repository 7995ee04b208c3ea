import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { openPersistence, type EventStoreConfig, type Persistence } from '@redress/config';
import {
  ProjectionCatalog,
  ProjectionRebuilder,
  SHIPPED_SLA_TRACKING,
  slaTrackingProjection,
  type RebuildResult,
  type SlaAlertTimerOptions,
} from '@redress/projections';
import { LatencyRecorder, round } from './support/latency';
import { withLoadAverage, type LoadAverageSummary } from './support/load-average';
import { assertLoopback, benchSchemaName, dropSchema, POSTGRES_URL, serverFacts } from './support/local-postgres';
import { numberOption } from './support/options';
import { pidsNamed, ProcessCpuMeter } from './support/process-cpu';
import { writeBenchResults } from './support/results';
import { renderSlaReport } from './sla-report';
import { seedRunningClocks, type ExpectedAlert, type SlaSeedResult } from './sla-seed';
import type {
  AppendedAlert,
  SlaWorkerReport,
  SlaWorkerRequest,
  SlaWorkerRole,
  TimerCounts,
  UsageSample,
} from './sla-worker';

/**
 * `npm run bench -- sla [--clocks=N] [--due-rate=N] [--window-seconds=N] [--lead-seconds=N] [--grace-seconds=N]
 *   [--timer-concurrency=N]`
 *
 * The SLA timer subsystem on PostgreSQL, in a schema of its own that is
 * dropped afterwards: `--clocks` complaints (default 100,000), each with a
 * running first-response clock of the default policy, received so that one
 * alert of each clock (the 50/75/90 % warnings and the breach in turn) falls
 * due at a random instant of a window of `--window-seconds` (default 180)
 * that opens `--lead-seconds` after seeding starts. The sla-tracking
 * projection is caught up, then run in a process of its own next to the
 * SlaAlertTimer in another, as in the API; each alert is timed from its due
 * instant to the store's acknowledgement of its append. Both processes report
 * CPU and memory every second; PostgreSQL's CPU comes from /proc.
 */

export const TARGETS = { clocks: 100_000, breachDelayP99Ms: 1_000 };

const SEED = 20261205;
const POOL_SIZE = 8;
const APPENDERS = 64;
const SAMPLE_EVERY_MS = 2_000;
const DEFAULT_DUE_RATE = 50;

export interface UsageSummary {
  /** CPU time ÷ wall time: 1 is one core busy. */
  cpuCores: number;
  cpuSeconds: number;
  rssMeanMb: number;
  rssMaxMb: number;
  heapUsedMaxMb: number;
}

export interface ProcessCpu {
  cpuCores: number;
  cpuSeconds: number;
  processes: number;
}

export interface DelaySummary extends ReturnType<LatencyRecorder['summary']> {
  count: number;
}

export interface SlaBenchResults {
  benchmark: 'sla';
  at: string;
  machine: { cpus: number; cpuModel: string; node: string };
  server: Record<string, string>;
  options: {
    clocks: number;
    /** Of the clocks, those with an alert due in the window; the rest wait in the background. */
    dueClocks: number;
    /** `--due-rate`: alerts due per second of the window (0: every clock has one). */
    dueRate: number;
    windowSeconds: number;
    leadSeconds: number;
    graceSeconds: number;
    /** SlaAlertTimer's options other than the defaults the API runs it with. */
    timer: SlaAlertTimerOptions;
  };
  targets: typeof TARGETS;
  seed: Omit<SlaSeedResult, 'expected'> & { load: LoadAverageSummary };
  catchUp: RebuildResult & { timerRows: number; runningClocks: number; load: LoadAverageSummary };
  window: {
    startedAt: string;
    seconds: number;
    /** From the window's end until the last alert due in it was recorded (or the grace ran out). */
    drainSeconds: number;
    expected: { breaches: number; warnings: number };
    recorded: { breaches: number; warnings: number; escalations: number };
    missing: number;
    unexpected: number;
    /** Alerts recorded more than once in any stream of the log: must be 0. */
    duplicates: number;
    /** Due alerts still waiting in sla_alert_timers once the projection caught up after the window: must be 0. */
    timerRowsLeft: number;
    alertsPerSecond: number;
    /** Due instant → the store acknowledged the append, as the timer saw it. */
    breachDelay: DelaySummary;
    warningDelay: DelaySummary;
    /** Due instant → the event's recorded_at (when its transaction began), from the log. */
    breachDelayRecordedAt: DelaySummary;
    timer: TimerCounts;
    load: LoadAverageSummary;
    meetsTarget: boolean;
  };
  /** CPU and memory while nothing was due yet (timers waiting), and over the window and its drain. */
  usage: {
    idleSeconds: number;
    idle: { timer: UsageSummary; projection: UsageSummary };
    window: {
      timer: UsageSummary;
      projection: UsageSummary;
      /** Backends serving the timer's and the projection's connections (event store and read models each). */
      postgresBackends: { timer: ProcessCpu; projection: ProcessCpu };
      /** Every PostgreSQL process on the machine, other users' included. */
      postgresAll: ProcessCpu;
    };
  };
}

export async function runSlaBench(args: string[]): Promise<void> {
  const clocks = numberOption(args, 'clocks', TARGETS.clocks);
  const windowSeconds = numberOption(args, 'window-seconds', 180);
  // Alerts falling due per second in the window (0: one for every clock). A service desk taking a million
  // complaints a year sees well under one a second; the default is a busy day's peak many times over.
  const dueRate = numberOption(args, 'due-rate', DEFAULT_DUE_RATE);
  // Seeding and catching up take up to 1.5 ms a clock each on this machine: the window opens after both.
  const leadSeconds = numberOption(args, 'lead-seconds', Math.round(30 + clocks * 0.003));
  const graceSeconds = numberOption(args, 'grace-seconds', 30);
  const timerConcurrency = numberOption(args, 'timer-concurrency', 0);
  const timerOptions = timerConcurrency > 0 ? { concurrency: timerConcurrency } : {};
  assertLoopback(POSTGRES_URL);
  if (clocks < 1 || windowSeconds < 1) throw new Error('--clocks and --window-seconds must be at least 1');

  const schema = benchSchemaName();
  const server = await serverFacts();
  const config: EventStoreConfig = { kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: POOL_SIZE } };
  console.log(`sla bench on ${POSTGRES_URL} (PostgreSQL ${server.server_version}), schema ${schema}`);
  const persistence = await openPersistence(config, 'redress-bench-sla');
  const workers: ChildProcess[] = [];
  try {
    const windowStartMs = Date.now() + leadSeconds * 1000;
    const dueClocks = dueRate > 0 ? Math.min(clocks, Math.round(dueRate * windowSeconds)) : clocks;
    console.log(
      `seed: ${clocks} running clocks, ${dueClocks} of them with an alert due in the ${windowSeconds} s from ` +
        new Date(windowStartMs).toISOString(),
    );
    const seeded = await withLoadAverage(() =>
      seedRunningClocks(persistence.eventStore, SHIPPED_SLA_TRACKING, {
        clocks,
        windowStartMs,
        windowMs: windowSeconds * 1000,
        dueClocks,
        quietUntilMs: windowStartMs + (windowSeconds + graceSeconds + 60) * 1000,
        appenders: APPENDERS,
        seed: SEED,
      }),
    );
    const { expected, ...seedResult } = seeded.result;
    console.log(`  ${seedResult.events} events in ${seedResult.seconds} s`);
    const seedHead = await persistence.eventStore.headPosition();

    console.log('catch-up: sla-tracking rebuilt over the seeded log (untimed)');
    const caughtUp = await withLoadAverage(() =>
      new ProjectionRebuilder(
        persistence.eventStore,
        persistence.readModels,
        new ProjectionCatalog(persistence.readModels),
      ).rebuild(slaTrackingProjection),
    );
    const catchUp = { ...caughtUp.result, ...(await readModelCounts(persistence)), load: caughtUp.load };
    console.log(
      `  ${catchUp.eventsPerSecond} events/s; ${catchUp.runningClocks} running clocks, ${catchUp.timerRows} timers`,
    );

    const projection = await startWorker('projection', config, {}, workers);
    const timer = await startWorker('timer', config, timerOptions, workers);
    const timerStartedMs = Date.now();
    if (timerStartedMs > windowStartMs - 1000) {
      throw new Error(
        `preparation took until ${Math.round((timerStartedMs - windowStartMs) / 1000 + leadSeconds)} s, ` +
          `past the window's start (--lead-seconds=${leadSeconds}); run again with a longer lead`,
      );
    }
    console.log(
      `window: timer running, ${Math.round((windowStartMs - timerStartedMs) / 1000)} s until the first alert`,
    );
    await sleepUntil(windowStartMs);

    const backends = { timer: new ProcessCpuMeter(), projection: new ProcessCpuMeter() };
    const postgres = new ProcessCpuMeter();
    const sampleBackends = async (atStart = false) => {
      const pids = await benchBackendPids(persistence);
      backends.timer.sample(pids.timer, atStart);
      backends.projection.sample(pids.projection, atStart);
    };
    await sampleBackends(true);
    postgres.sample(pidsNamed('postgres'), true);
    const sampler = setInterval(() => {
      void sampleBackends().catch(() => undefined);
      postgres.sample(pidsNamed('postgres'));
    }, SAMPLE_EVERY_MS);
    const windowEndMs = windowStartMs + windowSeconds * 1000;
    const measured = await withLoadAverage(async () => {
      let reported = Date.now();
      while (Date.now() < windowEndMs + graceSeconds * 1000) {
        await sleepUntil(Math.min(Date.now() + 500, windowEndMs + graceSeconds * 1000));
        const appended = timer.progress;
        if (Date.now() - reported >= 10_000) {
          reported = Date.now();
          console.log(`  ${appended} of ${expected.length} alerts recorded`);
        }
        if (Date.now() >= windowEndMs && appended >= expected.length) break;
      }
      return Date.now();
    });
    clearInterval(sampler);
    await sampleBackends();
    postgres.sample(pidsNamed('postgres'));
    const drainedMs = measured.result;
    const { alerts, counts } = await timer.stop();
    // Every recorded alert must reach the read model, removing its timer row, before the rows are counted.
    await waitForProjection(persistence, projection);
    await projection.stop();

    const window = await verify(persistence, seedHead, expected, alerts ?? [], counts as TimerCounts, windowEndMs);
    const wallSeconds = (drainedMs - windowStartMs) / 1000;
    const results: SlaBenchResults = {
      benchmark: 'sla',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      server,
      options: { clocks, dueClocks, dueRate, windowSeconds, leadSeconds, graceSeconds, timer: timerOptions },
      targets: TARGETS,
      seed: { ...seedResult, load: seeded.load },
      catchUp,
      window: {
        startedAt: new Date(windowStartMs).toISOString(),
        seconds: windowSeconds,
        drainSeconds: round(Math.max(0, drainedMs - windowEndMs) / 1000),
        ...window,
        alertsPerSecond: round((alerts?.length ?? 0) / windowSeconds, 1),
        load: measured.load,
        meetsTarget:
          window.breachDelay.p99Ms <= TARGETS.breachDelayP99Ms &&
          window.missing === 0 &&
          window.duplicates === 0 &&
          window.unexpected === 0 &&
          clocks >= TARGETS.clocks,
      },
      usage: {
        idleSeconds: round((windowStartMs - timerStartedMs) / 1000),
        idle: {
          timer: summarize(timer.samples, timerStartedMs, windowStartMs),
          projection: summarize(projection.samples, timerStartedMs, windowStartMs),
        },
        window: {
          timer: summarize(timer.samples, windowStartMs, drainedMs),
          projection: summarize(projection.samples, windowStartMs, drainedMs),
          postgresBackends: {
            timer: cpuOf(backends.timer, wallSeconds),
            projection: cpuOf(backends.projection, wallSeconds),
          },
          postgresAll: cpuOf(postgres, wallSeconds),
        },
      },
    };
    await writeBenchResults('sla', results, renderSlaReport(results));
  } finally {
    for (const worker of workers) if (worker.exitCode === null) worker.kill();
    await persistence.close();
    await dropSchema(schema);
  }
}

interface Worker {
  samples: UsageSample[];
  /** The projection's checkpoint, or the alerts the timer appended, as last reported. */
  progress: number;
  stop(): Promise<Extract<SlaWorkerReport, { type: 'done' }>>;
}

async function startWorker(
  role: SlaWorkerRole,
  config: EventStoreConfig,
  timer: SlaAlertTimerOptions,
  workers: ChildProcess[],
): Promise<Worker> {
  const child = fork(join(__dirname, 'sla-worker.js'), [role], { execArgv: process.execArgv });
  workers.push(child);
  const worker: Worker = {
    samples: [],
    progress: 0,
    stop: () =>
      new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`the ${role} process exited (${code}) before reporting`)));
        child.on('message', (report: SlaWorkerReport) => report.type === 'done' && resolve(report));
        child.send({ type: 'stop' } satisfies SlaWorkerRequest);
      }),
  };
  child.on('message', (report: SlaWorkerReport) => {
    if (report.type !== 'usage') return;
    worker.samples.push(report.sample);
    worker.progress = report.progress;
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${role} process exited (${code}) while starting`)));
    child.on('message', (report: SlaWorkerReport) => report.type === 'ready' && resolve());
    child.send({ type: 'start', role, config, timer } satisfies SlaWorkerRequest);
  });
  return worker;
}

async function readModelCounts(persistence: Persistence): Promise<{ timerRows: number; runningClocks: number }> {
  const { rows } = await persistence.readModels.query<{ timers: string; running: string }>(
    `SELECT (SELECT count(*) FROM sla_alert_timers) AS timers,
            (SELECT count(*) FROM sla_clocks WHERE phase = 'running') AS running`,
  );
  return { timerRows: Number(rows[0].timers), runningClocks: Number(rows[0].running) };
}

/** PostgreSQL backends of the timer's and the projection's connection pools. */
async function benchBackendPids(persistence: Persistence): Promise<Record<SlaWorkerRole, number[]>> {
  const { rows } = await persistence.readModels.query<{ pid: number; role: SlaWorkerRole }>(
    `SELECT pid, substring(application_name FROM '^redress-bench-sla-(timer|projection)') AS role
     FROM pg_stat_activity WHERE application_name ~ '^redress-bench-sla-(timer|projection)'`,
  );
  const pidsOf = (role: SlaWorkerRole) => rows.filter((row) => row.role === role).map((row) => row.pid);
  return { timer: pidsOf('timer'), projection: pidsOf('projection') };
}

async function waitForProjection(persistence: Persistence, projection: Worker): Promise<void> {
  const head = await persistence.eventStore.headPosition();
  const deadline = Date.now() + 120_000;
  while (projection.progress < head) {
    if (Date.now() > deadline) throw new Error(`sla-tracking did not reach position ${head}`);
    await sleepUntil(Date.now() + 200);
  }
}

/** Checks every alert due in the window against the log and times it. */
async function verify(
  persistence: Persistence,
  seedHead: number,
  expected: readonly ExpectedAlert[],
  alerts: readonly AppendedAlert[],
  counts: TimerCounts,
  windowEndMs: number,
) {
  const { rows } = await persistence.readModels.query<{
    stream_id: string;
    event_type: string;
    key: string;
    due: string;
    recorded_ms: number;
  }>(
    `SELECT stream_id, event_type, data->>'key' AS key, coalesce(data->>'dueAt', data->>'reachedAt') AS due,
            extract(epoch FROM recorded_at) * 1000 AS recorded_ms
     FROM redress_events WHERE position > $1 AND event_type IN ('SlaBreached', 'SlaWarningReached')`,
    [seedHead],
  );
  const { rows: escalations } = await persistence.readModels.query<{ n: string }>(
    "SELECT count(*) AS n FROM redress_events WHERE position > $1 AND event_type = 'ComplaintEscalated'",
    [seedHead],
  );
  const { rows: duplicates } = await persistence.readModels.query<{ n: string }>(
    `SELECT count(*) AS n FROM (
       SELECT 1 FROM redress_events WHERE event_type IN ('SlaBreached', 'SlaWarningReached')
       GROUP BY stream_id, data->>'key' HAVING count(*) > 1) AS repeated`,
  );
  const { rows: left } = await persistence.readModels.query<{ n: string }>(
    'SELECT count(*) AS n FROM sla_alert_timers WHERE fire_at <= $1',
    [new Date(windowEndMs).toISOString()],
  );
  const wanted = new Map(expected.map((alert) => [`complaint-${alert.complaintId}/${alert.key}`, alert]));
  const breachRecorded = new LatencyRecorder();
  let unexpected = 0;
  let found = 0;
  for (const row of rows) {
    const alert = wanted.get(`${row.stream_id}/${row.key}`);
    if (!alert || Date.parse(row.due) !== alert.dueMs) {
      unexpected++;
      continue;
    }
    found++;
    if (row.event_type === 'SlaBreached') breachRecorded.record(Number(row.recorded_ms) - alert.dueMs);
  }
  const breaches = new LatencyRecorder();
  const warnings = new LatencyRecorder();
  for (const [kind, , , dueMs, ackMs] of alerts) (kind === 'BREACH' ? breaches : warnings).record(ackMs - dueMs);
  const expectedBreaches = expected.filter((alert) => alert.kind === 'BREACH').length;
  return {
    expected: { breaches: expectedBreaches, warnings: expected.length - expectedBreaches },
    recorded: {
      breaches: rows.filter((row) => row.event_type === 'SlaBreached').length,
      warnings: rows.filter((row) => row.event_type === 'SlaWarningReached').length,
      escalations: Number(escalations[0].n),
    },
    missing: expected.length - found,
    unexpected,
    duplicates: Number(duplicates[0].n),
    timerRowsLeft: Number(left[0].n),
    breachDelay: { ...breaches.summary(), count: breaches.count },
    warningDelay: { ...warnings.summary(), count: warnings.count },
    breachDelayRecordedAt: { ...breachRecorded.summary(), count: breachRecorded.count },
    timer: counts,
  };
}

/** CPU and memory of one worker between two instants, from its one-second samples. */
function summarize(samples: readonly UsageSample[], fromMs: number, toMs: number): UsageSummary {
  const within = samples.filter((sample) => sample.atMs >= fromMs - 1000 && sample.atMs <= toMs + 1000);
  if (within.length < 2) return { cpuCores: 0, cpuSeconds: 0, rssMeanMb: 0, rssMaxMb: 0, heapUsedMaxMb: 0 };
  const first = within[0];
  const last = within[within.length - 1];
  const cpuSeconds = (last.userUs + last.systemUs - first.userUs - first.systemUs) / 1e6;
  const mb = (bytes: number) => round(bytes / 1048576, 1);
  return {
    cpuCores: round(cpuSeconds / ((last.atMs - first.atMs) / 1000), 3),
    cpuSeconds: round(cpuSeconds),
    rssMeanMb: mb(within.reduce((sum, sample) => sum + sample.rssBytes, 0) / within.length),
    rssMaxMb: mb(Math.max(...within.map((sample) => sample.rssBytes))),
    heapUsedMaxMb: mb(Math.max(...within.map((sample) => sample.heapUsedBytes))),
  };
}

function cpuOf(meter: ProcessCpuMeter, wallSeconds: number): ProcessCpu {
  return {
    cpuCores: round(meter.cpuSeconds / wallSeconds, 3),
    cpuSeconds: round(meter.cpuSeconds),
    processes: meter.processes,
  };
}

function sleepUntil(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - Date.now())));
}
