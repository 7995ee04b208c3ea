import { AppendSignal } from '../append-signal';
import { CatchUpSubscription } from '../catch-up-subscription';
import { SharedLogTail } from '../shared-log-tail';
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
import { GroupCommitter, type GroupCommitMetrics, type GroupCommitOptions } from './group-committer';
import type { SqlClient } from './sql-client';

interface EventRow {
  position: string | number | bigint;
  stream_id: string;
  revision: string | number | bigint;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  /** ISO 8601 in UTC with milliseconds, formatted by the database (see EVENT_COLUMNS). */
  recorded_at: string;
}

/**
 * The instant comes back already in JavaScript's toISOString form (UTC,
 * milliseconds truncated as a Date truncates them): parsing a timestamptz
 * into a Date and formatting it again cost the readers of the log (rebuilds,
 * the publisher) a few microseconds per event.
 */
const EVENT_COLUMNS =
  'position, stream_id, revision, event_id, event_type, schema_version, data, metadata, ' +
  `to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;
const DEFAULT_READ_ALL_BATCH = 1000;

export interface SqlEventStoreOptions extends Omit<GroupCommitOptions, 'afterCommit'> {
  /** Wakes this store's subscribers; an adapter passes its own to pace them or to wake them from elsewhere. */
  appendSignal?: AppendSignal;
}

/**
 * The event store over PostgreSQL's SQL, shared by the embedded (PGlite) and
 * the PostgreSQL adapters. Appends go through group commit (group-committer.ts);
 * see append-batch.ts and migrations.ts for how the global order stays gap-free.
 */
export class SqlEventStore implements EventStore {
  protected readonly appended: AppendSignal;
  private readonly committer: GroupCommitter;
  /** What this store's subscribers read of the log's newest events, read once for all of them. */
  private readonly tail = new SharedLogTail((read) => this.readAll(read));

  constructor(
    protected readonly client: SqlClient,
    options: SqlEventStoreOptions = {},
  ) {
    const { appendSignal, ...groupCommit } = options;
    this.appended = appendSignal ?? new AppendSignal();
    this.committer = new GroupCommitter(client, { ...groupCommit, afterCommit: () => this.appended.notify() });
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events, expected);
    return this.committer.submit({ streamId, events, expected });
  }

  /** How well concurrent appends are being batched into transactions. */
  groupCommitMetrics(): GroupCommitMetrics {
    return this.committer.metrics();
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
      backward ? 'redress_read_stream_backward' : 'redress_read_stream_forward',
    );
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { rows } = await this.client.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM redress_events WHERE position > $1 ORDER BY position LIMIT $2`,
      [options.after ?? 0, options.maxCount ?? DEFAULT_READ_ALL_BATCH],
      'redress_read_all',
    );
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.client.query<{ position: string }>('SELECT position FROM redress_log_head');
    return rows.length ? Number(rows[0].position) : 0;
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return new CatchUpSubscription(
      ({ after = 0, maxCount = DEFAULT_READ_ALL_BATCH }) => this.tail.read(after, maxCount),
      this.appended,
      options,
    );
  }

  async close(): Promise<void> {
    await this.committer.close();
    this.appended.notify();
    await this.client.close();
  }
}

function assertAppendable(streamId: string, events: NewEvent[], expected: ExpectedRevision): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
  if (events.length === 0) throw new TypeError('append needs at least one event');
  if (typeof expected === 'number' && !(Number.isInteger(expected) && expected >= 0)) {
    throw new TypeError(
      `expected revision must be a non-negative integer, 'no_stream' or 'stream_exists', not ${expected}`,
    );
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
    recordedAt: row.recorded_at,
  };
}
