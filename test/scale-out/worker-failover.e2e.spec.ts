import { randomUUID } from 'node:crypto';
import { openPostgresEventStore, type PostgresEventStore, type RecordedEvent } from '@redress/event-store';
import { SHIPPED_POLICY_SELECTION_FILE } from '@redress/sla';
import { dropSchema, POSTGRES_URL, randomSchemaName } from '../../libs/event-store/test/support/postgres-test-schema';
import { expectAllPublished, expectIdenticalCopies, expectOrderedPerComplaint } from '../kafka/publication-assertions';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';
import { readTopic } from '../support/kafka-topic-reader';
import { ensureLocalKafka } from '../support/local-kafka';
import { compileApps, WorkerProcess } from '../../bench/support/app-process';

/**
 * The scaled-out deployment on one machine: three API instances and two
 * background workers on one PostgreSQL schema and one Kafka topic. The APIs
 * run no projections (PROJECTIONS_PLACEMENT=elsewhere) and no SLA timer; each
 * projection, the publisher and the timer are active in exactly one worker.
 * The active worker is killed with SIGKILL under load: the other takes
 * everything over within 5 s, and the read models and Kafka end up with
 * every accepted command, none applied twice and none missing.
 */
const schema = randomSchemaName();
const topic = `t${randomUUID().slice(0, 8)}.complaints.events.v1`;
const LEASE_RETRY_INTERVAL_MS = 500;
const TAKEOVER_LIMIT_MS = 5_000;

let compiled: Awaited<ReturnType<typeof compileApps>>;
const apis: ApiHarness[] = [];
let workers: WorkerProcess[] = [];
let store: PostgresEventStore;
let brokers: string[];

beforeAll(async () => {
  brokers = await ensureLocalKafka();
  compiled = await compileApps();
  const postgres = { url: POSTGRES_URL, schema, poolSize: 4 };
  // The first API creates the schema and the catalog; the others and the workers find them.
  for (let i = 0; i < 3; i++) {
    apis.push(
      await ApiHarness.start(
        { kind: 'postgres', postgres },
        {
          projections: { placement: 'elsewhere' },
          sla: { policySelectionFile: SHIPPED_POLICY_SELECTION_FILE, alertTimer: false },
        },
      ),
    );
  }
  const env = {
    EVENT_STORE: 'postgres',
    POSTGRES_URL,
    POSTGRES_SCHEMA: schema,
    POSTGRES_POOL_SIZE: '4',
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_EVENTS_TOPIC: topic,
    KAFKA_CLIENT_ID: `redress-failover-${schema}`,
    PUBLISHER_BATCH_SIZE: '50',
    PUBLISHER_MAX_RETRY_DELAY_MS: '1000',
    LEASE_RETRY_INTERVAL_MS: String(LEASE_RETRY_INTERVAL_MS),
  };
  workers = [await WorkerProcess.start(compiled.dir, env)];
  await waitUntilActive(workers[0], 30_000);
  workers.push(await WorkerProcess.start(compiled.dir, env));
  store = await openPostgresEventStore({ connectionString: POSTGRES_URL, schema, poolSize: 2 });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await Promise.all(apis.map((api) => api.dispose()));
  await store?.close();
  await compiled?.remove();
  await dropSchema(schema);
});

const EVERYTHING = ['kafka-publisher', 'sla-alert-timer'];

