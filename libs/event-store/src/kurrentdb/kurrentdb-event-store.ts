import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  ErrorType,
  FORWARDS,
  KurrentDBClient,
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type Direction,
  type Filter,
  type ReadPosition,
  type ReadStreamOptions as ClientReadStreamOptions,
  type ResolvedEvent,
  type WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
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
import {
  appendIdOf,
  isClientError,
  isRedressEvent,
  positionOf,
  toReadPosition,
  toActualRevision,
  toEventData,
  toRecordedEvent,
  toRevision,
  toStoreError,
  toStreamState,
} from './kurrentdb-mapping';
import {
  DEFAULT_RESUBSCRIBE_BACKOFF,
  KurrentDbCatchUpSubscription,
  type ResubscribeBackoff,
} from './kurrentdb-subscription';

/** The part of the KurrentDB client this adapter uses; unit tests substitute a fake. */
export type KurrentDbClient = Pick<
  KurrentDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

export interface KurrentDbEventStoreOptions {
  /** Stream-name prefixes that make up Redress's log; readAll, headPosition and subscriptions see only these. */
  streamPrefixes?: string[];
  /** Backoff between resubscribes after a dropped subscription. */
  resubscribeBackoff?: ResubscribeBackoff;
}

export interface OpenKurrentDbEventStoreOptions extends KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://localhost:2113?tls=false` */
  connectionString: string;
}

/**
 * The streams Redress's command services write: complaints, surveys and early
 * warnings (libs/application; a test there keeps the two lists equal). A
 * stream outside these is invisible to projections, the publisher and audits.
 */
export const DEFAULT_STREAM_PREFIXES: readonly string[] = ['complaint-', 'survey-', 'warning-'];

/** Page size when reading `$all` without a caller-given maxCount. */
const ALL_PAGE_SIZE = 1_000;

