import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult as ClientAppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type ReadAllOptions as ClientReadAllOptions,
  type ReadPosition,
  type ReadStreamOptions as ClientReadStreamOptions,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type NewEvent,
  type RecordedEvent,
} from '@redress/event-store';
import { KurrentDbEventStore, type KurrentDbClient } from '../src/kurrentdb/kurrentdb-event-store';
import {
  APPEND_ID_KEY,
  SCHEMA_VERSION_KEY,
  toActualRevision,
  toReadPosition,
  toSafeNumber,
  toStreamState,
} from '../src/kurrentdb/kurrentdb-mapping';

/**
 * Unit tests of the KurrentDB adapter against a fake of the client. The fake
 * models the server behaviour the adapter relies on (documented in
 * kurrentdb-mapping.ts and the KurrentDB source): optimistic concurrency with
 * id-based idempotency, $all positions with gaps where commit = prepare,
 * inclusive forward and exclusive backward reads of $all, prefix filters, and
 * catch-up subscriptions as object-mode Readables.
 */

interface StoredRecord {
  streamId: string;
  id: string;
  type: string;
  json: string;
  metadata: Record<string, unknown>;
  revision: bigint;
  position: bigint;
  created: Date;
}

type FakeSubscription = AllStreamSubscription & { unsubscribe: jest.Mock; fromPosition: ReadPosition };

const POSITION_GAP = 137n;

class FakeKurrentDb {
  readonly log: StoredRecord[] = [];
  readonly subscriptions: FakeSubscription[] = [];
  /** When false, stream reads carry the position only as the resolved event's commitPosition. */
  streamReadsCarryEventPosition = true;
  private nextPosition = 1_000n;

  readonly appendToStream = jest.fn(
    async (streamId: string, events: EventData | EventData[], options?: { streamState?: AppendStreamState }) =>
      this.append(streamId, Array.isArray(events) ? events : [events], options?.streamState),
  );
  readonly readStream = jest.fn((streamId: string, options: ClientReadStreamOptions = {}) =>
    this.readStreamEvents(streamId, options),
  );
  readonly readAll = jest.fn((options: ClientReadAllOptions = {}) => this.readAllEvents(options));
  readonly subscribeToAll = jest.fn((options: SubscribeToAllOptions = {}) => this.subscribe(options));
  readonly dispose = jest.fn(async () => undefined);

  asClient(): KurrentDbClient {
    return this as unknown as KurrentDbClient;
  }

  /** Writes events the adapter never writes itself: other apps' streams, system streams and events. */
  writeForeign(streamId: string, type: string): void {
    this.store(streamId, [
      { id: randomUUID(), type, data: {}, metadata: {}, contentType: 'application/json' } as EventData,
    ]);
  }

  private async append(
    streamId: string,
    events: EventData[],
    state: AppendStreamState | undefined,
  ): Promise<ClientAppendResult> {
    await Promise.resolve(); // the server answers asynchronously, so racing appends interleave
    if (state === undefined || state === ANY) throw new Error('the adapter must never append with ANY');
    const stream = this.stream(streamId);
    const current = stream.length === 0 ? NO_STREAM : stream[stream.length - 1].revision;
    const conflict = () => new WrongExpectedVersionError(undefined, { streamName: streamId, expected: state, current });
    const sameIdsFrom = (start: number) =>
      events.every((event, index) => stream[start + index]?.id === event.id)
        ? stream[start + events.length - 1]
        : undefined;
    const success = (last: StoredRecord): ClientAppendResult => ({
      success: true,
      nextExpectedRevision: last.revision,
      position: { commit: last.position, prepare: last.position },
    });

    if (state === STREAM_EXISTS) {
      if (stream.length === 0) throw conflict();
      const ids = new Set(stream.map((record) => record.id));
      if (events.every((event) => ids.has(event.id)))
        return success(stream.find((r) => r.id === events[events.length - 1].id)!);
      return success(this.store(streamId, events));
    }
    const expected = state === NO_STREAM ? -1 : Number(state);
    const actual = stream.length - 1;
    if (expected === actual) return success(this.store(streamId, events));
    if (expected < actual) {
      const duplicate = sameIdsFrom(expected + 1);
      if (duplicate) return success(duplicate); // idempotent: the original result, nothing written
    }
    throw conflict();
  }

