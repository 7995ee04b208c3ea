import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { AppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { runInsertBaseline } from './support/baselines';
import { round } from './support/latency';
import { withLoadAverage, type LoadAverageSummary } from './support/load-average';
import { assertLoopback, benchSchemaName, connect, dropSchema, POSTGRES_URL } from './support/local-postgres';
import { CEILING_REQUESTS, MIXED_REQUESTS, runHttpLoad, type HttpLoadResult } from './support/mixed-http-load';
import { numberOption } from './support/options';
import { runPacedHttpLoad } from './support/paced-http-load';
import { pidsNamed, ProcessCpuMeter } from './support/process-cpu';
import { writeBenchResults } from './support/results';
import { seededRandom } from './support/seeded-random';

/** Issue 9's targets for the whole system on this machine. */
export const SYSTEM_TARGETS = {
  sustainedCommandsPerSecond: 3_000,
  latencyRate: 1_500,
  latencyP99Ms: 25,
  shareOfFrameworkCeiling: 0.3,
  rssBandPercent: 10,
};

/** Seeds the lag samples' intervals, so every run samples at the same offsets. */
const LAG_SAMPLING_SEED = 9;

interface Lags {
  projectionEventsMax: number;
  projectionMsMax: number;
  publisherEventsMax: number;
}

/** The processes whose CPU a loaded phase is split between; each's milliseconds of CPU per 2xx answer. */
const CPU_PARTS = ['api', 'worker', 'postgres', 'kafka', 'loadGenerator'] as const;
type CpuPart = (typeof CPU_PARTS)[number];
type CpuPerRequest = Record<CpuPart | 'total', number>;

/**
 * The whole system under HTTP load (`npm run bench -- system`): the API and
 * a background worker (projections, Kafka publisher, SLA timer) as their own
 * processes on PostgreSQL and the local Kafka, driven by autocannon over
 * loopback with the realistic mix (40% receipts, 50% lifecycle commands, 10%
 * queries). In the same run: a bare Fastify server with the same requests
 * (the framework ceiling) and raw multi-row inserts (the append ceiling).
 * Then the latency at a fixed rate, and the API's RSS over a long run at
 * that rate. Lags of the projections and the publisher are sampled from the
 * worker's health while the load runs.
 */
export async function runSystemBench(args: string[]): Promise<void> {
  const options = {
    seconds: numberOption(args, 'seconds', 30),
    connections: numberOption(args, 'connections', 64),
    latencyRate: numberOption(args, 'rate', SYSTEM_TARGETS.latencyRate),
    rssMinutes: numberOption(args, 'rss-minutes', 10),
  };
  assertLoopback(POSTGRES_URL);
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  const schema = benchSchemaName();
  // The compiled tree this benchmark runs from (npm run bench compiles apps, libs and bench together).
  const dist = join(__dirname, '..');
  const processes: AppProcess[] = [];
  try {
    const port = await freePort();
    const shared = {
      EVENT_STORE: 'postgres',
      POSTGRES_URL,
      POSTGRES_SCHEMA: schema,
      KAFKA_BROKERS: brokers,
      KAFKA_EVENTS_TOPIC: `bench.${schema}.complaints.events.v1`,
      LOG_LEVEL: 'log',
    };
    const api = await AppProcess.spawn(
      dist,
      'api',
      {
        ...shared,
        HOST: '127.0.0.1',
        PORT: String(port),
        PROJECTIONS_PLACEMENT: 'elsewhere',
        SLA_ALERT_TIMER: 'false',
      },
      /API listening on/,
    );
    processes.push(api.process);
    const key = (await api.process.waitForOutput(/X-Api-Key: (\S+)'/, 10_000))[1];
    const healthPort = await freePort();
    const worker = await AppProcess.spawn(
      dist,
      'worker',
      { ...shared, WORKER_HEALTH_PORT: String(healthPort), WORKER_HEALTH_HOST: '127.0.0.1' },
      /GET \/health on port/,
    );
    processes.push(worker.process);
    const target = { url: `http://127.0.0.1:${port}`, headers: { 'x-api-key': key } };
    // The ceilings while the API and the worker sit idle, so every phase shares the machine alike.
    const appendCeiling = await measureAppendCeiling(schema);
    console.log('raw inserts', appendCeiling);
    const ceiling = await measureFrameworkCeiling(dist, options);
    console.log('bare Fastify', ceiling.result);
    const workerHealth = `http://127.0.0.1:${healthPort}/health`;
    const system = { workerHealth, apiPid: api.process.pid, workerPid: worker.process.pid };

    // A short warm-up, so the first measured second is not the JIT's.
    await runHttpLoad({ ...target, connections: 8, seconds: 5 }, MIXED_REQUESTS);
    const sustained = await whileLoaded(system, () =>
      runHttpLoad({ ...target, connections: options.connections, seconds: options.seconds }, MIXED_REQUESTS),
    );
    console.log('sustained', sustained.result, sustained.lags);
    const atRate = await whileLoaded(system, () =>
      runPacedHttpLoad(
        { ...target, connections: options.connections, seconds: options.seconds, rate: options.latencyRate },
        MIXED_REQUESTS,
      ),
    );
    console.log(`at ${options.latencyRate}/s, evenly paced`, atRate.result, atRate.lags);
    // The same rate as autocannon makes it (each second's requests at once), as this benchmark measured it before.
    const atRateInBursts = await whileLoaded(system, () =>
      runHttpLoad(
        { ...target, connections: options.connections, seconds: options.seconds, overallRate: options.latencyRate },
        MIXED_REQUESTS,
      ),
    );
    console.log(`at ${options.latencyRate}/s in per-second bursts`, atRateInBursts.result);
    const memory = await measureRss(api.process.pid, options.rssMinutes, () =>
      runHttpLoad(
        {
          ...target,
          connections: options.connections,
          seconds: options.rssMinutes * 60,
          overallRate: options.latencyRate,
        },
        MIXED_REQUESTS,
      ),
    );
    console.log('memory', memory);

    const results = {
      benchmark: 'system',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
      options,
      targets: SYSTEM_TARGETS,
      frameworkCeiling: ceiling,
      appendCeiling,
      sustained,
      atRate,
      atRateInBursts,
      memory,
      shareOfFrameworkCeiling: round(sustained.result.okPerSecond / ceiling.result.okPerSecond, 3),
    };
    await writeBenchResults('system', results, report(results));
  } finally {
    for (const started of processes.reverse()) await started.stop().catch(() => started.kill('SIGKILL'));
    await dropSchema(schema);
  }
}

async function measureFrameworkCeiling(dist: string, options: { seconds: number; connections: number }) {
  const port = await freePort();
  const { process: bare } = await AppProcess.spawnScript(
    join(dist, 'bench/support/bare-fastify.js'),
    { PORT: String(port) },
    /listening/,
  );
  try {
    return await withLoadAverage(() =>
      runHttpLoad(
        { url: `http://127.0.0.1:${port}`, headers: {}, connections: options.connections, seconds: options.seconds },
        CEILING_REQUESTS,
      ),
    );
  } finally {
    await bare.stop();
  }
}

/** Raw 500-row multi-inserts into a copy of the API's events table, from one connection, for 10 s. */
async function measureAppendCeiling(schema: string) {
  const client = await connect(schema);
  try {
    const measured = await withLoadAverage(() => runInsertBaseline(client, 500, 10));
    await client.query('DROP TABLE bench_baseline_events');
    return measured;
  } finally {
    await client.end();
  }
}

interface WorkerLags {
  projections: { lagEvents: number; lagMs: number }[];
  publisher: { lagEvents?: number };
}

/**
 * Runs `work` while sampling the worker's projection and publisher lags about
 * once a second, and the CPU each part of the system used meanwhile: where
 * the machine's two cores went, per answered request. The samples come at
 * random intervals of 0.5-1.5 s: at a steady one-second beat they met the
 * per-second bursts of autocannon's fixed rate at the same point of each
 * second, always after the worker had caught up, and read every lag as 0.
 */
async function whileLoaded(
  system: { workerHealth: string; apiPid: number; workerPid: number },
  work: () => Promise<HttpLoadResult>,
): Promise<{ result: HttpLoadResult; lags: Lags; cpuMsPerRequest: CpuPerRequest; load: LoadAverageSummary }> {
  const lags: Lags = { projectionEventsMax: 0, projectionMsMax: 0, publisherEventsMax: 0 };
  const meters = Object.fromEntries(CPU_PARTS.map((part) => [part, new ProcessCpuMeter()])) as Record<
    CpuPart,
    ProcessCpuMeter
  >;
  const sampleCpu = (atStart = false) => {
    meters.api.sample([system.apiPid], atStart);
    meters.worker.sample([system.workerPid], atStart);
    meters.postgres.sample(pidsNamed('postgres'), atStart);
    meters.kafka.sample(pidsNamed('java'), atStart);
    // autocannon runs inside this process.
    meters.loadGenerator.sample([process.pid], atStart);
  };
  sampleCpu(true);
  const interval = seededRandom(LAG_SAMPLING_SEED);
  let timer: NodeJS.Timeout | undefined;
  const sampleLater = () => {
    timer = setTimeout(sampleLags, 500 + interval() * 1_000);
  };
  const sampleLags = () => {
    sampleLater();
    sampleCpu();
    fetch(system.workerHealth)
      .then((response) => response.json() as Promise<WorkerLags>)
      .then((health) => {
        for (const projection of health.projections) {
          lags.projectionEventsMax = Math.max(lags.projectionEventsMax, projection.lagEvents);
          lags.projectionMsMax = Math.max(lags.projectionMsMax, projection.lagMs);
        }
        lags.publisherEventsMax = Math.max(lags.publisherEventsMax, health.publisher.lagEvents ?? 0);
      })
      .catch(() => undefined);
  };
  sampleLater();
  try {
    const { result, load } = await withLoadAverage(work);
    sampleCpu();
    const answered = Math.max(
      1,
      Object.entries(result.statusCodes).reduce((sum, [code, count]) => (code.startsWith('2') ? sum + count : sum), 0),
    );
    const perRequest = (seconds: number) => round((seconds * 1000) / answered, 3);
    const cpuMsPerRequest = Object.fromEntries(
      CPU_PARTS.map((part) => [part, perRequest(meters[part].cpuSeconds)]),
    ) as CpuPerRequest;
    cpuMsPerRequest.total = perRequest(CPU_PARTS.reduce((sum, part) => sum + meters[part].cpuSeconds, 0));
    return { result, lags, cpuMsPerRequest, load };
  } finally {
    clearTimeout(timer);
  }
}

/** The API's resident set every 10 s while `work` runs; the band is judged after the first fifth (warm-up). */
async function measureRss(pid: number, minutes: number, work: () => Promise<HttpLoadResult>) {
  const samples: { atSeconds: number; rssMb: number }[] = [];
  const started = Date.now();
  const sample = () => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    samples.push({ atSeconds: Math.round((Date.now() - started) / 1000), rssMb: round(kb / 1024, 1) });
  };
  sample();
  const timer = setInterval(sample, 10_000);
  try {
    const { result, load } = await withLoadAverage(work);
    sample();
    const steady = samples.filter((s) => s.atSeconds >= (minutes * 60) / 5).map((s) => s.rssMb);
    const mean = steady.reduce((sum, value) => sum + value, 0) / Math.max(1, steady.length);
    const bandPercent = round((Math.max(...steady.map((value) => Math.abs(value - mean))) / mean) * 100, 1);
    return { minutes, load, traffic: result, samples, steadyMeanMb: round(mean, 1), bandPercent };
  } finally {
    clearInterval(timer);
  }
}

type SystemResults = {
  at: string;
  machine: { cpus: number; cpuModel: string; node: string };
  options: { connections: number; latencyRate: number };
  frameworkCeiling: { result: HttpLoadResult; load: LoadAverageSummary };
  appendCeiling: { result: { eventsPerSecond: number } };
  sustained: { result: HttpLoadResult; lags: Lags; cpuMsPerRequest: CpuPerRequest; load: LoadAverageSummary };
  atRate: { result: HttpLoadResult; lags: Lags; cpuMsPerRequest: CpuPerRequest; load: LoadAverageSummary };
  atRateInBursts: { result: HttpLoadResult; lags: Lags; cpuMsPerRequest: CpuPerRequest; load: LoadAverageSummary };
  memory: { minutes: number; steadyMeanMb: number; bandPercent: number; load: LoadAverageSummary };
  shareOfFrameworkCeiling: number;
};

function report(results: SystemResults): string {
  const t = SYSTEM_TARGETS;
  const mark = (ok: boolean) => (ok ? '✅' : '❌');
  const s = results.sustained;
  const r = results.atRate;
  const b = results.atRateInBursts;
  const m = results.memory;
  return [
    `# Whole system (\`npm run bench -- system\`), ${results.at}`,
    '',
    `${results.machine.cpus} × ${results.machine.cpuModel}, Node ${results.machine.node}. API and worker are separate processes on PostgreSQL and the local Kafka; ${results.options.connections} keep-alive connections on loopback; the mix: 40% receipts, 50% lifecycle commands, 10% queries.`,
    '',
    '| Case | Measured | Target | |',
    '|---|---|---|---|',
    `| Sustained mix, 2xx/s | ${s.result.okPerSecond} (p50 ${s.result.latency.p50Ms} ms, p99 ${s.result.latency.p99Ms} ms; non-2xx ${s.result.non2xx}) | ≥ ${t.sustainedCommandsPerSecond} | ${mark(s.result.okPerSecond >= t.sustainedCommandsPerSecond)} |`,
    `| Latency at ${results.options.latencyRate}/s (evenly paced), p99 | ${r.result.latency.p99Ms} ms (p50 ${r.result.latency.p50Ms}; ${r.result.okPerSecond} 2xx/s; non-2xx ${r.result.non2xx}; errors ${r.result.errors}) | ≤ ${t.latencyP99Ms} ms | ${mark(r.result.latency.p99Ms <= t.latencyP99Ms && r.result.okPerSecond >= results.options.latencyRate * 0.95)} |`,
    `| Share of the bare-Fastify ceiling (${results.frameworkCeiling.result.okPerSecond}/s) | ${round(results.shareOfFrameworkCeiling * 100, 1)}% | ≥ ${t.shareOfFrameworkCeiling * 100}% | ${mark(results.shareOfFrameworkCeiling >= t.shareOfFrameworkCeiling)} |`,
    `| API RSS over ${m.minutes} min at ${results.options.latencyRate}/s, after warm-up | mean ${m.steadyMeanMb} MB, within ±${m.bandPercent}% | ±${t.rssBandPercent}% | ${mark(m.bandPercent <= t.rssBandPercent)} |`,
    '',
    `Append ceiling (raw 500-row inserts, one connection): ${results.appendCeiling.result.eventsPerSecond} rows/s.`,
    '',
    `The latency at ${results.options.latencyRate}/s starts every request at its own instant, evenly spread, and counts from that instant (bench/support/paced-http-load.ts). ` +
      `The same rate from autocannon's overallRate, as measured before, sends each second's requests at once: p99 ${b.result.latency.p99Ms} ms, p50 ${b.result.latency.p50Ms} ms, ${b.result.okPerSecond} 2xx/s.`,
    '',
    'Lags sampled from the worker about once a second, at random offsets (max):',
    '',
    '| Phase | Projections (events) | Projections (ms) | Publisher (events) | Load avg (mean/max) |',
    '|---|---|---|---|---|',
    `| Sustained | ${s.lags.projectionEventsMax} | ${s.lags.projectionMsMax} | ${s.lags.publisherEventsMax} | ${s.load.mean} / ${s.load.max} |`,
    `| At ${results.options.latencyRate}/s | ${r.lags.projectionEventsMax} | ${r.lags.projectionMsMax} | ${r.lags.publisherEventsMax} | ${r.load.mean} / ${r.load.max} |`,
    `| At ${results.options.latencyRate}/s in bursts | ${b.lags.projectionEventsMax} | ${b.lags.projectionMsMax} | ${b.lags.publisherEventsMax} | ${b.load.mean} / ${b.load.max} |`,
    '',
    `Load average during the ceiling: ${results.frameworkCeiling.load.mean}; during the memory run: ${m.load.mean}.`,
    '',
    'CPU per answered request (ms; user + system, from /proc), where the 2 cores went:',
    '',
    `| Phase | ${CPU_PARTS.join(' | ')} | total |`,
    `|---|${CPU_PARTS.map(() => '---').join('|')}|---|`,
    ...[
      ['Sustained', s],
      [`At ${results.options.latencyRate}/s`, r],
      [`At ${results.options.latencyRate}/s in bursts`, b],
    ].map(
      ([name, phase]) =>
        `| ${name as string} | ${[...CPU_PARTS, 'total' as const].map((part) => (phase as typeof s).cpuMsPerRequest[part]).join(' | ')} |`,
    ),
    '',
  ].join('\n');
}
