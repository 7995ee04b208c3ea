import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@redress/event-store';

/**
 * The contract every event-store adapter must honour. Each adapter's spec
 * calls this with a factory for a fresh, empty store; the suite shares one
 * store per adapter (opening PGlite takes seconds) and isolates cases by
 * unique stream ids and by positions relative to the head.
 */
export interface ContractOptions {
  /**
   * Whether the store can tell that an event id was used before in *another*
   * stream. SQL stores can (a unique index); KurrentDB keeps no cross-stream
   * index of ids, so there the command-id check of the application layer is
   * the guard.
   */
  detectsEventIdReuseAcrossStreams?: boolean;
}

export function describeEventStoreContract(
  adapter: string,
  openStore: () => Promise<EventStore>,
  options: ContractOptions = {},
): void {
  const { detectsEventIdReuseAcrossStreams = true } = options;
  describe(`event store contract: ${adapter}`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await openStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    const stream = () => `contract-${randomUUID()}`;

    describe('optimistic concurrency', () => {
      it('creates a stream only when it is expected to be absent', async () => {
        const id = stream();
        const result = await store.append(id, [event('A')], 'no_stream');
        expect(result).toMatchObject({ revision: 0, alreadyAppended: false });
        await expect(store.append(id, [event('B')], 'no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('appends at the expected revision and rejects a stale one with the actual revision', async () => {
        const id = stream();
        await store.append(id, [event('A'), event('B')], 'no_stream');
        const next = await store.append(id, [event('C')], 1);
        expect(next.revision).toBe(2);
        const stale = store.append(id, [event('D')], 1);
        await expect(stale).rejects.toMatchObject({ streamId: id, expected: 1, actual: 2 });
      });

      it('rejects a numeric expectation on a missing stream and stream_exists on a missing stream', async () => {
        await expect(store.append(stream(), [event('A')], 0)).rejects.toMatchObject({ actual: null });
        await expect(store.append(stream(), [event('A')], 'stream_exists')).rejects.toBeInstanceOf(
          WrongExpectedRevisionError,
        );
      });

      it('lets exactly one of many racing writers win a revision', async () => {
        const id = stream();
        await store.append(id, [event('A')], 'no_stream');
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(id, [event('B')], 0)));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes.filter((o) => o.status === 'rejected')) {
          expect((o as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('writes nothing from a rejected append', async () => {
        const id = stream();
        await store.append(id, [event('A')], 'no_stream');
        const head = await store.headPosition();
        await expect(store.append(id, [event('B'), event('C')], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(id)).toHaveLength(1);
        expect(await store.headPosition()).toBe(head);
      });
    });

    describe('idempotency', () => {
      it('returns the original result when the same events are appended again, and writes nothing', async () => {
        const id = stream();
        const events = [event('A'), event('B')];
        const first = await store.append(id, events, 'no_stream');
        const again = await store.append(id, events, 'no_stream');
        expect(again).toEqual({ ...first, alreadyAppended: true });
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('treats racing duplicates of one append as one append', async () => {
        const id = stream();
        const events = [event('A')];
        const results = await Promise.all(Array.from({ length: 5 }, () => store.append(id, events, 'no_stream')));
        expect(results.filter((r) => !r.alreadyAppended)).toHaveLength(1);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      if (detectsEventIdReuseAcrossStreams) {
        it('refuses an event id that was stored by a different append', async () => {
          const shared = event('A');
          await store.append(stream(), [shared], 'no_stream');
          await expect(store.append(stream(), [shared], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
        });
      }
    });

    describe('stream reads', () => {
      it('reads forward and backward from any revision, with all metadata', async () => {
        const id = stream();
        const written = [event('A'), event('B'), event('C'), event('D')];
        const before = Date.now();
        await store.append(id, written, 'no_stream');
        const after = Date.now();

        const all = await store.readStream(id);
        expect(all.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        expect(all[0]).toMatchObject({
          streamId: id,
          eventId: written[0].eventId,
          type: 'A',
          schemaVersion: 1,
          data: written[0].data,
          metadata: written[0].metadata,
        });
        // When the store recorded it, in toISOString's form (UTC, milliseconds), as the same read of the log gives it.
        expect(all[0].recordedAt).toBe(new Date(Date.parse(all[0].recordedAt)).toISOString());
        expect(Date.parse(all[0].recordedAt)).toBeGreaterThanOrEqual(before - 1_000);
        expect(Date.parse(all[0].recordedAt)).toBeLessThanOrEqual(after + 1_000);
        const logged = await store.readAll({ after: all[0].position - 1, maxCount: 1 });
        expect(logged[0].recordedAt).toBe(all[0].recordedAt);

        expect((await store.readStream(id, { fromRevision: 2 })).map((e) => e.type)).toEqual(['C', 'D']);
        expect((await store.readStream(id, { direction: 'backward' })).map((e) => e.type)).toEqual([
          'D',
          'C',
          'B',
          'A',
        ]);
        expect(
          (await store.readStream(id, { direction: 'backward', fromRevision: 1, maxCount: 1 })).map((e) => e.type),
        ).toEqual(['B']);
        expect(await store.readStream(stream())).toEqual([]);
      });

      it('gives back each payload as it was written: key order, escapes and text outside ASCII', async () => {
        const id = stream();
        const data = {
          zulu: 'last key first',
          a: { nested: ['x', 1, null, true], empty: {} },
          text: 'quotes " and \\ backslashes, a\ttab and\r\nnewlines — Beschwerde über 配送 📦',
          number: 12.5,
        };
        const written = { ...event('Payload'), data };
        const before = await store.headPosition();
        await store.append(id, [written], 'no_stream');
        const fromLog = (await store.readAll({ after: before })).filter((e) => e.eventId === written.eventId);
        for (const read of [...(await store.readStream(id)), ...fromLog]) {
          expect(JSON.stringify(read.data)).toBe(JSON.stringify(data));
          expect(JSON.stringify(read.metadata)).toBe(JSON.stringify(written.metadata));
        }
        expect(fromLog).toHaveLength(1);
      });
    });

    describe('the global log', () => {
      it('reads everything after any position, in order', async () => {
        const before = await store.headPosition();
        const a = stream();
        const b = stream();
        await store.append(a, [event('A1')], 'no_stream');
        await store.append(b, [event('B1'), event('B2')], 'no_stream');
        await store.append(a, [event('A2')], 0);

        const after = (await store.readAll({ after: before })).filter((e) => e.streamId === a || e.streamId === b);
        expect(after.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
        // Positions increase strictly; stores whose positions are log offsets (KurrentDB) need not number them 1, 2, 3.
        const positions = after.map((e) => e.position);
        expect(positions.every((p, i) => p > before && (i === 0 || p > positions[i - 1]))).toBe(true);
        expect((await store.readAll({ after: positions[1], maxCount: 1 })).map((e) => e.type)).toEqual(['B2']);
        expect(await store.headPosition()).toBe(positions[3]);
      });
    });

    describe('subscriptions', () => {
      it('catches up from a position and then follows live appends', async () => {
        const before = await store.headPosition();
        const id = stream();
        await store.append(id, [event('old-1'), event('old-2')], 'no_stream');

        const seen: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({
          after: before,
          onEvents: async (events) => {
            seen.push(...events.filter((e) => e.streamId === id));
          },
        });
        try {
          await waitFor(() => seen.length === 2);
          await store.append(id, [event('live-1')], 1);
          await store.append(id, [event('live-2')], 2);
          await waitFor(() => seen.length === 4);
          expect(seen.map((e) => e.type)).toEqual(['old-1', 'old-2', 'live-1', 'live-2']);
          expect(subscription.position).toBeGreaterThanOrEqual(seen[3].position);
        } finally {
          await subscription.stop();
        }
      });

      it('delivers every event exactly once, in stream order, while 8 writers append 10,000 events to 1,000 streams', async () => {
        const before = await store.headPosition();
        const streams = Array.from({ length: 1000 }, stream);
        const streamSet = new Set(streams);
        const revisions = new Map<string, number>();
        const total = 10_000;

        const received: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({
          after: before,
          onEvents: async (events) => {
            received.push(...events.filter((e) => streamSet.has(e.streamId)));
          },
        });

        // Each writer owns the streams with index ≡ writer (mod 8), so writers contend only on the global log.
        let remaining = total;
        const writer = async (index: number) => {
          const mine = streams.filter((_, i) => i % 8 === index);
          let turn = 0;
          while (remaining > 0) {
            const size = Math.min(remaining, 1 + ((turn * 7 + index) % 4));
            remaining -= size;
            const id = mine[turn++ % mine.length];
            const expected = revisions.has(id) ? (revisions.get(id) as number) : 'no_stream';
            const result = await store.append(
              id,
              Array.from({ length: size }, () => event('stress')),
              expected,
            );
            revisions.set(id, result.revision);
          }
        };
        try {
          await Promise.all(Array.from({ length: 8 }, (_, i) => writer(i)));
          await waitFor(() => received.length >= total, 120_000);
          expect(received).toHaveLength(total);
          expect(new Set(received.map((e) => e.eventId)).size).toBe(total);
          const positions = received.map((e) => e.position);
          expect(positions).toEqual([...positions].sort((x, y) => x - y));
          const lastRevision = new Map<string, number>();
          for (const e of received) {
            expect(e.revision).toBe((lastRevision.get(e.streamId) ?? -1) + 1);
            lastRevision.set(e.streamId, e.revision);
          }
        } finally {
          await subscription.stop();
        }
      }, 180_000);

      it('gives each of several subscribers, started at different positions, every later event once and in order while writers append', async () => {
        const before = await store.headPosition();
        const streams = Array.from({ length: 40 }, stream);
        const streamSet = new Set(streams);
        await Promise.all(streams.slice(0, 20).map((id) => store.append(id, [event('early')], 'no_stream')));
        const middle = await store.headPosition();

        const startsAndBatches = [
          { after: before, maxBatchSize: 500 },
          { after: middle, maxBatchSize: 7 },
          { after: before, maxBatchSize: 50 },
        ];
        const received = startsAndBatches.map(() => [] as RecordedEvent[]);
        const subscriptions = startsAndBatches.map((options, index) =>
          store.subscribeToAll({
            ...options,
            onEvents: async (events) => {
              received[index].push(...events.filter((e) => streamSet.has(e.streamId)));
              // Subscribers that work at different paces, as projections do.
              if (index === 2) await new Promise((resolve) => setTimeout(resolve, 5));
            },
          }),
        );
        try {
          await Promise.all(
            streams.map(async (id, index) => {
              let revision: number | 'no_stream' = index < 20 ? 0 : 'no_stream';
              for (let turn = 0; turn < 10; turn++) {
                revision = (await store.append(id, [event('late'), event('late')], revision)).revision;
              }
            }),
          );
          const log = (await store.readAll({ after: before, maxCount: 10_000 })).filter((e) =>
            streamSet.has(e.streamId),
          );
          expect(log).toHaveLength(20 + 40 * 20);
          const fromMiddle = log.filter((e) => e.position > middle);
          await waitFor(() => received[0].length >= log.length && received[1].length >= fromMiddle.length, 60_000);
          await waitFor(() => received[2].length >= log.length, 60_000);
          const ids = (events: RecordedEvent[]) => events.map((e) => e.eventId);
          expect(ids(received[0])).toEqual(ids(log));
          expect(ids(received[1])).toEqual(ids(fromMiddle));
          expect(ids(received[2])).toEqual(ids(log));
        } finally {
          await Promise.all(subscriptions.map((subscription) => subscription.stop()));
        }
      }, 120_000);
    });
  });
}

function event(type: string): NewEvent {
  const id = randomUUID();
  return {
    eventId: id,
    type,
    schemaVersion: 1,
    data: { note: `payload of ${type}`, nested: { list: [1, 2, 3] } },
    metadata: {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: id,
      actor: { id: 'contract-suite', role: 'system' },
      occurredAt: new Date().toISOString(),
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