  private store(streamId: string, events: EventData[]): StoredRecord {
    const stream = this.stream(streamId);
    let last!: StoredRecord;
    for (const event of events) {
      this.nextPosition += POSITION_GAP;
      last = {
        streamId,
        id: event.id,
        type: event.type,
        json: JSON.stringify(event.data),
        metadata: event.metadata as Record<string, unknown>,
        revision: BigInt(stream.length),
        position: this.nextPosition,
        created: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, this.log.length)),
      };
      stream.push(last);
      this.log.push(last);
      for (const subscription of this.subscriptions) {
        if (!subscription.destroyed && matches(last, subscriptionFilter(subscription)))
          subscription.push(this.resolved(last, true));
      }
    }
    return last;
  }

  private stream(streamId: string): StoredRecord[] {
    return this.log.filter((record) => record.streamId === streamId);
  }

  private resolved(record: StoredRecord, withEventPosition: boolean): AllStreamResolvedEvent {
    const position = { commit: record.position, prepare: record.position };
    return {
      event: {
        streamId: record.streamId,
        id: record.id,
        isJson: true,
        revision: record.revision,
        type: record.type,
        created: record.created,
        data: JSON.parse(record.json),
        metadata: structuredClone(record.metadata),
        position: withEventPosition ? position : (undefined as never),
      },
      commitPosition: record.position,
    };
  }

  private async *readStreamEvents(streamId: string, options: ClientReadStreamOptions) {
    await Promise.resolve();
    const stream = this.stream(streamId);
    if (stream.length === 0) throw new StreamNotFoundError(undefined, streamId);
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? (backwards ? END : START);
    const start = from === START ? 0 : from === END ? stream.length - 1 : Number(from);
    const selected = backwards ? stream.slice(0, start + 1).reverse() : stream.slice(start);
    for (const record of selected.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER))) {
      yield this.resolved(record, this.streamReadsCarryEventPosition);
    }
  }

  private async *readAllEvents(options: ClientReadAllOptions) {
    await Promise.resolve();
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? (backwards ? END : START);
    const inRange = (record: StoredRecord) => {
      if (from === START || from === END) return true;
      // Forward reads include the start position, backward reads exclude it (KurrentDB AllReader).
      return backwards ? record.position < from.prepare : record.position >= from.prepare;
    };
    const selected = this.log.filter((record) => inRange(record) && matches(record, options.filter));
    const ordered = backwards ? selected.reverse() : selected;
    for (const record of ordered.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)))
      yield this.resolved(record, true);
  }

  private subscribe(options: SubscribeToAllOptions): FakeSubscription {
    const subscription = Object.assign(new Readable({ objectMode: true, read() {} }), {
      unsubscribe: jest.fn(async () => undefined),
      fromPosition: options.fromPosition ?? START,
      filter: options.filter,
    }) as unknown as FakeSubscription;
    // Catch-up: history first. Like a forward read, it includes the start position itself.
    const from = subscription.fromPosition;
    for (const record of this.log) {
      const after = from === START || (from !== END && record.position >= from.prepare);
      if (after && matches(record, options.filter)) subscription.push(this.resolved(record, true));
    }
    this.subscriptions.push(subscription);
    return subscription;
  }
}

function subscriptionFilter(subscription: FakeSubscription): Filter | undefined {
  return (subscription as unknown as { filter?: Filter }).filter;
}