async function waitUntilActive(worker: WorkerProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await worker.health().catch(() => null);
    if (
      health &&
      health.projections.every((p) => p.state !== 'standby') &&
      EVERYTHING.every((w) => (w === 'kafka-publisher' ? health.publisher.active : health.slaAlertTimer.active))
    )
      return;
    if (Date.now() > deadline)
      throw new Error(
        `worker ${worker.pid} did not take everything over: ${JSON.stringify(health)}\n${worker.output.join('\n')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Clients spread over the three APIs, each receiving complaints and classifying them; every 2xx is remembered. */
function load(durationMs: number) {
  const accepted = new Map<string, number>(); // complaint id → commands answered 2xx
  const failures: string[] = [];
  const stopAt = Date.now() + durationMs;
  const client = async (index: number) => {
    for (let n = 0; Date.now() < stopAt; n++) {
      const api = apis[(index + n) % apis.length];
      const key = randomUUID();
      const received = await api.post(
        '/complaints',
        receiveBody({ customer: { id: `CUST-${index}`, tier: 'ORDINARY' } }),
        {
          'idempotency-key': key,
        },
      );
      if (received.status !== 201) {
        failures.push(`receive ${received.status}`);
        continue;
      }
      const id = received.body.id as string;
      accepted.set(id, 1);
      const classified = await apis[(index + n + 1) % apis.length].post(`/complaints/${id}/classify`, {
        category: 'PRODUCT_FUNCTION',
      });
      if (classified.status === 200) accepted.set(id, 2);
      else failures.push(`classify ${classified.status}`);
    }
  };
  return { accepted, failures, done: Promise.all(Array.from({ length: 6 }, (_, i) => client(i))) };
}

it('moves every projection, the publisher and the SLA timer to the surviving worker within 5 s of a SIGKILL, losing nothing and applying nothing twice', async () => {
  const [first, second] = workers;
  expect((await first.activeWork()).sort()).toEqual(
    [...(await first.health()).projections.map((p) => p.name), ...EVERYTHING].sort(),
  );
  expect(await second.activeWork()).toEqual([]); // stands by, healthy
  expect((await second.health()).healthy).toBe(true);

  const traffic = load(8_000);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const killedAt = Date.now();
  first.kill('SIGKILL');
  await first.exited;
  await waitUntilActive(second, TAKEOVER_LIMIT_MS);
  const takeoverMs = Date.now() - killedAt;
  console.log(`failover: the standby worker took everything over ${takeoverMs} ms after the SIGKILL`);
  expect(takeoverMs).toBeLessThan(TAKEOVER_LIMIT_MS);
  await traffic.done;
  // The APIs never depended on the workers to accept commands.
  expect(traffic.failures).toEqual([]);
  expect(traffic.accepted.size).toBeGreaterThan(20);

  // Every accepted command is in the store exactly once.
  for (const [id, commands] of traffic.accepted) {
    const types = (await store.readStream(`complaint-${id}`)).map((e) => e.type);
    const count = (type: string) => types.filter((t) => t === type).length;
    expect({ id, received: count('ComplaintReceived'), classified: count('ComplaintClassified') }).toEqual({
      id,
      received: 1,
      classified: commands - 1,
    });
  }
  const log: RecordedEvent[] = await store.readAll({ maxCount: 1_000_000 });
  const head = log[log.length - 1].position;

  // The survivor's projections and publisher reach the head of the log.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const health = await second.health();
    if (health.projections.every((p) => p.position === head) && health.publisher.position === head) break;
    if (Date.now() > deadline) throw new Error(`the survivor did not catch up to ${head}: ${JSON.stringify(health)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  // The complaint list has each complaint once, at its stream's revision, and its counters add up.
  const list = await apis[0].get(`/complaints?limit=200`);
  expect(list.status).toBe(200);
  expect(list.body.totals.total).toBe(traffic.accepted.size);
  expect(Object.values(list.body.totals.byStatus as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
    traffic.accepted.size,
  );
  const revisions = new Map<string, number>();
  for (const event of log) revisions.set(event.streamId, event.revision);
  let cursor: string | null = null;
  const listed: string[] = [];
  do {
    const page: { body: { items: { id: string; revision: number }[]; nextCursor: string | null } } = await apis[1].get(
      `/complaints?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const item of page.body.items) {
      listed.push(item.id);
      expect({ id: item.id, revision: item.revision }).toEqual({
        id: item.id,
        revision: revisions.get(`complaint-${item.id}`),
      });
    }
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(listed.sort()).toEqual([...traffic.accepted.keys()].sort());

  // Kafka has every event of the log; a copy sent twice across the failover is identical and recognisable.
  const records = await readTopic(
    brokers,
    topic,
    (r) => new Set(r.map((x) => x.headers.ce_id)).size >= log.length,
    60_000,
  );
  const duplicated = expectAllPublished(records, log);
  expectIdenticalCopies(records, duplicated);
  expectOrderedPerComplaint(records);
  console.log(
    `failover: ${traffic.accepted.size} complaints, ${log.length} events; ${duplicated.length} published twice across the failover`,
  );
});
