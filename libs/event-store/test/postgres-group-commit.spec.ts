import { randomUUID } from 'node:crypto';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type GroupCommitMetrics,
  type PostgresEventStore,
} from '@redress/event-store';
import { Client } from 'pg';
import {
  adminQuery,
  dropSchema,
  openTestStore,
  POSTGRES_URL,
  randomSchemaName,
  testEvent,
} from './support/postgres-test-schema';

const schema = randomSchemaName();
const applicationName = `redress-group-${randomUUID().slice(0, 8)}`;
let store: PostgresEventStore;

beforeAll(async () => {
  store = await openTestStore(schema, { applicationName });
});
afterAll(async () => {
  await store?.close();
  await dropSchema(schema);
});

const streamId = () => `group-${randomUUID()}`;

/** Counters accumulated while `work` runs (largestBatch stays as it is). */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; delta: GroupCommitMetrics }> {
  const before = store.groupCommitMetrics();
  const result = await work();
  const after = store.groupCommitMetrics();
  const delta = { ...after };
  const counters = [
    'batches',
    'appends',
    'events',
    'lockedRetries',
    'splitBatches',
    'pipelinedBatches',
    'resentWrites',
  ] as const;
  for (const key of counters) delta[key] -= before[key];
  return { result, delta };
}

/** Asserts that the log after `head` holds positions head+1 … head+count, with none missing. */
async function expectNoGapsAfter(head: number, count: number): Promise<void> {
  const positions = (await store.readAll({ after: head, maxCount: count + 10 })).map((e) => e.position);
  expect(positions).toEqual(Array.from({ length: count }, (_, i) => head + 1 + i));
}