function matches(record: StoredRecord, filter: Filter | undefined): boolean {
  if (!filter) return true;
  if (!('prefixes' in filter)) throw new Error('the fake supports prefix filters only');
  return filter.prefixes.some((prefix) => record.streamId.startsWith(prefix));
}

function event(type: string, overrides: Partial<NewEvent> = {}): NewEvent {
  const eventId = randomUUID();
  return {
    eventId,
    type,
    schemaVersion: 2,
    data: { note: `payload of ${type}`, nested: { list: [1, 2, 3] } },
    metadata: {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: eventId,
      actor: { id: 'officer-7', role: 'case-officer' },
      occurredAt: '2026-01-01T09:00:00.000Z',
      commandType: 'ReceiveComplaint',
    },
    ...overrides,
  };
}

const complaint = () => `complaint-${randomUUID()}`;

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

let server: FakeKurrentDb;
let store: KurrentDbEventStore;

beforeEach(() => {
  server = new FakeKurrentDb();
  store = new KurrentDbEventStore(server.asClient(), { resubscribeBackoff: { initialDelayMs: 1, maxDelayMs: 4 } });
});

afterEach(() => {
  // Every append, whatever the test, states an explicit expectation: never ANY, never the client's default.
  for (const [, , options] of server.appendToStream.mock.calls) {
    expect(options?.streamState).toBeDefined();
    expect(options?.streamState).not.toBe(ANY);
  }
});

describe('expected revision', () => {
  it('maps each expectation to an explicit stream state and rejects invalid revisions', () => {
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState('stream_exists')).toBe(STREAM_EXISTS);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
    for (const invalid of [-1, 1.5, Number.NaN, 'any' as never])
      expect(() => toStreamState(invalid)).toThrow(TypeError);
  });

  it('passes the mapped state to every append', async () => {
    const id = complaint();
    await store.append(id, [event('A')], 'no_stream');
    await store.append(id, [event('B')], 0);
    await store.append(id, [event('C')], 'stream_exists');
    expect(server.appendToStream.mock.calls.map(([, , options]) => options?.streamState)).toEqual([
      NO_STREAM,
      0n,
      STREAM_EXISTS,
    ]);
  });

  it('maps the actual stream state of a conflict, null when the stream does not exist', () => {
    expect(toActualRevision(NO_STREAM)).toBeNull();
    expect(toActualRevision(-1n)).toBeNull();
    expect(toActualRevision(7n)).toBe(7);
  });
});

describe('wrong expected version', () => {
  it('becomes WrongExpectedRevisionError with the actual revision', async () => {
    const id = complaint();
    await store.append(id, [event('A'), event('B'), event('C')], 'no_stream');
    await expect(store.append(id, [event('D')], 1)).rejects.toEqual(new WrongExpectedRevisionError(id, 1, 2));
    await expect(store.append(id, [event('D')], 'no_stream')).rejects.toMatchObject({
      expected: 'no_stream',
      actual: 2,
    });
  });

  it('reports a missing stream as actual null', async () => {
    await expect(store.append(complaint(), [event('A')], 0)).rejects.toMatchObject({ actual: null });
    await expect(store.append(complaint(), [event('A')], 'stream_exists')).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
  });

  it('also handles a client that reports conflicts as results instead of throwing', async () => {
    const id = complaint();
    server.appendToStream.mockResolvedValueOnce({ success: false, nextExpectedRevision: -1n, position: undefined });
    await expect(store.append(id, [event('A')], 0)).rejects.toEqual(new WrongExpectedRevisionError(id, 0, null));
  });

  it('turns connection failures into EventStoreUnavailableError and passes other errors on', async () => {
    server.appendToStream.mockRejectedValueOnce(new UnavailableError());
    await expect(store.append(complaint(), [event('A')], 'no_stream')).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    const rawGrpcError = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 });
    server.appendToStream.mockRejectedValueOnce(rawGrpcError);
    await expect(store.append(complaint(), [event('A')], 'no_stream')).rejects.toMatchObject({ cause: rawGrpcError });
    server.readAll.mockImplementationOnce(() => {
      throw new UnavailableError();
    });
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    const unexpected = new Error('boom');
    server.appendToStream.mockRejectedValueOnce(unexpected);
    await expect(store.append(complaint(), [event('A')], 'no_stream')).rejects.toBe(unexpected);
  });
});

