import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import type { AppendResult, ExpectedRevision, NewEvent } from '../port';
import type { SqlExecutor } from './sql-client';

/**
 * Appending a batch of appends (from many callers) at once. Every write
 * happens in one statement that first locks the single `redress_log_head`
 * row and moves it at the end, so writers are serialised on that row until
 * commit and positions become visible in commit order (see migrations.ts).
 *
 * A batch is decided in memory ({@link planBatch}), in submission order,
 * against the stored state of its streams and event ids: each append is an
 * idempotent repeat, a conflict, or a write, and later appends in the batch
 * see the effect of earlier ones, exactly as if they ran one after another.
 * Positions go only to accepted appends, so a rejected one leaves no hole;
 * and since conflicts are found before anything is written, no savepoints
 * are needed to keep them from failing the rest of the batch.
 *
 * The state is read without a lock, and the write only goes ahead if the head
 * it locks is still the head that was read: every write moves the head, so an
 * unchanged head means nothing was written in between and the decisions
 * still hold. That takes two round trips and one implicit commit. When
 * another writer (another process) did move the head, the batch is decided
 * again inside a transaction that holds the head lock from the start
 * ({@link GroupCommitter}), which cannot miss.
 */

export interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedRevision;
}

export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: Error };

/** An event already in the log (or accepted earlier in the same batch), as the idempotency check needs it. */
interface StoredEventRef {
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
}

interface RowToWrite {
  position: number;
  streamId: string;
  revision: number;
  event: NewEvent;
}

/** What the store looked like to the batch: one snapshot of the head, its streams and its event ids. */
export interface BatchState {
  headPosition: number;
  streamRevisions: Map<string, number>;
  /** Stored events with any of the batch's ids, keyed by lower-case event id (how UUIDs come back). */
  storedEvents: Map<string, StoredEventRef>;
}

export interface BatchPlan {
  outcomes: AppendOutcome[];
  rows: RowToWrite[];
  /** Last revision of every stream the batch writes to. */
  streamRevisions: Map<string, number>;
  headPosition: number;
}

/**
 * A planned write and the head it requires: the head position it was planned
 * on and, when it was planned on top of another batch's write still in
 * flight, that write's token. Every write leaves its own random token in the
 * head row, so the second write can tell that the last write before it was
 * exactly the one it was planned on; the position alone could be reached by
 * some other writer's write of the same size.
 */
export interface WriteChain {
  plan: BatchPlan;
  token: string;
  requiredHead: number;
  requiredToken: string | null;
}

/** The state a batch read, as the write in flight described by `after` will leave it if it succeeds. */
export function chainedState(state: BatchState, after: WriteChain): BatchState {
  const streamRevisions = new Map(state.streamRevisions);
  for (const [streamId, revision] of after.plan.streamRevisions) streamRevisions.set(streamId, revision);
  const storedEvents = new Map(state.storedEvents);
  for (const row of after.plan.rows) {
    const eventId = row.event.eventId.toLowerCase();
    storedEvents.set(eventId, { eventId, streamId: row.streamId, revision: row.revision, position: row.position });
  }
  return { headPosition: after.plan.headPosition, streamRevisions, storedEvents };
}

/** Locks the log head until the end of the transaction: no one else can write until then. */
export async function lockHead(tx: SqlExecutor): Promise<void> {
  await tx.query('SELECT position FROM redress_log_head FOR UPDATE');
}

/**
 * Reads the head, the batch's streams and any stored events with its ids, in
 * one statement and so from one snapshot. After {@link lockHead} (in a later
 * statement: a statement that waited for the lock reads with the snapshot it
 * started with) this is the state no one else can change any more.
 *
 * With `eventIds: false` it leaves the stored events out: a state that is
 * only good for a plan whose appends are all writes, since a write that
 * repeats a stored event id is refused by the event id's unique index
 * ({@link writeBatch}), while a rejection might really be a repeat.
 * Looking every id up in that random-order index cost 6% of the PostgreSQL
 * CPU of a batched append (42.7 rather than 40.1 µs per event), for repeats
 * that are rare.
 *
 * The two are different statements, and neither is prepared: each is
 * planned when it runs, on the tables as they are then. A prepared
 * statement's generic plan is kept until the tables' statistics change, and
 * one made while the tables were nearly empty scans them whole for a list
 * of keys: the lookup of an empty list of event ids scanned the whole log
 * (7-9 ms per batch after a minute of load), the lookup of the batch's
 * streams all of `redress_streams` (3.3 ms per batch), each in its turn
 * PostgreSQL's largest single cost in the whole-system benchmark. The state
 * without ids holds no lookup of the events table at all.
 */