describe('group commit on PostgreSQL', () => {
  it('commits a burst of concurrent appends in one transaction', async () => {
    const { delta } = await measured(() =>
      Promise.all(Array.from({ length: 100 }, () => store.append(streamId(), [testEvent()], 'no_stream'))),
    );
    expect(delta).toMatchObject({ batches: 1, appends: 100, events: 100 });
  });

  it('bounds each transaction by the configured batch size', async () => {
    const bounded = await openTestStore(schema, { maxAppendsPerBatch: 10 });
    try {
      await Promise.all(Array.from({ length: 35 }, () => bounded.append(streamId(), [testEvent()], 'no_stream')));
      expect(bounded.groupCommitMetrics()).toMatchObject({ batches: 4, appends: 35, largestBatch: 10 });
    } finally {
      await bounded.close();
    }
  });

  it('batches many concurrent appenders into far fewer transactions than appends', async () => {
    const { delta } = await measured(() =>
      Promise.all(
        Array.from({ length: 64 }, async () => {
          const id = streamId();
          let expected: number | 'no_stream' = 'no_stream';
          for (let i = 0; i < 20; i++) expected = (await store.append(id, [testEvent()], expected)).revision;
        }),
      ),
    );
    expect(delta.appends).toBe(64 * 20);
    expect(delta.batches).toBeLessThan(delta.appends / 8);
  });

  it('rejects only the conflicting and clashing appends of a batch, and leaves no gap for them', async () => {
    const existing = streamId();
    const taken = testEvent();
    await store.append(existing, [testEvent(), taken], 'no_stream');
    const head = await store.headPosition();

    const repeated = [testEvent(), testEvent()];
    const appendsInOneBatch = () =>
      Promise.allSettled([
        store.append(streamId(), [testEvent()], 'no_stream'),
        store.append(existing, [testEvent()], 0), // stale: the stream is at revision 1
        store.append(streamId(), [testEvent(), testEvent()], 'no_stream'),
        store.append(streamId(), [taken], 'no_stream'), // id stored by another append
        store.append(existing, repeated, 1),
        store.append(existing, repeated, 1), // the same append again, in the same batch
        store.append(existing, [testEvent()], 'no_stream'), // exists already
        store.append(existing, [testEvent()], 3), // sees the batch's own earlier append
      ]);
    const { result: outcomes, delta } = await measured(appendsInOneBatch);

    expect(delta).toMatchObject({ batches: 1, appends: 8, events: 6 });
    const [fresh, stale, pair, clash, first, again, exists, next] = outcomes;
    expect(fresh).toMatchObject({ status: 'fulfilled', value: { revision: 0, alreadyAppended: false } });
    expect(stale).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
    expect((stale as PromiseRejectedResult).reason).toMatchObject({ expected: 0, actual: 1 });
    expect(pair).toMatchObject({ status: 'fulfilled', value: { revision: 1 } });
    expect(clash).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventIdError) });
    expect(first).toMatchObject({ status: 'fulfilled', value: { revision: 3, alreadyAppended: false } });
    expect(again).toEqual({
      status: 'fulfilled',
      value: { ...(first as PromiseFulfilledResult<object>).value, alreadyAppended: true },
    });
    expect(exists).toMatchObject({ status: 'rejected', reason: expect.any(WrongExpectedRevisionError) });
    expect(next).toMatchObject({ status: 'fulfilled', value: { revision: 4, position: head + 6 } });

    await expectNoGapsAfter(head, 6);
    expect(await store.headPosition()).toBe(head + 6);
    expect((await store.readStream(existing)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
  });

  it('answers a repeat that its expectation still allows from the log, after its write hit the stored ids', async () => {
    // Planned without looking its ids up, the repeat looks like a new write: the event id's unique index refuses
    // it as a whole, and the batch is decided again under the lock, where the ids are found.
    const id = streamId();
    await store.append(id, [testEvent()], 'no_stream');
    const events = [testEvent(), testEvent()];
    const first = await store.append(id, events, 'stream_exists');
    const head = await store.headPosition();
    const { result: again, delta } = await measured(() => store.append(id, events, 'stream_exists'));
    expect(again).toEqual({ ...first, alreadyAppended: true });
    expect(delta).toMatchObject({ batches: 1, events: 0, lockedRetries: 1, splitBatches: 0 });
    expect(await store.headPosition()).toBe(head);
    expect((await store.readStream(id)).map((e) => e.eventId)).toHaveLength(3);
  });

  it('refuses ids stored by another append only for the append that reuses them, planned without looking them up', async () => {
    const taken = testEvent();
    await store.append(streamId(), [taken], 'no_stream');
    const head = await store.headPosition();
    const existing = streamId();
    await store.append(existing, [testEvent()], 'no_stream');
    const { result: outcomes, delta } = await measured(() =>
      Promise.allSettled([
        store.append(streamId(), [testEvent()], 'no_stream'),
        store.append(existing, [testEvent(), taken], 'stream_exists'),
        store.append(streamId(), [testEvent()], 'no_stream'),
      ]),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
    expect(delta).toMatchObject({ batches: 1, events: 2, lockedRetries: 1, splitBatches: 0 });
    await expectNoGapsAfter(head, 3);
  });

  it('isolates an append the database refuses, retrying the rest of its batch one by one', async () => {
    const head = await store.headPosition();
    const { result: outcomes, delta } = await measured(() =>
      Promise.allSettled([
        store.append(streamId(), [testEvent()], 'no_stream'),
        store.append(streamId(), [testEvent('Malformed', 'not-a-uuid')], 'no_stream'),
        store.append(streamId(), [testEvent()], 'no_stream'),
      ]),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ code: '22P02' });
    expect(delta.splitBatches).toBe(1);
    await expectNoGapsAfter(head, 2);
  });

  it('decides a batch again under the lock when another writer moved the head after it was read', async () => {
    // Another process's append, done by hand and held open: the store reads the old head, then waits on the lock.
    const { other, head } = await anotherWriterHoldingTheHead();
    try {
      const otherPosition = head + 1;
      const otherEvent = testEvent('ByAnotherProcess');
      await other.query(
        `INSERT INTO redress_events (position, stream_id, revision, event_id, event_type, schema_version, data, metadata)
         VALUES ($1, $2, 0, $3, $4, 1, '{}', '{}')`,
        [otherPosition, streamId(), otherEvent.eventId, otherEvent.type],
      );
      await other.query('UPDATE redress_log_head SET position = $1', [otherPosition]);

      const mine = streamId();
      const { result: appending, delta } = await measured(async () => {
        const pending = store.append(mine, [testEvent()], 'no_stream');
        await lockWaitBy(applicationName);
        await other.query('COMMIT');
        return pending;
      });
      expect(appending).toEqual({ revision: 0, position: otherPosition + 1, alreadyAppended: false });
      expect(delta).toMatchObject({ lockedRetries: 1, splitBatches: 0 });
      expect((await store.readAll({ after: otherPosition - 1 })).map((e) => e.position)).toEqual([
        otherPosition,
        otherPosition + 1,
      ]);
    } finally {
      await other.end();
    }
  });

  it('sends a large batch behind one still committing, planned on top of it', async () => {
    const head = await store.headPosition();
    const streams = Array.from({ length: 4 }, streamId);
    const { delta } = await measured(() =>
      Promise.all(
        streams.map(async (id) => {
          let expected: number | 'no_stream' = 'no_stream';
          for (let round = 0; round < 10; round++) {
            const events = Array.from({ length: 64 }, () => testEvent());
            expected = (await store.append(id, events, expected)).revision;
          }
        }),
      ),
    );
    expect(delta.pipelinedBatches).toBeGreaterThan(0);
    expect(delta).toMatchObject({ appends: 40, events: 40 * 64, splitBatches: 0 });
    await expectNoGapsAfter(head, 40 * 64);
    for (const id of streams) {
      expect((await store.readStream(id)).map((e) => e.revision)).toEqual(Array.from({ length: 640 }, (_, i) => i));
    }
  });

  it('refuses a pipelined write when another writer left the head at the position it expected', async () => {
    // Another process writes exactly as many events as the first batch plans, so the second batch finds the head
    // at the position it was planned on; only the first batch's write token tells it that its plan is void.
    const mine = streamId();
    const first = Array.from({ length: 128 }, () => testEvent());
    const second = Array.from({ length: 128 }, () => testEvent());
    const { head, result, delta } = await whileTheOtherWriterCommits128(2, () =>
      Promise.all([store.append(mine, first, 'no_stream'), store.append(mine, second, 127)]),
    );
    expect(delta).toMatchObject({ pipelinedBatches: 1, lockedRetries: 2, splitBatches: 0, resentWrites: 0 });
    expect(result).toEqual([
      { revision: 127, position: head + 256, alreadyAppended: false },
      { revision: 255, position: head + 384, alreadyAppended: false },
    ]);
    await expectNoGapsAfter(head, 384);
    const stream = await store.readStream(mine);
    expect(stream.map((e) => e.revision)).toEqual(Array.from({ length: 256 }, (_, i) => i));
    expect(stream.map((e) => e.eventId)).toEqual([...first, ...second].map((e) => e.eventId));
  });

  it('decides a repeat planned on a write that did not happen again, once the write before it is settled', async () => {
    // The second append repeats the first (a retried command): planned behind it, it is a repeat of the first's
    // planned events. Another process then makes the first's write fail, so the first is decided again under the
    // lock at other positions, and the repeat must answer with those, not with the positions once planned.
    const mine = streamId();
    const events = Array.from({ length: 128 }, () => testEvent());
    const { head, result, delta } = await whileTheOtherWriterCommits128(1, () =>
      Promise.all([store.append(mine, events, 'no_stream'), store.append(mine, events, 'no_stream')]),
    );
    expect(delta).toMatchObject({ pipelinedBatches: 1, lockedRetries: 2, splitBatches: 0, resentWrites: 0 });
    expect(result).toEqual([
      { revision: 127, position: head + 256, alreadyAppended: false },
      { revision: 127, position: head + 256, alreadyAppended: true },
    ]);
    await expectNoGapsAfter(head, 256);
  });

  it('keeps the log gap-free and each stream in order when several store instances write at once', async () => {
    const others = await Promise.all([openTestStore(schema), openTestStore(schema)]);
    const writers = [store, ...others];
    try {
      const head = await store.headPosition();
      const streams = Array.from({ length: 30 }, streamId);
      // Every instance appends to every stream, so they really race for revisions; losers re-read and retry.
      await Promise.all(
        writers.flatMap((writer) =>
          streams.map(async (id) => {
            for (let written = 0; written < 5;) {
              const last = (await writer.readStream(id, { direction: 'backward', maxCount: 1 }))[0];
              try {
                await writer.append(id, [testEvent()], last ? last.revision : 'no_stream');
                written++;
              } catch (error) {
                if (!(error instanceof WrongExpectedRevisionError)) throw error;
              }
            }
          }),
        ),
      );
      const total = writers.length * streams.length * 5;
      await expectNoGapsAfter(head, total);
      // The instances really did get in each other's way, so the locked path ran too.
      expect(writers.reduce((sum, writer) => sum + writer.groupCommitMetrics().lockedRetries, 0)).toBeGreaterThan(0);
      for (const id of streams) {
        expect((await store.readStream(id)).map((e) => e.revision)).toEqual(Array.from({ length: 15 }, (_, i) => i));
      }
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  }, 60_000);
});

