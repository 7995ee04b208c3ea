import {
  ErrorType,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AppendStreamState,
  type CurrentStreamState,
  type EventData,
  type JSONType,
  type ReadPosition,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { EventStoreUnavailableError } from '../errors';
import type { EventMetadata, ExpectedRevision, NewEvent, RecordedEvent } from '../port';

/**
 * Translation between the port's types and the KurrentDB client's, kept free
 * of I/O so the unit tests can pin every rule down.
 *
 * Position encoding. KurrentDB addresses an event in `$all` by {commit,
 * prepare}, both byte offsets in the transaction log. Every append over gRPC
 * is an implicit transaction: each event is its own prepare record flagged as
 * committed, and the server reports it at {commit: P, prepare: P} where P is
 * that record's log position (KurrentDB `AllReader`: `CommitEventRecord(event,
 * event.LogPosition)` for committed prepares). So within one multi-event
 * append the events still get distinct, increasing positions, and the prepare
 * position alone is a unique scalar that increases in `$all` order. We expose
 * it as the port's numeric `position` (strictly increasing, but with gaps).
 *
 * Only legacy explicit transactions (the retired TCP API) produce commit >
 * prepare, where prepare order can differ from `$all` order. Redress streams
 * are written only by this adapter over gRPC, so they never contain such events.
 *
 * Reading after a numeric position. We rebuild {commit: n, prepare: n}. A
 * forward read of `$all` starts inclusively at that position and returns events
 * whose {commit, prepare} is ≥ it. Any event with prepare > n also has commit ≥
 * prepare > n, so it is never skipped; the event sitting exactly at n (if the
 * read returns it) is dropped client-side by the `position > n` test. Hence
 * `after` must be 0 or a position this adapter returned (an event's position,
 * headPosition, a subscription's position), i.e. a record boundary in the log:
 * an arbitrary number may point into the middle of a record.
 */

/** Metadata keys the adapter adds to the caller's metadata and strips on read. */
export const SCHEMA_VERSION_KEY = '$schemaVersion';
/** A nonce per append call: tells our own write apart from a deduplicated retry (see KurrentDbEventStore.append). */
export const APPEND_ID_KEY = '$appendId';

/** The client's stream state for our expectation. There is deliberately no path to ANY. */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return toRevision(expected);
}

export function toRevision(revision: number): bigint {
  if (!Number.isSafeInteger(revision) || revision < 0)
    throw new TypeError(`a revision must be an integer ≥ 0, got ${String(revision)}`);
  return BigInt(revision);
}

/** The stream's actual revision from a wrong-expected-version report; null when it does not exist. */
export function toActualRevision(state: CurrentStreamState): number | null {
  return state === NO_STREAM || state < 0n ? null : toSafeNumber(state, 'revision');
}

export function toEventData(event: NewEvent, appendId: string): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    // The client JSON-encodes the data; any JSON value round-trips, not only the objects its type names.
    data: event.data as JSONType,
    metadata: { ...event.metadata, [SCHEMA_VERSION_KEY]: event.schemaVersion, [APPEND_ID_KEY]: appendId },
  });
}

type AnyResolvedEvent = ResolvedEvent | AllStreamResolvedEvent;

/** The port's numeric position of a resolved event, or undefined when the server sent none. */
export function positionOf(resolved: AnyResolvedEvent): number | undefined {
  // Stream reads may carry the position only on the resolved event; it equals prepare (see above).
  const position = resolved.event?.position?.prepare ?? resolved.commitPosition;
  return position === undefined ? undefined : toSafeNumber(position, 'position');
}

export function toRecordedEvent(resolved: AnyResolvedEvent): RecordedEvent {
  const recorded = resolved.event;
  if (!recorded) throw new Error('KurrentDB returned an unresolved link; Redress streams hold no links');
  const where = `event ${recorded.id} in ${recorded.streamId}`;
  if (!recorded.isJson) throw new Error(`${where} is not JSON; it was not written by Redress`);
  const stored = recorded.metadata as Record<string, unknown> | undefined;
  const schemaVersion = stored?.[SCHEMA_VERSION_KEY];
  if (typeof schemaVersion !== 'number') throw new Error(`${where} has no ${SCHEMA_VERSION_KEY} in its metadata`);
  const position = positionOf(resolved);
  if (position === undefined) throw new Error(`KurrentDB returned ${where} without a $all position`);
  if (!(recorded.created instanceof Date) || Number.isNaN(recorded.created.getTime())) {
    throw new Error(`KurrentDB returned ${where} without a valid creation time`);
  }
  const metadata = { ...stored };
  delete metadata[SCHEMA_VERSION_KEY];
  delete metadata[APPEND_ID_KEY];
  return {
    streamId: recorded.streamId,
    eventId: recorded.id,
    type: recorded.type,
    schemaVersion,
    data: recorded.data,
    metadata: metadata as EventMetadata,
    revision: toSafeNumber(recorded.revision, 'revision'),
    position,
    recordedAt: recorded.created.toISOString(),
  };
}

/** The append nonce stored with an event, if any. */
export function appendIdOf(resolved: AnyResolvedEvent): unknown {
  return (resolved.event?.metadata as Record<string, unknown> | undefined)?.[APPEND_ID_KEY];
}

/**
 * The `$all` position for one of our numeric positions (START for 0). A forward
 * read from it is inclusive, so it sees every event after `position` plus
 * possibly the one at it (see above); a backward read from it is exclusive.
 */
export function toReadPosition(position: number): ReadPosition {
  if (!Number.isSafeInteger(position) || position < 0)
    throw new TypeError(`position must be an integer ≥ 0, got ${position}`);
  return position === 0 ? START : { commit: BigInt(position), prepare: BigInt(position) };
}

/** Whether an event belongs to Redress: one of its stream prefixes, and neither a system stream nor a system event. */
export function isRedressEvent(resolved: AnyResolvedEvent, streamPrefixes: readonly string[]): boolean {
  const recorded = resolved.event;
  if (!recorded || recorded.streamId.startsWith('$') || recorded.type.startsWith('$')) return false;
  return streamPrefixes.some((prefix) => recorded.streamId.startsWith(prefix));
}

export function isClientError(error: unknown, type: ErrorType): boolean {
  return error instanceof Error && (error as { type?: unknown }).type === type;
}

const UNAVAILABLE_ERRORS: readonly ErrorType[] = [
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
];
/** gRPC status codes UNAVAILABLE and DEADLINE_EXCEEDED: some client paths (e.g. its capability check before an append) pass raw gRPC errors on. */
const UNAVAILABLE_GRPC_CODES: readonly unknown[] = [14, 4];

/** Connection-level failures become the port's retryable error; anything else is passed on unchanged. */
export function toStoreError(error: unknown): unknown {
  const unavailable =
    UNAVAILABLE_ERRORS.some((type) => isClientError(error, type)) ||
    (error instanceof Error &&
      !('type' in error) &&
      UNAVAILABLE_GRPC_CODES.includes((error as { code?: unknown }).code));
  if (unavailable) {
    return new EventStoreUnavailableError(`KurrentDB is unavailable: ${(error as Error).message}`, { cause: error });
  }
  return error;
}

/** bigint → number, refusing values a JavaScript number cannot hold exactly. */
export function toSafeNumber(value: bigint, what: string): number {
  if (value < 0n || value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`KurrentDB ${what} ${value} is outside the safe integer range`);
  }
  return Number(value);
}