export async function loadBatchState(
  executor: SqlExecutor,
  appends: readonly PendingAppend[],
  { eventIds = true }: { eventIds?: boolean } = {},
): Promise<BatchState> {
  const streamIds = [...new Set(appends.map((append) => append.streamId))];
  const heads = `SELECT NULL::uuid AS event_id, NULL::text AS stream_id, NULL::bigint AS revision, position
     FROM redress_log_head
     UNION ALL
     SELECT NULL, stream_id, revision, NULL FROM redress_streams WHERE stream_id = ANY($1::text[])`;
  const { rows } = await executor.query<{
    event_id: string | null;
    stream_id: string | null;
    revision: string | null;
    position: string | null;
  }>(
    eventIds
      ? `${heads}
         UNION ALL
         SELECT event_id, stream_id, revision, position FROM redress_events WHERE event_id = ANY($2::uuid[])`
      : heads,
    eventIds ? [streamIds, appends.flatMap((append) => append.events.map((event) => event.eventId))] : [streamIds],
  );
  const state: BatchState = { headPosition: 0, streamRevisions: new Map(), storedEvents: new Map() };
  for (const row of rows) {
    if (row.stream_id === null) {
      state.headPosition = Number(row.position);
    } else if (row.event_id === null) {
      state.streamRevisions.set(row.stream_id, Number(row.revision));
    } else {
      const ref = {
        eventId: row.event_id,
        streamId: row.stream_id,
        revision: Number(row.revision),
        position: Number(row.position),
      };
      state.storedEvents.set(row.event_id, ref);
    }
  }
  return state;
}

/** Decides every append of the batch in order, against the state plus the appends accepted before it. */
export function planBatch(appends: readonly PendingAppend[], state: BatchState): BatchPlan {
  const streamRevisions = new Map(state.streamRevisions);
  const storedEvents = new Map(state.storedEvents);
  const written = new Map<string, number>();
  const rows: RowToWrite[] = [];
  let headPosition = state.headPosition;

  const outcomes = appends.map((append): AppendOutcome => {
    try {
      const original = findOriginalAppend(append, storedEvents);
      if (original) return { ok: true, result: original };
      const actual = streamRevisions.get(append.streamId) ?? null;
      if (!matchesExpectation(append.expected, actual)) {
        return { ok: false, error: new WrongExpectedRevisionError(append.streamId, append.expected, actual) };
      }
      const firstRevision = actual === null ? 0 : actual + 1;
      append.events.forEach((event, i) => {
        const row = { position: headPosition + 1 + i, streamId: append.streamId, revision: firstRevision + i, event };
        rows.push(row);
        storedEvents.set(event.eventId.toLowerCase(), { ...row, eventId: event.eventId.toLowerCase() });
      });
      headPosition += append.events.length;
      const revision = firstRevision + append.events.length - 1;
      streamRevisions.set(append.streamId, revision);
      written.set(append.streamId, revision);
      return { ok: true, result: { revision, position: headPosition, alreadyAppended: false } };
    } catch (error) {
      return { ok: false, error: error as Error };
    }
  });
  return { outcomes, rows, streamRevisions: written, headPosition };
}

/** Whether a plan can be trusted without having looked up its event ids: every append is a write. */
export function onlyWrites(plan: BatchPlan): boolean {
  return plan.outcomes.every((outcome) => outcome.ok && !outcome.result.alreadyAppended);
}

/**
 * Writes the accepted events, the new stream revisions and the new head in
 * one statement, provided the head is as the chain requires; NOTIFYs
 * `notifyChannel` if given (delivered at commit). Returns false, having
 * written nothing, when the head had moved, or when an event id is stored
 * already (the statement fails on the unique index, and with it all of its
 * writes; see {@link loadBatchState}).
 *
 * The `head` CTE takes the row lock first (every other part waits on its
 * result); a locking read returns the newest version of the row even when it
 * had to wait for another writer, so the comparison sees any write committed
 * since the required head was read. The events travel as one array per column,
 * payloads as JSON text that the json columns take after a validity scan
 * (see migrations.ts), where one JSON document of the whole batch parsed into
 * jsonb cost a third more. The arrays are unnested in the select list, which
 * hands the insert one row at a time; unnested in FROM, each array was first
 * copied into a tuplestore (measured, PostgreSQL CPU per batched event with
 * the payload lines of {@link jsonLines}: 38 rather than 46 µs).
 */
export async function writeBatch(
  executor: SqlExecutor,
  chain: WriteChain,
  notifyChannel: string | undefined,
): Promise<boolean> {
  try {
    return await writeBatchOrFail(executor, chain, notifyChannel);
  } catch (error) {
    if (isStoredEventIdViolation(error)) return false;
    throw error;
  }
}

