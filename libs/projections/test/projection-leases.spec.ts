import { randomUUID } from 'node:crypto';
import {
  openPostgresSqlClient,
  PostgresAdvisoryLeases,
  type SqlClient,
  type PostgresEventStore,
  type RecordedEvent,
} from '@redress/event-store';
import {
  adminQuery,
  dropSchema,
  openTestStore,
  POSTGRES_URL,
  randomSchemaName,
  testEvent,
  waitUntil,
} from '../../event-store/test/support/postgres-test-schema';
import { ProjectionCatalog, ProjectionRunner } from '../src';
import { countingProjection } from './counting-projection';

/**
 * Several runners on one PostgreSQL store stand for several worker processes:
 * each has its own lease session, pools and copy of the projection, so a
 * projection is active in exactly one of them, and when that one's session
 * ends (its process died) another takes over from the checkpoint.
 */
const schema = randomSchemaName();
let store: PostgresEventStore;
const clients: SqlClient[] = [];
const leaseManagers: PostgresAdvisoryLeases[] = [];
const runners: ProjectionRunner[] = [];

function worker(placement: 'leased' | 'elsewhere', applicationName = `redress-runner-${randomUUID().slice(0, 8)}`) {
  const client = openPostgresSqlClient({ connectionString: POSTGRES_URL, schema, applicationName });
  clients.push(client);
  const leases = new PostgresAdvisoryLeases({
    connectionString: POSTGRES_URL,
    namespace: schema,
    applicationName: `${applicationName}:leases`,
  });
  leaseManagers.push(leases);
  const projection = countingProjection('counted');
  const runner = new ProjectionRunner([projection], store, client, new ProjectionCatalog(client), {
    batchSize: 5,
    followIntervalMs: 50,
    placement: placement === 'leased' ? { kind: 'leased', leases, retryIntervalMs: 100 } : { kind: 'elsewhere' },
  });
  runners.push(runner);
  return { runner, projection, applicationName };
}

async function append(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await store.append(`complaint-${randomUUID()}`, [testEvent('Counted')], 'no_stream');
  }
}

async function seen(): Promise<{ total: number; distinct: number; positions: number[] }> {
  const rows = await adminQuery<{ position: string }>(`SELECT position FROM ${schema}.counted_seen ORDER BY position`);
  const positions = rows.map((r) => Number(r.position));
  return { total: positions.length, distinct: new Set(positions).size, positions };
}

beforeAll(async () => {
  store = await openTestStore(schema);
  await append(40);
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await Promise.all(leaseManagers.map((l) => l.close()));
  await Promise.all(clients.map((c) => c.close()));
  await store?.close();
  await dropSchema(schema);
});

it('runs a projection in exactly one of several workers, and moves it within seconds when that one dies, with no gap and no double application', async () => {
  const first = worker('leased', `redress-first-${randomUUID().slice(0, 8)}`);
  const second = worker('leased');
  await first.runner.start();
  await waitUntil(() => first.runner.activeHere().length === 1, 5_000, 'the first worker takes the projection');
  await second.runner.start();
  const observer = worker('elsewhere');
  await observer.runner.start();

  let head = await store.headPosition();
  await first.runner.waitFor(head);
  await observer.runner.waitFor(head); // follows the checkpoint the first worker moves
  await second.runner.waitFor(head); // the standby follows it too
  expect(second.runner.activeHere()).toEqual([]);
  expect(second.projection.attempts).toBe(0);
  expect((await second.runner.status())[0]).toMatchObject({ state: 'standby', position: head });

  // The first worker "dies" while the log keeps growing: its lease session ends, the server frees its lease.
  const writing = append(60);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const died = Date.now();
  const rows = await adminQuery<{ terminated: boolean }>(
    'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = $1',
    [`${first.applicationName}:leases`],
  );
  expect(rows.length).toBeGreaterThan(0);
  await waitUntil(() => second.runner.activeHere().length === 1, 5_000, 'the second worker takes over');
  expect(Date.now() - died).toBeLessThan(5_000);
  await writing;

  head = await store.headPosition();
  await second.runner.waitFor(head, 30_000);
  await observer.runner.waitFor(head, 30_000);
  const applied = await seen();
  expect(applied.total).toBe(head);
  expect(applied.distinct).toBe(head);
  expect(applied.positions).toEqual(Array.from({ length: head }, (_, i) => i + 1));
  expect(first.runner.activeHere()).toEqual([]);
  expect(observer.projection.attempts).toBe(0); // `elsewhere` never runs it
});

it('reads every event of the log exactly once across the takeover (the recorded events, not only their count)', async () => {
  const log: RecordedEvent[] = await store.readAll({ maxCount: 10_000 });
  const rows = await adminQuery<{ event_id: string }>(`SELECT event_id FROM ${schema}.counted_seen ORDER BY position`);
  expect(rows.map((r) => r.event_id)).toEqual(log.map((e) => e.eventId));
});