describe('idempotent appends', () => {
  it('returns the original result when the server deduplicates a retry with the same expectation', async () => {
    const id = complaint();
    const events = [event('A'), event('B')];
    const first = await store.append(id, events, 'no_stream');
    expect(first).toEqual({ revision: 1, position: Number(server.log[1].position), alreadyAppended: false });
    const again = await store.append(id, events, 'no_stream');
    expect(again).toEqual({ ...first, alreadyAppended: true });
    expect(server.log).toHaveLength(2);
  });

  it('counts exactly one of many racing duplicates as the write', async () => {
    const id = complaint();
    const events = [event('A')];
    const results = await Promise.all(Array.from({ length: 5 }, () => store.append(id, events, 'no_stream')));
    expect(results.filter((result) => !result.alreadyAppended)).toHaveLength(1);
    expect(new Set(results.map((result) => result.position)).size).toBe(1);
    expect(server.log).toHaveLength(1);
  });

  it('recognises a retry with a different expectation from the stream tail', async () => {
    const id = complaint();
    const events = [event('A'), event('B')];
    const first = await store.append(id, events, 'no_stream');
    await expect(store.append(id, events, 5)).resolves.toEqual({ ...first, alreadyAppended: true });
    expect(server.log).toHaveLength(2);
  });

  it('refuses event ids that the stream holds from a different append', async () => {
    const id = complaint();
    const shared = event('A');
    await store.append(id, [shared], 'no_stream');
    await expect(store.append(id, [event('X'), shared], 5)).rejects.toEqual(
      new DuplicateEventIdError(id, [shared.eventId]),
    );
  });

  it('writes a fresh nonce per append and reads back on the leader to tell its own write from a duplicate', async () => {
    const id = complaint();
    await store.append(id, [event('A')], 'no_stream');
    await store.append(id, [event('B')], 0);
    const [firstNonce, secondNonce] = server.log.map((record) => record.metadata[APPEND_ID_KEY]);
    expect(firstNonce).toEqual(expect.any(String));
    expect(secondNonce).not.toBe(firstNonce);
    expect(server.readStream).toHaveBeenLastCalledWith(id, {
      fromRevision: 1n,
      direction: BACKWARDS,
      maxCount: 1,
      requiresLeader: true,
    });
  });

  it('refuses an empty append and an empty stream id before calling the server', async () => {
    await expect(store.append(complaint(), [], 'no_stream')).rejects.toThrow(TypeError);
    await expect(store.append('', [event('A')], 'no_stream')).rejects.toThrow(TypeError);
    expect(server.appendToStream).not.toHaveBeenCalled();
  });
});

describe('serialisation', () => {
  it('stores data as JSON and schemaVersion beside the metadata, and reads every field back', async () => {
    const id = complaint();
    const written = event('ComplaintReceived');
    const appended = await store.append(id, [written], 'no_stream');

    const [[, [sent]]] = server.appendToStream.mock.calls as unknown as [[string, EventData[]]];
    expect(sent).toMatchObject({
      id: written.eventId,
      type: 'ComplaintReceived',
      contentType: 'application/json',
      data: written.data,
    });
    expect(sent.metadata).toEqual({
      ...written.metadata,
      [SCHEMA_VERSION_KEY]: 2,
      [APPEND_ID_KEY]: expect.any(String),
    });

    const [read] = await store.readStream(id);
    expect(read).toEqual<RecordedEvent>({
      ...written,
      streamId: id,
      revision: 0,
      position: appended.position,
      recordedAt: server.log[0].created.toISOString(),
    });
  });

  it('takes the position from the resolved event when a stream read carries none on the record', async () => {
    const id = complaint();
    const appended = await store.append(id, [event('A')], 'no_stream');
    server.streamReadsCarryEventPosition = false;
    expect((await store.readStream(id))[0].position).toBe(appended.position);
  });

  it('refuses positions beyond the safe integer range rather than rounding them', () => {
    expect(toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER), 'position')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 'position')).toThrow(RangeError);
  });
});

