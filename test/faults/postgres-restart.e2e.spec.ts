import { randomUUID } from 'node:crypto';
import { openPostgresEventStore, type PostgresEventStore, type RecordedEvent } from '@redress/event-store';
import { loadPublisherConfig } from '@redress/publishing';
import { expectAllPublished, expectOrderedPerComplaint } from '../kafka/publication-assertions';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';
import { readTopic } from '../support/kafka-topic-reader';
import { eventually } from '../support/eventually';
import { ensureLocalKafka } from '../support/local-kafka';
import { PrivatePostgres } from '../support/private-postgres';

/**
 * PostgreSQL crashes and comes back while clients send complaints: requests
 * during the outage are answered 503 (with Retry-After) within bounded time,
 * never 500 and never left hanging; the API recovers on its own; every
 * complaint a client was told is stored is stored exactly once (clients
 * retry with their Idempotency-Key), and the read models and Kafka converge
 * to the log.
 */
const OUTAGE_MS = 3_000;
const HUNG_AFTER_MS = 20_000;
const schema = 'redress_faults';
const topic = `t${randomUUID().slice(0, 8)}.complaints.events.v1`;

let postgres: PrivatePostgres;
let api: ApiHarness;
let brokers: string[];

beforeAll(async () => {
  brokers = await ensureLocalKafka();
  postgres = await PrivatePostgres.start();
  const publisher = loadPublisherConfig({
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_EVENTS_TOPIC: topic,
    KAFKA_CLIENT_ID: `redress-faults-${topic}`,
    PUBLISHER_MAX_RETRY_DELAY_MS: '500',
  });
  api = await ApiHarness.start(
    { kind: 'postgres', postgres: { url: postgres.url, schema, poolSize: 4 } },
    { publishing: { inProcess: true, publisher } },
  );
});

afterAll(async () => {
  await api?.dispose();
  await postgres?.remove();
});

interface Outcome {
  status: number;
  ms: number;
  retryAfter: string | null;
  id: string | null;
}

/** One client request with a deadline: a request that takes longer counts as hung. */
async function send(key: string): Promise<Outcome> {
  const started = Date.now();
  const answer = await Promise.race([
    // The same body for the same key: a retry is the same request again.
    api.post('/complaints', receiveBody({ customer: { id: `CUST-${key.slice(0, 8)}`, tier: 'ORDINARY' } }), {
      'idempotency-key': key,
    }),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`request ${key} hung for ${HUNG_AFTER_MS} ms`)), HUNG_AFTER_MS).unref(),
    ),
  ]);
  return {
    status: answer.status,
    ms: Date.now() - started,
    retryAfter: answer.headers.get('retry-after'),
    id: answer.status === 201 ? (answer.body.id as string) : null,
  };
}

it('answers 503 during a PostgreSQL crash, recovers by itself, and loses or doubles nothing', async () => {
  const outcomes: Outcome[] = [];
  const stored = new Map<string, string>(); // idempotency key → complaint id, once answered 201
  const refused = new Set<string>();
  let sending = true;

  const client = async () => {
    while (sending) {
      const key = randomUUID();
      const outcome = await send(key);
      outcomes.push(outcome);
      if (outcome.id) stored.set(key, outcome.id);
      else {
        refused.add(key);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const clients = Promise.all(Array.from({ length: 4 }, client));

  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await postgres.crash();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  await postgres.resume();
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  sending = false;
  await clients;

  const statuses = [...new Set(outcomes.map((o) => o.status))].sort();
  console.log(
    `postgres crash: ${outcomes.length} requests, statuses ${statuses.join(', ')}, ` +
      `${refused.size} refused; slowest answer ${Math.max(...outcomes.map((o) => o.ms))} ms`,
  );
  expect(statuses).toEqual([201, 503]);
  expect(outcomes.filter((o) => o.status === 503).every((o) => o.retryAfter !== null)).toBe(true);

  // The API recovered by itself: the clients retry what was refused, with the same keys, and every one is stored.
  for (const key of refused) {
    const outcome = await send(key);
    expect({ key, status: outcome.status }).toEqual({ key, status: 201 });
    stored.set(key, outcome.id as string);
  }

  // Exactly one complaint per key in the log, each received once: no refused request left a stray complaint,
  // no retry made a second one.
  const store: PostgresEventStore = await openPostgresEventStore({
    connectionString: postgres.url,
    schema,
    poolSize: 1,
  });
  let log: RecordedEvent[];
  try {
    log = await store.readAll({ maxCount: 1_000_000 });
  } finally {
    await store.close();
  }
  const received = log.filter((e) => e.type === 'ComplaintReceived').map((e) => e.streamId.replace(/^complaint-/, ''));
  expect(received.sort()).toEqual([...stored.values()].sort());
  expect(new Set(stored.values()).size).toBe(stored.size);

  // The read models and Kafka converge to the log.
  const totals = await eventually(
    async () => (await api.get('/complaints?limit=1')).body.totals?.total,
    (total) => total === stored.size,
    'the complaint list reaches every complaint',
  );
  expect(totals).toBe(stored.size);
  const records = await readTopic(
    brokers,
    topic,
    (r) => new Set(r.map((x) => x.headers.ce_id)).size >= log.length,
    60_000,
  );
  expectAllPublished(records, log);
  expectOrderedPerComplaint(records);
});
