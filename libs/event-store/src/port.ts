/**
 * The event-store port. Every adapter (embedded PGlite, PostgreSQL, KurrentDB)
 * implements exactly this contract and is verified by one shared contract
 * suite (test/event-store-contract.ts).
 */

/** Who caused an event. */
export interface Actor {
  id: string;
  role: string;
}

/** Metadata every event carries, whatever its type. */
export interface EventMetadata {
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  /** When the fact happened in the business (the command's instant, or an imported original time). */
  occurredAt: string;
  [extra: string]: unknown;
}

export interface NewEvent {
  /** Unique per event; re-appending the same ids is a no-op that returns the original result. */
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

export interface RecordedEvent extends NewEvent {
  streamId: string;
  /** 0-based position of the event within its stream. */
  revision: number;
  /** Position in the global log; strictly increasing in commit order, starting at 1. */
  position: number;
  /** When the store committed the event. */
  recordedAt: string;
}

/**
 * What the writer believes the stream looks like. There is deliberately no
 * "any": every append states its expectation, so a lost update can't hide.
 * A number is the revision of the stream's last event.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event now in the stream (pass it as the next expectation). */
  revision: number;
  /** Global position of the last appended event. */
  position: number;
  /** True when the events were already stored and nothing was written. */
  alreadyAppended: boolean;
}

export interface ReadStreamOptions {
  /** Inclusive starting revision; defaults to the first (forward) or last (backward) event. */
  fromRevision?: number;
  direction?: 'forward' | 'backward';
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position greater than this. 0 means from the beginning. */
  after?: number;
  maxCount?: number;
}

export interface SubscriptionOptions {
  /** Exclusive starting position (a checkpoint). 0 means from the beginning. */
  after: number;
  /** Receives events in global order, in batches; the next batch waits until this resolves. */
  onEvents: (events: RecordedEvent[]) => Promise<void>;
  /** Called when the handler throws; the subscription stops. */
  onError?: (error: unknown) => void;
  maxBatchSize?: number;
}

export interface Subscription {
  /** Position of the last event handed to and accepted by the handler. */
  readonly position: number;
  /** Resolves once the subscription has stopped and no handler call is running. */
  stop(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  /** Events of one stream in revision order; an empty list when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The global log, in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The position of the newest event, 0 when the log is empty. */
  headPosition(): Promise<number>;
  /** Catch-up subscription: reads history after `after`, then follows live appends. */
  subscribeToAll(options: SubscriptionOptions): Subscription;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