/** Resolves once a connection of `application` is waiting for a lock. */
/** A connection of its own, as another process would be, in a transaction that holds the log head's lock. */
async function anotherWriterHoldingTheHead(): Promise<{ other: Client; head: number }> {
  const other = new Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
  await other.connect();
  await other.query('BEGIN');
  const { rows } = await other.query<{ position: string }>('SELECT position FROM redress_log_head FOR UPDATE');
  return { other, head: Number(rows[0].position) };
}

/**
 * Another process holds the log head's lock and writes 128 events under it while `appending` runs; it commits
 * once `waitingBackends` of the store's connections wait for its lock. Returns the head it found.
 */
async function whileTheOtherWriterCommits128<T>(
  waitingBackends: number,
  appending: () => Promise<T>,
): Promise<{ head: number; result: T; delta: GroupCommitMetrics }> {
  const { other, head } = await anotherWriterHoldingTheHead();
  try {
    await other.query(
      `INSERT INTO redress_events (position, stream_id, revision, event_id, event_type, schema_version, data, metadata)
       SELECT $1::bigint + n, $2, n - 1, gen_random_uuid(), 'ByAnotherProcess', 1, '{}', '{}'
       FROM generate_series(1, 128) AS n`,
      [head, streamId()],
    );
    await other.query('UPDATE redress_log_head SET position = $1', [head + 128]);
    const { result, delta } = await measured(async () => {
      const pending = appending();
      await lockWaitBy(applicationName, 5000, waitingBackends);
      await other.query('COMMIT');
      return pending;
    });
    return { head, result, delta };
  } finally {
    await other.end();
  }
}

