import { randomUUID } from 'node:crypto';
import type { PostgresEventStore, RecordedEvent, Subscription } from '@redress/event-store';
import {
  adminQuery,
  dropSchema,
  openTestStore,
  randomSchemaName,
  testEvent,
  waitUntil,
} from './support/postgres-test-schema';

/**
 * A writer and a reader store on one schema stand for two processes: the
 * writer's in-process signal cannot reach the reader, and the reader polls
 * only once a minute, so a prompt delivery proves the LISTEN/NOTIFY path.
 */
const IDLE_POLL_MS = 60_000;
const PROMPT_MS = 500;

const schema = randomSchemaName();
const applicationName = `redress-notify-${randomUUID().slice(0, 8)}`;
let writer: PostgresEventStore;
let reader: PostgresEventStore;
let subscription: Subscription;
const received: RecordedEvent[] = [];

beforeAll(async () => {
  writer = await openTestStore(schema);
  reader = await openTestStore(schema, { idlePollMs: IDLE_POLL_MS, applicationName });
  subscription = reader.subscribeToAll({
    after: await reader.headPosition(),
    onEvents: async (events) => {
      received.push(...events);
    },
  });
});
afterAll(async () => {
  await subscription?.stop();
  await reader?.close();
  await writer?.close();
  await dropSchema(schema);
});

/** Appends through the writer once the reader's subscription has gone idle, and times the delivery. */
async function deliveryLatencyMs(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const streamId = `notify-${randomUUID()}`;
  const started = performance.now();
  await writer.append(streamId, [testEvent()], 'no_stream');
  await waitUntil(() => received.some((e) => e.streamId === streamId), IDLE_POLL_MS / 2, 'delivery to the reader');
  return performance.now() - started;
}

describe('LISTEN/NOTIFY on PostgreSQL', () => {
  it('wakes a subscriber of another store instance as soon as an append commits', async () => {
    const latencies = [];
    for (let i = 0; i < 5; i++) latencies.push(await deliveryLatencyMs());
    expect(Math.max(...latencies)).toBeLessThan(PROMPT_MS);
  });

  it('reconnects its LISTEN connection after the server terminates it, and wakes subscribers again', async () => {
    const before = reader.listenerStatus();
    expect(before).toMatchObject({ listening: true, connections: 1 });
    const [{ terminated }] = await adminQuery<{ terminated: boolean }>(
      'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE pid = $1 AND application_name = $2',
      [before.backendPid, `${applicationName}:listen`],
    );
    expect(terminated).toBe(true);

    await waitUntil(
      () => reader.listenerStatus().connections === 2 && reader.listenerStatus().listening,
      5000,
      'reconnect',
    );
    expect(reader.listenerStatus().backendPid).not.toBe(before.backendPid);
    expect(await deliveryLatencyMs()).toBeLessThan(PROMPT_MS);
  });
});