/** PostgreSQL's unique_violation on the event id's index (named by PostgreSQL after migration 1's UNIQUE). */
function isStoredEventIdViolation(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === 'redress_events_event_id_key';
}

async function writeBatchOrFail(
  executor: SqlExecutor,
  { plan, token, requiredHead, requiredToken }: WriteChain,
  notifyChannel: string | undefined,
): Promise<boolean> {
  const { rows: written } = plan;
  const { rows } = await executor.query(
    `WITH head AS (
       SELECT position = $12 AND ($14::uuid IS NULL OR write_token = $14) AS unchanged
       FROM redress_log_head FOR UPDATE
     ), new_events AS (
       INSERT INTO redress_events (position, stream_id, revision, event_id, event_type, schema_version, data, metadata)
       SELECT unnest($1::bigint[]), unnest($2::text[]), unnest($3::bigint[]), unnest($4::uuid[]), unnest($5::text[]),
              unnest($6::int[]), unnest(string_to_array($7, chr(10)))::json, unnest(string_to_array($8, chr(10)))::json
       WHERE (SELECT unchanged FROM head)
     ), stream_heads AS (
       INSERT INTO redress_streams (stream_id, revision)
       SELECT s, r FROM unnest($9::text[], $10::bigint[]) AS heads(s, r)
       WHERE (SELECT unchanged FROM head)
       ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision
     )
     UPDATE redress_log_head SET position = $11, write_token = $15
     WHERE (SELECT unchanged FROM head)
     RETURNING CASE WHEN $13::text IS NOT NULL THEN pg_notify($13, position::text) END AS notified`,
    [
      written.map((row) => row.position),
      written.map((row) => row.streamId),
      written.map((row) => row.revision),
      written.map((row) => row.event.eventId),
      written.map((row) => row.event.type),
      written.map((row) => row.event.schemaVersion),
      // An absent payload is stored as JSON null, as before; an absent element would be SQL NULL.
      jsonLines(written.map((row) => row.event.data ?? null)),
      jsonLines(written.map((row) => row.event.metadata)),
      [...plan.streamRevisions.keys()],
      [...plan.streamRevisions.values()],
      plan.headPosition,
      requiredHead,
      notifyChannel ?? null,
      requiredToken,
      token,
    ],
    'redress_write_batch',
  );
  return rows.length === 1;
}

/**
 * The JSON texts of `values`, one per line, for `string_to_array(…, chr(10))`.
 * Sent as an array literal instead, every quote of every payload is escaped
 * here and unescaped again by the server's array parser (array_in took 9% of
 * the backends' CPU in a profile of batched appends, more than the json
 * columns' own validity scan). JSON.stringify escapes every control
 * character inside strings and adds no whitespace, so a line break can only
 * separate two payloads; the check guards the alignment of the columns
 * against any serialiser that would break that.
 */
function jsonLines(values: readonly unknown[]): string {
  const texts = values.map((value) => {
    const text = JSON.stringify(value) as string | undefined;
    if (text === undefined) throw new TypeError('an event payload has no JSON form');
    if (text.includes('\n')) throw new Error('an event payload serialised to JSON over two lines');
    return text;
  });
  return texts.join('\n');
}

/**
 * When every event id of this append is stored already, in this stream, in
 * this order and at consecutive revisions, the append happened before: return
 * its original result. Any other overlap is a genuine clash of ids.
 */
function findOriginalAppend(append: PendingAppend, stored: Map<string, StoredEventRef>): AppendResult | null {
  const ids = append.events.map((event) => event.eventId.toLowerCase());
  const found = ids
    .map((id) => stored.get(id))
    .filter((ref): ref is StoredEventRef => ref !== undefined)
    .sort((a, b) => a.position - b.position);
  if (found.length === 0) return null;
  const sameAppend =
    found.length === ids.length &&
    found.every((ref, i) => ref.streamId === append.streamId && ref.eventId === ids[i]) &&
    found.every((ref, i) => i === 0 || ref.revision === found[i - 1].revision + 1);
  if (!sameAppend)
    throw new DuplicateEventIdError(
      append.streamId,
      found.map((ref) => ref.eventId),
    );
  const last = found[found.length - 1];
  return { revision: last.revision, position: last.position, alreadyAppended: true };
}

function matchesExpectation(expected: ExpectedRevision, actual: number | null): boolean {
  if (expected === 'no_stream') return actual === null;
  if (expected === 'stream_exists') return actual !== null;
  return actual === expected;
}