async function lockWaitBy(application: string, timeoutMs = 5000, backends = 1): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const waiting = () =>
    adminQuery("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [
      application,
    ]);
  while ((await waiting()).length < backends) {
    if (Date.now() > deadline) throw new Error(`${application} did not wait for a lock within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('group commit on PostgreSQL, seen from the server', () => {
  const ownSchema = randomSchemaName();
  afterAll(() => dropSchema(ownSchema));

  /** The events table's statistics, once every server process that touched it has exited and reported them. */
  async function eventsTable(minimumInserted: number) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [row] = await adminQuery<{ inserted: string; scans: string }>(
        `SELECT n_tup_ins AS inserted, coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans
         FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'redress_events'`,
        [ownSchema],
      );
      const stats = { inserted: Number(row?.inserted ?? 0), scans: Number(row?.scans ?? 0) };
      if (stats.inserted >= minimumInserted || Date.now() > deadline) return stats;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('decides appends that only write without reading the events table at all', async () => {
    // The schema's creation (migrations) may scan the table; what counts is what the appends do after it.
    await (await openTestStore(ownSchema)).close();
    const before = await eventsTable(0);
    const store = await openTestStore(ownSchema);
    try {
      for (let round = 0; round < 20; round++) {
        await Promise.all(Array.from({ length: 5 }, () => store.append(streamId(), [testEvent()], 'no_stream')));
      }
      expect(store.groupCommitMetrics()).toMatchObject({ events: 100, lockedRetries: 0, splitBatches: 0 });
    } finally {
      await store.close(); // the connections' server processes report their statistics as they exit
    }
    const after = await eventsTable(before.inserted + 100);
    expect(after.inserted - before.inserted).toBe(100);
    expect(after.scans - before.scans).toBe(0);
  });
});
