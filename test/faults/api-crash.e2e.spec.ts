import { randomUUID } from 'node:crypto';
import { openPostgresEventStore, type PostgresEventStore, type RecordedEvent } from '@redress/event-store';
import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../libs/event-store/test/support/postgres-test-schema';
import { expectAllPublished, expectOrderedPerComplaint } from '../kafka/publication-assertions';
import { AppProcess, compileApps } from '../../bench/support/app-process';
import { receiveBody } from '../support/complaint-requests';
import { freePort } from '../../bench/support/free-port';
import { readTopic } from '../support/kafka-topic-reader';
import { eventually } from '../support/eventually';
import { ensureLocalKafka } from '../support/local-kafka';

/**
 * The API as a real process on PostgreSQL, killed with SIGKILL: under load,
 * and while an SLA deadline passes. It restarts and carries on; every
 * command a client was told succeeded is in the store exactly once (clients
 * retry what got no answer, with the same Idempotency-Key), the read models
 * and Kafka converge, and the deadline missed while it was down is recorded
 * as a breach once.
 */
const HOUR_MS = 3_600_000;
const schema = randomSchemaName();
const topic = `t${randomUUID().slice(0, 8)}.complaints.events.v1`;

let compiled: Awaited<ReturnType<typeof compileApps>>;
let api: AppProcess | undefined;
let baseUrl = '';
let adminKey = '';
let brokers: string[];
let env: Record<string, string>;

async function startApi(): Promise<void> {
  const started = await AppProcess.spawn(compiled.dir, 'api', env, /API listening on/);
  api = started.process;
  // The first start on a fresh store prints the admin key it created; later starts find keys and print none.
  if (!adminKey) adminKey = (await api.waitForOutput(/X-Api-Key: (\S+)'/, 10_000))[1];
}

async function crashApi(): Promise<void> {
  api?.kill('SIGKILL');
  await api?.exited;
  api = undefined;
}

interface Answer {
  status: number;
  body: any;
}

/** A request as a client sends it; `null` when no answer came (the connection died with the process). */
async function request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'x-api-key': adminKey, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined } satisfies Answer;
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw new Error(`${method} ${path} hung for 20 s`, { cause: error });
    return null;
  }
}

async function readLog(): Promise<RecordedEvent[]> {
  const store: PostgresEventStore = await openPostgresEventStore({
    connectionString: POSTGRES_URL,
    schema,
    poolSize: 1,
  });
  try {
    return await store.readAll({ maxCount: 1_000_000 });
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  await adminQuery('SELECT 1');
  brokers = await ensureLocalKafka();
  compiled = await compileApps();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  env = {
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'log', // the "API listening" line tells the test the API is up
    EVENT_STORE: 'postgres',
    POSTGRES_URL,
    POSTGRES_SCHEMA: schema,
    POSTGRES_POOL_SIZE: '4',
    PUBLISHER_IN_PROCESS: 'true',
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_EVENTS_TOPIC: topic,
    KAFKA_CLIENT_ID: `redress-crash-${schema}`,
    PUBLISHER_MAX_RETRY_DELAY_MS: '500',
  };
  await startApi();
});

afterAll(async () => {
  await api?.stop();
  await compiled?.remove();
  await dropSchema(schema);
});

