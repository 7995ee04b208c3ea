import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { ComplaintCommandService, verifyAllChains, type LogVerification } from '@redress/application';
import { loadConfig, openPersistence, type EventStoreConfig, type Persistence } from '@redress/config';
import { createApiApp } from '../apps/api/src/bootstrap';
import { benchCredentials } from './support/api-credentials';
import { LatencyRecorder, round } from './support/latency';
import { withLoadAverage, type LoadAverageSummary } from './support/load-average';
import { assertLoopback, benchSchemaName, dropSchema, POSTGRES_URL, serverFacts } from './support/local-postgres';
import { numberOption } from './support/options';
import { writeBenchResults } from './support/results';
import { seedComplaintLog, type SeedResult } from './support/seed-complaint-log';

/**
 * `npm run bench -- audit [--history=N] [--asof-seconds=N] [--complaints=N]`
 *
 * Issue 8's benchmark on PostgreSQL, in a schema of its own that is dropped
 * afterwards:
 * - `asOf`: one complaint with a 200-event history, built through the command
 *   service (so hash-chained like any other), read at random past instants
 *   through the real API over loopback HTTP, one client in a closed loop;
 * - verification: a year of complaints (hash-chained), then every chain of
 *   the log recomputed in one pass, as `npm run audit -- verify --all` does.
 * - erasure: customers with complaints holding sealed personal data, each
 *   erased over HTTP (POST /customers/:id/erase); timed from the request
 *   until every one of the customer's complaints reads as erased.
 */

export const TARGETS = {
  asOf: { events: 200, p99Ms: 20 },
  verification: { eventsPerSecond: 50_000 },
  erasure: { seconds: 1 },
};

const SEED = 20261123;
const ACTOR = { id: 'bench-agent', role: 'agent' };

export interface AuditBenchResults {
  benchmark: 'audit';
  at: string;
  machine: { cpus: number; cpuModel: string; node: string };
  server: Record<string, string>;
  targets: typeof TARGETS;
  asOf: {
    events: number;
    requests: number;
    seconds: number;
    p50Ms: number;
    p95Ms: number;
    p99Ms: number;
    maxMs: number;
    load: LoadAverageSummary;
    meetsTarget: boolean;
  };
  verification: {
    seed: SeedResult;
    result: Omit<LogVerification, 'breaks'> & { breaks: number };
    eventsPerSecond: number;
    load: LoadAverageSummary;
    meetsTarget: boolean;
  };
  erasure: {
    customers: number;
    complaintsPerCustomer: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    load: LoadAverageSummary;
    meetsTarget: boolean;
  };
}

export async function runAuditBench(args: string[]): Promise<void> {
  const historyLength = numberOption(args, 'history', TARGETS.asOf.events);
  const asOfSeconds = numberOption(args, 'asof-seconds', 10);
  const complaints = numberOption(args, 'complaints', 100_000);
  assertLoopback(POSTGRES_URL);
  const server = await serverFacts();
  console.log(`audit bench on ${POSTGRES_URL} (PostgreSQL ${server.server_version})`);
  // A schema per case: the API of the asOf case would otherwise spend its start catching up on the seeded year.
  const asOf = await inBenchSchema((persistence, config) => asOfCase(persistence, config, historyLength, asOfSeconds));
  const verification = await inBenchSchema((persistence, _config, schema) =>
    verificationCase(persistence, schema, complaints),
  );
  const erasure = await inBenchSchema((_persistence, config) => erasureCase(config, 50, 10));
  const results: AuditBenchResults = {
    benchmark: 'audit',
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
    server,
    targets: TARGETS,
    asOf,
    verification,
    erasure,
  };
  await writeBenchResults('audit', results, renderAuditReport(results));
}

async function inBenchSchema<T>(
  work: (persistence: Persistence, config: EventStoreConfig, schema: string) => Promise<T>,
): Promise<T> {
  const schema = benchSchemaName();
  const config: EventStoreConfig = { kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 4 } };
  const persistence = await openPersistence(config, 'redress-bench');
  try {
    return await work(persistence, config, schema);
  } finally {
    await persistence.close();
    await dropSchema(schema);
  }
}