describe('stream reads', () => {
  it('reads forward and backward with the client arguments each direction needs', async () => {
    const id = complaint();
    await store.append(id, [event('A'), event('B'), event('C'), event('D')], 'no_stream');
    server.readStream.mockClear();

    expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
    expect((await store.readStream(id, { fromRevision: 2 })).map((e) => e.type)).toEqual(['C', 'D']);
    expect((await store.readStream(id, { direction: 'backward' })).map((e) => e.type)).toEqual(['D', 'C', 'B', 'A']);
    expect(
      (await store.readStream(id, { direction: 'backward', fromRevision: 1, maxCount: 1 })).map((e) => e.type),
    ).toEqual(['B']);
    expect(server.readStream.mock.calls.map(([, options]) => options)).toEqual([
      { fromRevision: START, direction: FORWARDS, maxCount: undefined },
      { fromRevision: 2n, direction: FORWARDS, maxCount: undefined },
      { fromRevision: END, direction: BACKWARDS, maxCount: undefined },
      { fromRevision: 1n, direction: BACKWARDS, maxCount: 1 },
    ]);
  });

  it('returns an empty list for a stream that does not exist', async () => {
    await expect(store.readStream(complaint())).resolves.toEqual([]);
  });
});

describe('the global log', () => {
  it('holds only Redress streams, in order, with increasing positions and exclusive `after`', async () => {
    server.writeForeign('$stats-127.0.0.1:2113', '$statsCollected');
    const a = complaint();
    const b = complaint();
    await store.append(a, [event('A1')], 'no_stream');
    server.writeForeign('billing-1', 'InvoiceSent');
    server.writeForeign(`$$${a}`, '$metadata');
    await store.append(b, [event('B1'), event('B2')], 'no_stream');
    await store.append(a, [event('A2')], 0);

    const all = await store.readAll();
    expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
    const positions = all.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(new Set(positions).size).toBe(4);
    expect(server.readAll.mock.calls[0][0]).toMatchObject({
      fromPosition: START,
      direction: FORWARDS,
      filter: { prefixes: ['complaint-', 'survey-', 'warning-'] },
    });

    const afterB1 = await store.readAll({ after: all[1].position, maxCount: 1 });
    expect(afterB1.map((e) => e.type)).toEqual(['B2']);
    // The read restarts at the checkpoint itself (inclusive) and asks for one more to drop it.
    expect(server.readAll).toHaveBeenLastCalledWith(
      expect.objectContaining({
        fromPosition: { commit: BigInt(all[1].position), prepare: BigInt(all[1].position) },
        maxCount: 2,
      }),
    );
    expect(await store.readAll({ after: all[3].position })).toEqual([]);
    expect(await store.headPosition()).toBe(all[3].position);
  });

  it('skips system event types inside Redress streams without cutting a page short', async () => {
    const id = complaint();
    await store.append(id, [event('A')], 'no_stream');
    for (let i = 0; i < 3; i++) server.writeForeign(id, '$streamDeleted');
    await store.append(complaint(), [event('B')], 'no_stream');

    expect((await store.readAll({ maxCount: 2 })).map((e) => e.type)).toEqual(['A', 'B']);
    expect(
      (await store.readAll({ after: (await store.readAll())[0].position, maxCount: 1 })).map((e) => e.type),
    ).toEqual(['B']);
    server.writeForeign(id, '$streamDeleted');
    expect(await store.headPosition()).toBe((await store.readAll())[1].position);
  });

  it('reads the head backwards with the filter, and is 0 for an empty log', async () => {
    server.writeForeign('billing-1', 'InvoiceSent');
    expect(await store.headPosition()).toBe(0);
    expect(server.readAll).toHaveBeenCalledWith(
      expect.objectContaining({
        fromPosition: END,
        direction: BACKWARDS,
        filter: expect.objectContaining({ prefixes: ['complaint-', 'survey-', 'warning-'] }),
      }),
    );
  });

  it('honours custom stream prefixes and refuses ones that would admit system streams', async () => {
    const custom = new KurrentDbEventStore(server.asClient(), { streamPrefixes: ['contract-'] });
    await custom.append('contract-1', [event('C')], 'no_stream');
    await store.append(complaint(), [event('A')], 'no_stream');
    expect((await custom.readAll()).map((e) => e.streamId)).toEqual(['contract-1']);
    for (const streamPrefixes of [[], [''], ['$ce-']]) {
      expect(() => new KurrentDbEventStore(server.asClient(), { streamPrefixes })).toThrow(TypeError);
    }
  });

  it('validates positions before asking the server', () => {
    expect(toReadPosition(0)).toBe(START);
    expect(toReadPosition(42)).toEqual({ commit: 42n, prepare: 42n });
    expect(() => toReadPosition(-1)).toThrow(TypeError);
  });
});

