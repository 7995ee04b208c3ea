import { AppendSignal } from '../append-signal';
import { CatchUpSubscription } from '../catch-up-subscription';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
  SubscriptionOptions,
} from '../port';
import { sqlStateOf, UNIQUE_VIOLATION, type SqlClient, type SqlExecutor } from './sql-client';

interface EventRow {
  position: string | number | bigint;
  stream_id: string;
  revision: string | number | bigint;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  recorded_at: Date | string;
}

const EVENT_COLUMNS = 'position, stream_id, revision, event_id, event_type, schema_version, data, metadata, recorded_at';
const DEFAULT_READ_ALL_BATCH = 1000;

/**
 * The event store over PostgreSQL's SQL, shared by the embedded (PGlite) and
 * the PostgreSQL adapters. See migrations.ts for how the global order stays
 * gap-free.
 */
export class SqlEventStore implements EventStore {
  protected readonly appended = new AppendSignal();

  constructor(protected readonly client: SqlClient) {}

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events, expected);
    try {
      const result = await this.client.transaction((tx) => this.appendInTransaction(tx, streamId, events, expected));
      if (!result.alreadyAppended) this.afterCommit();
      return result;
    } catch (error) {
      // A concurrent duplicate of this very append may have won the race: that is success, not a conflict.
      if (error instanceof WrongExpectedRevisionError || sqlStateOf(error) === UNIQUE_VIOLATION) {
        const original = await this.findOriginalAppend(this.client, streamId, events);
        if (original) return original;
        if (sqlStateOf(error) === UNIQUE_VIOLATION) {
          throw new WrongExpectedRevisionError(streamId, expected, await this.streamRevision(this.client, streamId));
        }
      }
      throw error;
    }
  }

  /** Called after a commit that wrote events; adapters add cross-process wake-ups. */
  protected afterCommit(): void {
    this.appended.notify();
  }

  protected async appendInTransaction(
    tx: SqlExecutor,
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const original = await this.findOriginalAppend(tx, streamId, events);
    if (original) return original;

    const { rows } = await tx.query<{ revision: string }>(
      'SELECT revision FROM redress_streams WHERE stream_id = $1 FOR UPDATE',
      [streamId],
    );
    const actual = rows.length ? Number(rows[0].revision) : null;
    if (!matchesExpectation(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);

    const head = await tx.query<{ position: string }>(
      'UPDATE redress_log_head SET position = position + $1 RETURNING position',
      [events.length],
    );
    const lastPosition = Number(head.rows[0].position);
    const firstPosition = lastPosition - events.length + 1;
    const firstRevision = actual === null ? 0 : actual + 1;
    const lastRevision = firstRevision + events.length - 1;

    await tx.query(
      `INSERT INTO redress_streams (stream_id, revision) VALUES ($1, $2)
       ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision`,
      [streamId, lastRevision],
    );
    await tx.query(
      `INSERT INTO redress_events (position, stream_id, revision, event_id, event_type, schema_version, data, metadata)
       SELECT p, $1, r, e::uuid, t, v, d::jsonb, m::jsonb
       FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[])
         AS batch(p, r, e, t, v, d, m)`,
      [
        streamId,
        events.map((_, i) => firstPosition + i),
        events.map((_, i) => firstRevision + i),
        events.map((event) => event.eventId),
        events.map((event) => event.type),
        events.map((event) => event.schemaVersion),
        events.map((event) => JSON.stringify(event.data)),
        events.map((event) => JSON.stringify(event.metadata)),
      ],
    );
    return { revision: lastRevision, position: lastPosition, alreadyAppended: false };
  }

  /**
   * When every event id of this append is stored already, in this stream and
   * in this order, the append happened before: return its original result.
   * Any other overlap is a genuine clash of ids.
   */
  private async findOriginalAppend(
    executor: SqlExecutor,
    streamId: string,
    events: NewEvent[],
  ): Promise<AppendResult | null> {
    const ids = events.map((event) => event.eventId);
    const { rows } = await executor.query<{ event_id: string; stream_id: string; revision: string; position: string }>(
      'SELECT event_id, stream_id, revision, position FROM redress_events WHERE event_id = ANY($1::uuid[]) ORDER BY position',
      [ids],
    );
    if (rows.length === 0) return null;
    const sameAppend =
      rows.length === ids.length &&
      rows.every((row, i) => row.stream_id === streamId && row.event_id === ids[i].toLowerCase()) &&
      rows.every((row, i) => i === 0 || Number(row.revision) === Number(rows[i - 1].revision) + 1);
    if (!sameAppend) throw new DuplicateEventIdError(streamId, rows.map((row) => row.event_id));
    const last = rows[rows.length - 1];
    return { revision: Number(last.revision), position: Number(last.position), alreadyAppended: true };
  }

  private async streamRevision(executor: SqlExecutor, streamId: string): Promise<number | null> {
    const { rows } = await executor.query<{ revision: string }>(
      'SELECT revision FROM redress_streams WHERE stream_id = $1',
      [streamId],
    );
    return rows.length ? Number(rows[0].revision) : null;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backward = options.direction === 'backward';
    const from = options.fromRevision ?? (backward ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await this.client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM redress_events
       WHERE stream_id = $1 AND revision ${backward ? '<=' : '>='} $2
       ORDER BY revision ${backward ? 'DESC' : 'ASC'}
       LIMIT $3`,
      [streamId, from, options.maxCount ?? null],
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM redress_events WHERE position > $1 ORDER BY position LIMIT $2`,
      [options.after ?? 0, options.maxCount ?? DEFAULT_READ_ALL_BATCH],
    );
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.client.query<{ position: string }>('SELECT position FROM redress_log_head');
    return rows.length ? Number(rows[0].position) : 0;
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return new CatchUpSubscription((read) => this.readAll(read), this.appended, options);
  }

  async close(): Promise<void> {
    this.appended.notify();
    await this.client.close();
  }
}

function matchesExpectation(expected: ExpectedRevision, actual: number | null): boolean {
  if (expected === 'no_stream') return actual === null;
  if (expected === 'stream_exists') return actual !== null;
  return actual === expected;
}

function assertAppendable(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
  if (events.length === 0) throw new TypeError('append needs at least one event');
  if (typeof expected === 'number' && !(Number.isInteger(expected) && expected >= 0)) {
    throw new TypeError(`expected revision must be a non-negative integer, 'no_stream' or 'stream_exists', not ${expected}`);
  }
  if (new Set(events.map((event) => event.eventId.toLowerCase())).size !== events.length) {
    throw new TypeError('event ids within one append must be distinct');
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    recordedAt: (row.recorded_at instanceof Date ? row.recorded_at : new Date(row.recorded_at)).toISOString(),
  };
}