/**
 * The EventStore port over KurrentDB. See kurrentdb-mapping.ts for how
 * positions, revisions and the stored event shape are translated.
 *
 * Idempotency. KurrentDB deduplicates an append by event ids when it is sent
 * again with the same expectation (or with stream_exists while the ids are in
 * its recent-events cache); it then answers with the original revision and
 * position, exactly like a fresh write. To report `alreadyAppended` honestly,
 * every append stores a fresh nonce in the events' metadata and reads back the
 * last event: a different nonce means an earlier append wrote it. That costs
 * one read per append, on the leader. When the retry states a different
 * expectation, the server answers wrong-expected-version; we then compare the
 * stream's tail with the appended ids. Limits: a retry that expects the
 * stream's *current* revision is written again (the server checks ids only
 * below the expected revision), and an event id reused in another stream is
 * not detected (KurrentDB has no global event-id index) — the application
 * layer avoids both by checking the command id in the stream before deciding.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly streamPrefixes: readonly string[];
  private readonly filter: Filter;
  private readonly resubscribeBackoff: ResubscribeBackoff;

  constructor(
    private readonly client: KurrentDbClient,
    options: KurrentDbEventStoreOptions = {},
  ) {
    this.streamPrefixes = validatePrefixes(options.streamPrefixes ?? DEFAULT_STREAM_PREFIXES);
    this.filter = streamNameFilter({ prefixes: [...this.streamPrefixes] });
    this.resubscribeBackoff = options.resubscribeBackoff ?? DEFAULT_RESUBSCRIBE_BACKOFF;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (typeof streamId !== 'string' || streamId.length === 0)
      throw new TypeError('streamId must be a non-empty string');
    if (events.length === 0) throw new TypeError('append needs at least one event');
    const appendId = randomUUID();
    let result: ClientAppendResult;
    try {
      result = await this.client.appendToStream(
        streamId,
        events.map((event) => toEventData(event, appendId)),
        { streamState: toStreamState(expected) },
      );
    } catch (error) {
      if (!isClientError(error, ErrorType.WRONG_EXPECTED_VERSION)) throw toStoreError(error);
      const actual = toActualRevision((error as WrongExpectedVersionError).actualState);
      return this.resolveConflict(streamId, events, expected, actual);
    }
    // Only a client built with throwOnAppendFailure=false reports a conflict this way.
    if (!result.success)
      return this.resolveConflict(streamId, events, expected, toActualRevision(result.nextExpectedRevision));
    return this.confirmAppend(streamId, events, appendId, result.nextExpectedRevision);
  }

  /** Reads back the last appended event: its nonce says whether this call wrote it. */
  private async confirmAppend(
    streamId: string,
    events: NewEvent[],
    appendId: string,
    revision: bigint,
  ): Promise<AppendResult> {
    const [last] = await this.readRaw(streamId, {
      fromRevision: revision,
      direction: BACKWARDS,
      maxCount: 1,
      requiresLeader: true,
    });
    const expectedId = events[events.length - 1].eventId;
    if (last?.event?.id !== expectedId) {
      throw new Error(`KurrentDB reported ${streamId} at revision ${revision}, but event ${expectedId} is not there`);
    }
    const recorded = toRecordedEvent(last);
    return { revision: recorded.revision, position: recorded.position, alreadyAppended: appendIdOf(last) !== appendId };
  }

  /** A conflict is a duplicate when the stream ends with exactly these events; otherwise the typed error. */
  private async resolveConflict(
    streamId: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    actual: number | null,
  ): Promise<AppendResult> {
    if (actual !== null) {
      const tail = (
        await this.readRaw(streamId, {
          fromRevision: END,
          direction: BACKWARDS,
          maxCount: events.length,
          requiresLeader: true,
        })
      ).reverse();
      const ids = events.map((event) => event.eventId);
      const tailIds = tail.map((resolved) => resolved.event?.id);
      if (tailIds.length === ids.length && tailIds.every((id, index) => id === ids[index])) {
        const last = toRecordedEvent(tail[tail.length - 1]);
        return { revision: last.revision, position: last.position, alreadyAppended: true };
      }
      const reused = ids.filter((id) => tailIds.includes(id));
      if (reused.length > 0) throw new DuplicateEventIdError(streamId, reused);
    }
    throw new WrongExpectedRevisionError(streamId, expected, actual);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction === 'backward' ? BACKWARDS : FORWARDS;
    const fromRevision =
      options.fromRevision === undefined ? (direction === FORWARDS ? START : END) : toRevision(options.fromRevision);
    const resolved = await this.readRaw(streamId, { fromRevision, direction, maxCount: options.maxCount });
    return resolved.map(toRecordedEvent);
  }

  private async readRaw(streamId: string, options: ClientReadStreamOptions): Promise<ResolvedEvent[]> {
    if (options.maxCount === 0) return [];
    try {
      return await collect(this.client.readStream(streamId, options));
    } catch (error) {
      if (isClientError(error, ErrorType.STREAM_NOT_FOUND)) return [];
      throw toStoreError(error);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const events: RecordedEvent[] = [];
    if (maxCount <= 0) return events;
    // One more than wanted: the read may start with the event at `after` itself.
    const pageSize = Number.isFinite(maxCount) ? maxCount + 1 : ALL_PAGE_SIZE;
    for await (const resolved of this.scanAll(FORWARDS, options.after ?? 0, pageSize)) {
      events.push(toRecordedEvent(resolved));
      if (events.length >= maxCount) break;
    }
    return events;
  }

  async headPosition(): Promise<number> {
    for await (const resolved of this.scanAll(BACKWARDS, null, 8)) return positionOf(resolved) ?? 0;
    return 0;
  }

  /**
   * Redress events of `$all` strictly beyond `from` (after it going forwards,
   * before it going backwards; null is the end of the log), page by page. The
   * server filter already keeps Redress's prefixes; paging on past events we
   * drop client-side (system event types) keeps a short page from looking like
   * the end of the log.
   */
  private async *scanAll(
    direction: Direction,
    from: number | null,
    pageSize: number,
  ): AsyncGenerator<AllStreamResolvedEvent> {
    let cursor = from;
    for (;;) {
      const fromPosition: ReadPosition = cursor === null ? END : toReadPosition(cursor);
      let page: AllStreamResolvedEvent[];
      try {
        page = await collect(this.client.readAll({ fromPosition, direction, filter: this.filter, maxCount: pageSize }));
      } catch (error) {
        throw toStoreError(error);
      }
      let advanced = false;
      for (const resolved of page) {
        const position = positionOf(resolved);
        if (position === undefined) continue;
        const beyond = cursor === null || (direction === FORWARDS ? position > cursor : position < cursor);
        if (!beyond) continue;
        cursor = position;
        advanced = true;
        if (isRedressEvent(resolved, this.streamPrefixes)) yield resolved;
      }
      if (page.length < pageSize || !advanced) return;
    }
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return new KurrentDbCatchUpSubscription(
      (fromPosition) => this.client.subscribeToAll({ fromPosition, filter: this.filter }),
      (resolved) => (isRedressEvent(resolved, this.streamPrefixes) ? toRecordedEvent(resolved) : undefined),
      options,
      this.resubscribeBackoff,
    );
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

/** Connects lazily: the client opens its connection on the first call. */
export function openKurrentDbEventStore(options: OpenKurrentDbEventStoreOptions): KurrentDbEventStore {
  const { connectionString, ...storeOptions } = options;
  return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), storeOptions);
}

/**
 * The adapter's options from the environment, or undefined when
 * KURRENTDB_CONNECTION_STRING is unset. KURRENTDB_STREAM_PREFIXES is an
 * optional comma-separated list.
 */
export function kurrentDbOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): OpenKurrentDbEventStoreOptions | undefined {
  const connectionString = env.KURRENTDB_CONNECTION_STRING?.trim();
  if (!connectionString) return undefined;
  const prefixes = env.KURRENTDB_STREAM_PREFIXES?.split(',')
    .map((prefix) => prefix.trim())
    .filter((prefix) => prefix.length > 0);
  return prefixes?.length ? { connectionString, streamPrefixes: prefixes } : { connectionString };
}

function validatePrefixes(prefixes: readonly string[]): readonly string[] {
  if (prefixes.length === 0) throw new TypeError('streamPrefixes must name at least one prefix');
  for (const prefix of prefixes) {
    // An empty prefix would match system streams; a '$' prefix is a system stream.
    if (prefix.length === 0 || prefix.startsWith('$')) throw new TypeError(`invalid stream prefix '${prefix}'`);
  }
  return [...prefixes];
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const collected: T[] = [];
  for await (const item of items) collected.push(item);
  return collected;
}