it('restarts after a SIGKILL under load and carries on: each acknowledged command stored once, read models and Kafka converge', async () => {
  /** Per idempotency key: the complaint id once known, and whether its classification was acknowledged. */
  const complaints = new Map<string, { id: string | null; classified: boolean }>();
  let sending = true;
  let unanswered = 0;

  const client = async (index: number) => {
    while (sending) {
      const key = randomUUID();
      const body = receiveBody({ customer: { id: `CUST-${index}`, tier: 'ORDINARY' } });
      complaints.set(key, { id: null, classified: false });
      const received = await request('POST', '/complaints', body, { 'idempotency-key': key });
      if (received?.status !== 201) {
        if (!received) unanswered++;
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      const complaint = { id: received.body.id as string, classified: false };
      complaints.set(key, complaint);
      const classified = await request(
        'POST',
        `/complaints/${complaint.id}/classify`,
        { category: 'PRODUCT_FUNCTION' },
        { 'idempotency-key': `${key}-classify` },
      );
      complaint.classified = classified?.status === 200;
      if (!classified) unanswered++;
    }
  };
  const clients = Promise.all(Array.from({ length: 4 }, (_, i) => client(i)));
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await crashApi();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await startApi();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  sending = false;
  await clients;
  console.log(`API crash: ${complaints.size} complaints attempted, ${unanswered} requests unanswered by the crash`);
  expect(unanswered).toBeGreaterThan(0); // the kill did land in the middle of the load

  // Clients retry every command that got no acknowledgement, with its key: each is then acknowledged.
  for (const [key, complaint] of complaints) {
    if (!complaint.id) {
      const body = receiveBody({ customer: { id: 'retry', tier: 'ORDINARY' } });
      const again = await request('POST', '/complaints', body, { 'idempotency-key': key });
      expect({ key, status: again?.status }).toEqual({ key, status: 201 });
      complaint.id = again?.body.id as string;
    }
    if (!complaint.classified) {
      const again = await request(
        'POST',
        `/complaints/${complaint.id}/classify`,
        { category: 'PRODUCT_FUNCTION' },
        { 'idempotency-key': `${key}-classify` },
      );
      expect({ key, status: again?.status }).toEqual({ key, status: 200 });
      complaint.classified = true;
    }
  }

  const log = await readLog();
  const countsOf = (type: string) => {
    const counts = new Map<string, number>();
    for (const event of log.filter((e) => e.type === type)) {
      const id = event.streamId.replace(/^complaint-/, '');
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };
  const ids = [...complaints.values()].map((c) => c.id as string).sort();
  const received = countsOf('ComplaintReceived');
  const classified = countsOf('ComplaintClassified');
  expect([...received.keys()].sort()).toEqual(ids);
  expect([...received.values()].every((n) => n === 1)).toBe(true);
  expect([...classified.keys()].sort()).toEqual(ids);
  expect([...classified.values()].every((n) => n === 1)).toBe(true);

  await eventually(
    async () => (await request('GET', '/complaints?limit=1'))?.body?.totals?.byStatus?.CLASSIFIED,
    (total) => total === ids.length,
    'the complaint list shows every complaint classified',
  );
  const records = await readTopic(
    brokers,
    topic,
    (r) => new Set(r.map((x) => x.headers.ce_id)).size >= log.length,
    60_000,
  );
  expectAllPublished(records, log);
  expectOrderedPerComplaint(records);
});

it('records a breach whose deadline passed while the API was down, once, after the restart', async () => {
  const dueInMs = 8_000;
  const receivedAt = new Date(Math.floor((Date.now() - 24 * HOUR_MS + dueInMs) / 1000) * 1000).toISOString();
  const id = (
    await request('POST', '/complaints', receiveBody({ receivedAt, occurredAt: receivedAt }), {
      'idempotency-key': randomUUID(),
    })
  )?.body.id as string;
  const alertsOf = async () =>
    ((await request('GET', `/complaints/${id}/history`))?.body?.events ?? [])
      .filter((e: { type: string }) => e.type === 'SlaWarningReached' || e.type === 'SlaBreached')
      .map((e: { data: { key: string } }) => e.data.key);
  // The warnings at 50, 75 and 90% of the 24 h are overdue at once; the breach is not due yet.
  await eventually(alertsOf, (keys) => keys.length === 3, 'the overdue warnings');

  await crashApi();
  await new Promise((resolve) => setTimeout(resolve, dueInMs + 2_000)); // the deadline passes while it is down
  await startApi();

  const alerts = await eventually(alertsOf, (keys) => keys.length >= 4, 'the breach after the restart');
  await new Promise((resolve) => setTimeout(resolve, 2_000)); // give a repeat the time to show, if there were one
  expect(await alertsOf()).toEqual(alerts);
  expect(alerts).toEqual([
    'firstResponse#1/warning:50%',
    'firstResponse#1/warning:75%',
    'firstResponse#1/warning:90%',
    'firstResponse#1/breach',
  ]);
});
