import { randomUUID } from 'node:crypto';
import {
  EventStoreUnavailableError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
} from '@redress/event-store';
import {
  commandMessage,
  openCommandTopicFixture,
  type CommandTopicFixture,
} from '../../apps/command-worker/test/command-topic-fixture';
import { receiveBody } from '../support/complaint-requests';

/**
 * The event store behind the worker, failing as an unreachable PostgreSQL
 * does (EventStoreUnavailableError) while `down` says so. The event store is
 * a port; everything else here is real.
 */
function storeThatCanGoDown(store: EventStore) {
  const outage = { down: true, failedCalls: 0 };
  const unavailable = () => {
    outage.failedCalls++;
    return new EventStoreUnavailableError('PostgreSQL unavailable: connection refused');
  };
  const flaky: EventStore = Object.assign(Object.create(store) as EventStore, {
    readStream: (...args: Parameters<EventStore['readStream']>) =>
      outage.down ? Promise.reject(unavailable()) : store.readStream(...args),
    append: (streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> =>
      outage.down ? Promise.reject(unavailable()) : store.append(streamId, events, expected),
  });
  return { store: flaky, outage };
}

describe('the Kafka command topic through failures and restarts', () => {
  let k: CommandTopicFixture;

  beforeAll(async () => {
    k = await openCommandTopicFixture();
  });
  afterAll(async () => {
    await k?.close();
  });

  const stream = (complaintId: string) => k.store.readStream(`complaint-${complaintId}`);

  it('retries while the event store is down, commits nothing meanwhile, and applies the command once it is back', async () => {
    const { store, outage } = storeThatCanGoDown(k.store);
    const worker = await k.worker(store);
    const complaintId = randomUUID();
    const receive = commandMessage(complaintId, 'receive', receiveBody());
    await k.send(complaintId, receive);

    await k.waitUntil(() => outage.failedCalls >= 3, 30_000, 'the worker retried the unavailable store');
    expect(worker.health()).toMatchObject({
      healthy: false,
      state: 'retrying',
      lastError: 'PostgreSQL unavailable: connection refused',
    });
    const admin = k.kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: k.groupId, topics: [k.topics.commands] });
      // Nothing committed on any partition: a restart now would get the command again.
      expect(committed.partitions.every((partition) => partition.offset === '-1')).toBe(true);
    } finally {
      await admin.disconnect();
    }

    outage.down = false;
    expect(await k.result(receive.commandId)).toMatchObject({ outcome: 'accepted', revision: 0, replayed: false });
    expect(await stream(complaintId)).toHaveLength(1);
    expect(worker.health()).toMatchObject({ healthy: true, state: 'running' });
    expect(k.logs.some((line) => line.includes('retrying (offset not committed)'))).toBe(true);
    await worker.stop();
  });

  it('stops during a retry without losing the command: the next worker applies it', async () => {
    const { store, outage } = storeThatCanGoDown(k.store);
    const stopped = await k.worker(store);
    const complaintId = randomUUID();
    const receive = commandMessage(complaintId, 'receive', receiveBody());
    await k.send(complaintId, receive);
    const before = outage.failedCalls;
    await k.waitUntil(() => outage.failedCalls > before, 30_000, 'the worker retried the unavailable store');
    const stopping = Date.now();
    await stopped.stop();
    expect(Date.now() - stopping).toBeLessThan(10_000); // a stop does not wait out the outage

    const next = await k.worker();
    expect(await k.results(receive.commandId)).toEqual([
      expect.objectContaining({ outcome: 'accepted', revision: 0, replayed: false }),
    ]);
    expect(await stream(complaintId)).toHaveLength(1);
    await next.stop();
  });

  it('answers a redelivery after a restart from the store: every command replayed, nothing appended', async () => {
    let worker = await k.worker();
    const complaintId = randomUUID();
    const receive = commandMessage(complaintId, 'receive', receiveBody());
    const classify = commandMessage(complaintId, 'classify', { category: 'OTHER' });
    await k.send(complaintId, receive);
    await k.send(complaintId, classify);
    const [classified] = await k.results(classify.commandId);
    await worker.stop();
    const length = (await stream(complaintId)).length;

    // Kafka delivers again what the group had committed, as after a crash before the commit.
    const admin = k.kafka.admin();
    await admin.connect();
    try {
      await admin.resetOffsets({ groupId: k.groupId, topic: k.topics.commands, earliest: true });
    } finally {
      await admin.disconnect();
    }
    worker = await k.worker();
    const [, replayed] = await k.results(classify.commandId, 2);
    expect(replayed).toEqual({ ...classified, processedAt: expect.any(String), replayed: true });
    expect((await k.results(receive.commandId, 2))[1]).toMatchObject({
      outcome: 'accepted',
      revision: 0,
      replayed: true,
    });
    expect(await stream(complaintId)).toHaveLength(length);
    expect(worker.health().handled.accepted).toBe(0);
    await worker.stop();
  });
});