describe('subscriptions', () => {
  async function appendEach(id: string, types: string[]): Promise<void> {
    const history = await store.readStream(id);
    let expected: number | 'no_stream' = history.length ? history.length - 1 : 'no_stream';
    for (const type of types) expected = (await store.append(id, [event(type)], expected)).revision;
  }

  it('hands buffered events over in batches, one handler call at a time, and advances only after each', async () => {
    const id = complaint();
    await appendEach(id, ['e1', 'e2', 'e3', 'e4', 'e5']);
    const all = await store.readAll();

    const gates = [deferred(), deferred()];
    const batches: string[][] = [];
    let running = 0;
    let maxRunning = 0;
    const subscription = store.subscribeToAll({
      after: 0,
      maxBatchSize: 3,
      onEvents: async (events) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        batches.push(events.map((e) => e.type));
        await gates[batches.length - 1]?.promise;
        running--;
      },
    });
    try {
      await waitFor(() => batches.length === 1);
      expect(batches).toEqual([['e1', 'e2', 'e3']]);
      expect(subscription.position).toBe(0);
      gates[0].resolve();
      await waitFor(() => batches.length === 2);
      expect(subscription.position).toBe(all[2].position);
      gates[1].resolve();
      await waitFor(() => subscription.position === all[4].position);
      expect(batches).toEqual([
        ['e1', 'e2', 'e3'],
        ['e4', 'e5'],
      ]);
      expect(maxRunning).toBe(1);
      expect(server.subscribeToAll).toHaveBeenCalledWith({
        fromPosition: START,
        filter: expect.objectContaining({ prefixes: ['complaint-', 'survey-', 'warning-'] }),
      });
    } finally {
      await subscription.stop();
    }
  });

  it('follows live appends and starts exclusively after its checkpoint', async () => {
    const id = complaint();
    await appendEach(id, ['old-1', 'old-2']);
    const checkpoint = (await store.readAll())[0].position;
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({
      after: checkpoint,
      onEvents: async (events) => void seen.push(...events),
    });
    try {
      await waitFor(() => seen.length === 1);
      await appendEach(id, ['live-1']);
      await waitFor(() => seen.length === 2);
      expect(seen.map((e) => e.type)).toEqual(['old-2', 'live-1']);
      expect(server.subscribeToAll.mock.calls[0][0]?.fromPosition).toEqual({
        commit: BigInt(checkpoint),
        prepare: BigInt(checkpoint),
      });
    } finally {
      await subscription.stop();
    }
  });

  it.each([
    ['an error', (s: FakeSubscription) => s.destroy(new UnavailableError())],
    ['an end of stream', (s: FakeSubscription) => s.push(null)],
  ])('resubscribes from the last handled position after %s, without duplicates or gaps', async (_, drop) => {
    const id = complaint();
    await appendEach(id, ['e1', 'e2']);
    const seen: string[] = [];
    const subscription = store.subscribeToAll({
      after: 0,
      onEvents: async (events) => void seen.push(...events.map((e) => e.type)),
    });
    try {
      await waitFor(() => seen.length === 2);
      const handled = subscription.position;
      drop(server.subscriptions[0]);
      await appendEach(id, ['e3']); // written while no subscription is open
      await waitFor(() => server.subscriptions.length === 2);
      expect(server.subscribeToAll.mock.calls[1][0]?.fromPosition).toEqual({
        commit: BigInt(handled),
        prepare: BigInt(handled),
      });
      await appendEach(id, ['e4']);
      await waitFor(() => seen.length >= 4);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual(['e1', 'e2', 'e3', 'e4']);
      expect(server.subscriptions[0].unsubscribe).toHaveBeenCalled();
    } finally {
      await subscription.stop();
    }
  });

  it('keeps retrying with backoff while the server cannot be reached', async () => {
    const id = complaint();
    await appendEach(id, ['e1']);
    let failures = 3;
    const subscribe = server.subscribeToAll.getMockImplementation()!;
    server.subscribeToAll.mockImplementation((options) => {
      if (failures-- > 0) throw new UnavailableError();
      return subscribe(options);
    });
    const seen: string[] = [];
    const subscription = store.subscribeToAll({
      after: 0,
      onEvents: async (events) => void seen.push(...events.map((e) => e.type)),
    });
    try {
      await waitFor(() => seen.length === 1);
      expect(server.subscribeToAll).toHaveBeenCalledTimes(4);
    } finally {
      await subscription.stop();
    }
  });

  it('stops on a handler error, reports it, and does not resubscribe', async () => {
    await appendEach(complaint(), ['e1']);
    const failure = new Error('projection failed');
    const onError = jest.fn();
    const subscription = store.subscribeToAll({ after: 0, onEvents: async () => Promise.reject(failure), onError });
    await waitFor(() => onError.mock.calls.length === 1);
    await subscription.stop();
    expect(onError).toHaveBeenCalledWith(failure);
    expect(subscription.position).toBe(0);
    expect(server.subscribeToAll).toHaveBeenCalledTimes(1);
    expect(server.subscriptions[0].unsubscribe).toHaveBeenCalled();
  });

  it('stop() waits for the running handler, unsubscribes, and delivers nothing afterwards', async () => {
    const id = complaint();
    await appendEach(id, ['e1']);
    const gate = deferred();
    const seen: string[] = [];
    const subscription = store.subscribeToAll({
      after: 0,
      onEvents: async (events) => {
        await gate.promise;
        seen.push(...events.map((e) => e.type));
      },
    });
    await waitFor(() => server.subscriptions.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    let stopped = false;
    const stopping = subscription.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    expect(seen).toEqual(['e1']);
    expect(server.subscriptions[0].unsubscribe).toHaveBeenCalled();
    await appendEach(id, ['e2']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual(['e1']);
  });

  it('stop() returns promptly while waiting to resubscribe', async () => {
    const slow = new KurrentDbEventStore(server.asClient(), {
      resubscribeBackoff: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
    });
    const subscription = slow.subscribeToAll({ after: 0, onEvents: async () => undefined });
    await waitFor(() => server.subscriptions.length === 1);
    server.subscriptions[0].destroy(new UnavailableError());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    await subscription.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.subscribeToAll).toHaveBeenCalledTimes(1);
  });
});

describe('close', () => {
  it('disposes the client', async () => {
    await store.close();
    expect(server.dispose).toHaveBeenCalled();
  });
});