/** A complaint received, taken through triage and assignment, then updated until its history has `length` events. */
async function complaintWithHistory(persistence: Persistence, length: number): Promise<string> {
  const service = new ComplaintCommandService(persistence.eventStore);
  const complaintId = randomUUID();
  const run = (command: Record<string, unknown>) =>
    service.execute({
      complaintId,
      command: command as never,
      commandId: randomUUID(),
      correlationId: randomUUID(),
      actor: ACTOR,
    });
  await run({
    type: 'ReceiveComplaint',
    complaintId,
    channel: 'EMAIL',
    customer: { id: 'CUST-BENCH', tier: 'HIGH_VALUE' },
    content: 'The router drops the connection every hour.',
    reason: 'Product does not work as advertised',
    object: { kind: 'PRODUCT', reference: 'ROUTER-X200' },
    remedySought: 'Replace the router',
    occurredAt: new Date().toISOString(),
  });
  await run({ type: 'ClassifyComplaint', category: 'PRODUCT_FUNCTION' });
  await run({ type: 'TriageComplaint', grade: 'SERIOUS', priority: 'P2', isComplex: false });
  await run({ type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-7' });
  for (let revision = 4; revision < length; revision++) {
    await run({
      type: 'SendProgressUpdate',
      progress: `Step ${revision} of the investigation`,
      cause: 'Firmware watchdog resets the modem',
      measures: 'Lab reproduction and a replacement unit',
      stage: 'analysis',
      responsiblePerson: 'agent-7',
      expectedCompletionAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
  }
  return complaintId;
}

async function asOfCase(
  persistence: Persistence,
  config: EventStoreConfig,
  length: number,
  seconds: number,
): Promise<AuditBenchResults['asOf']> {
  console.log(`asOf: a complaint with ${length} events, read at random past instants for ${seconds} s`);
  const complaintId = await complaintWithHistory(persistence, length);
  const history = await persistence.eventStore.readStream(`complaint-${complaintId}`);
  if (history.length !== length) throw new Error(`built ${history.length} events, not ${length}`);
  const instants = history.map((event) => event.recordedAt);
  return withApi(config, async (baseUrl, headers) => {
    const latencies = new LatencyRecorder();
    const get = async () => {
      const asOf = instants[Math.floor(Math.random() * instants.length)];
      const started = performance.now();
      const response = await fetch(`${baseUrl}/complaints/${complaintId}?asOf=${encodeURIComponent(asOf)}`, {
        headers,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`asOf answered ${response.status}`);
      return performance.now() - started;
    };
    for (let i = 0; i < 20; i++) await get(); // warm-up, untimed
    const { load } = await withLoadAverage(async () => {
      const until = performance.now() + seconds * 1000;
      while (performance.now() < until) latencies.record(await get());
    });
    const summary = latencies.summary();
    return {
      events: length,
      requests: latencies.count,
      seconds,
      ...summary,
      load,
      meetsTarget: summary.p99Ms <= TARGETS.asOf.p99Ms,
    };
  });
}

/** The production API on loopback over `config`, with an admin key of the benchmark's. */
async function withApi<T>(
  config: EventStoreConfig,
  work: (baseUrl: string, headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const production = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'error',
    AUTH_FIRST_START_ADMIN_KEY: 'false',
  });
  const app = await createApiApp({ ...production, eventStore: config });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = await app.getUrl();
    assertLoopback(baseUrl);
    return await work(baseUrl, await benchCredentials(app));
  } finally {
    await app.close();
  }
}

/**
 * `customers` customers with `complaints` complaints each, their personal data
 * sealed at intake; each customer erased in turn, timed from the erase request
 * until every one of their complaints reads as erased through the API.
 */
async function erasureCase(
  config: EventStoreConfig,
  customers: number,
  complaints: number,
): Promise<AuditBenchResults['erasure']> {
  console.log(`erasure: ${customers} customers with ${complaints} complaints each`);
  return withApi(config, async (baseUrl, headers) => {
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
      return JSON.parse(text) as { id?: string; complaint?: { customer: { personal?: { erased: boolean } } } };
    };
    const byCustomer = new Map<string, string[]>();
    for (let c = 0; c < customers; c++) {
      const customer = `CUST-ERASE-${c}`;
      const ids: string[] = [];
      for (let n = 0; n < complaints; n++) {
        const personal = { name: `Customer ${c}`, phone: `+86 138 0000 ${String(c).padStart(4, '0')}` };
        const received = await call('POST', '/complaints', {
          channel: 'EMAIL',
          customer: { id: customer, tier: 'ORDINARY', personal },
          content: 'The router drops the connection every hour.',
          reason: 'Product does not work as advertised',
          object: { kind: 'PRODUCT', reference: 'ROUTER-X200' },
          remedySought: 'Replace the router',
          occurredAt: new Date().toISOString(),
        });
        ids.push(received.id as string);
      }
      byCustomer.set(customer, ids);
    }
    const latencies = new LatencyRecorder();
    const { load } = await withLoadAverage(async () => {
      for (const [customer, ids] of byCustomer) {
        const started = performance.now();
        await call('POST', `/customers/${customer}/erase`);
        const views = await Promise.all(ids.map((id) => call('GET', `/complaints/${id}`)));
        if (!views.every((view) => view.complaint?.customer.personal?.erased === true)) {
          throw new Error(`customer ${customer} still reads as not erased`);
        }
        latencies.record(performance.now() - started);
      }
    });
    const summary = latencies.summary();
    return {
      customers,
      complaintsPerCustomer: complaints,
      p50Ms: summary.p50Ms,
      p99Ms: summary.p99Ms,
      maxMs: summary.maxMs,
      load,
      meetsTarget: summary.maxMs <= TARGETS.erasure.seconds * 1000,
    };
  });
}

async function verificationCase(
  persistence: Persistence,
  schema: string,
  complaints: number,
): Promise<AuditBenchResults['verification']> {
  console.log(`verification: seeding a year of ${complaints} hash-chained complaints`);
  const seed = await seedComplaintLog(schema, {
    complaints,
    until: Date.now(),
    seed: SEED,
    writers: 2,
    eventsPerInsert: 5000,
    hashChain: true,
  });
  console.log(`  ${seed.events} events in ${seed.seconds} s; verifying every chain`);
  const { result, load } = await withLoadAverage(() => verifyAllChains(persistence.eventStore));
  if (!result.valid) throw new Error(`the seeded log does not verify: ${JSON.stringify(result.breaks.slice(0, 3))}`);
  const eventsPerSecond = Math.round(result.events / result.seconds);
  return {
    seed,
    result: { ...result, breaks: result.breaks.length },
    eventsPerSecond,
    load,
    meetsTarget: eventsPerSecond >= TARGETS.verification.eventsPerSecond,
  };
}

function renderAuditReport(results: AuditBenchResults): string {
  const { asOf, verification: v } = results;
  const mark = (met: boolean) => (met ? '✅' : '❌');
  const loadText = (load: LoadAverageSummary) => `${load.mean} (${load.min}–${load.max})`;
  return [
    `# Audit benchmark (PostgreSQL ${results.server.server_version}), ${results.at}`,
    '',
    `${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${results.machine.node}. The load average (1 minute; mean, min–max) shows how much of the machine other jobs took.`,
    '',
    '| target | measured | measured ÷ target | met | load average |',
    '| --- | ---: | ---: | --- | --- |',
    `| \`asOf\` state of a complaint with ${asOf.events} events, p99 ≤ ${TARGETS.asOf.p99Ms} ms | p99 ${asOf.p99Ms} ms (p50 ${asOf.p50Ms}, max ${asOf.maxMs}; ${asOf.requests} requests) | ${round(asOf.p99Ms / TARGETS.asOf.p99Ms)}× | ${mark(asOf.meetsTarget)} | ${loadText(asOf.load)} |`,
    `| full hash-chain verification ≥ ${TARGETS.verification.eventsPerSecond} events/s | ${v.eventsPerSecond} events/s (${v.result.events} events, ${v.result.streams} streams, ${v.result.seconds} s) | ${round(v.eventsPerSecond / TARGETS.verification.eventsPerSecond)}× | ${mark(v.meetsTarget)} | ${loadText(v.load)} |`,
    `| erasure ≤ ${TARGETS.erasure.seconds} s, request to every complaint reading erased | max ${results.erasure.maxMs} ms (p50 ${results.erasure.p50Ms}, p99 ${results.erasure.p99Ms}; ${results.erasure.customers} customers × ${results.erasure.complaintsPerCustomer} complaints) | ${round(results.erasure.maxMs / (TARGETS.erasure.seconds * 1000))}× | ${mark(results.erasure.meetsTarget)} | ${loadText(results.erasure.load)} |`,
    '',
    '## asOf',
    '',
    `GET /complaints/:id?asOf=<instant> through the real API (createApiApp, PostgreSQL store) over loopback HTTP, one client in a closed loop for ${asOf.seconds} s after 20 untimed requests; each request asks for a random instant of the complaint's own history, so the fold covers 1 to ${asOf.events} events (the whole stream is read each time).`,
    '',
    '## Verification',
    '',
    `${v.seed.events} events of ${v.seed.complaints} complaints over a year, each event linked into its stream's SHA-256 chain (canonical JSON of the event and its predecessor's hash), bulk-loaded in ${v.seed.seconds} s; then verifyAllChains (what \`npm run audit -- verify --all\` runs) read the whole log in pages of 5,000 and recomputed every link: ${v.result.events} events of ${v.result.streams} streams in ${v.result.seconds} s, ${v.result.breaks} breaks.`,
    '',
  ].join('\n');
}
