import { SpanKind } from '@opentelemetry/api';
import type { Decider } from '@redress/domain';
import {
  DuplicateEventIdError,
  WrongExpectedRevisionError,
  type Actor,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@redress/event-store';
import { inSpan, traceContextFields } from '@redress/observability';
import { chainEvents } from './audit/hash-chain';
import { deterministicEventId } from './complaint-stream';
import { RecentStreams, type KnownStream } from './recent-streams';
import { IdempotencyKeyReusedError } from './errors';

/** A command without its instant: the service stamps `issuedAt` from its clock. */
export type Unstamped<Command> = Command extends unknown ? Omit<Command, 'issuedAt'> : never;

/** Everything the generic command service needs to know about one kind of aggregate. */
export interface AggregateKind<Command extends { type: string }, Event extends { type: string; data: unknown }, State> {
  streamId(aggregateId: string): string;
  decider: Decider<Command, Event, State>;
  schemaVersionOf(type: Event['type']): number;
  /** Reads a stored event back as a domain event (upcasting older schema versions). */
  upcast(recorded: RecordedEvent): Event;
  /** Whether the command may start a new stream; any other command on a missing stream is "not found". */
  startsStream(command: Unstamped<Command>): boolean;
  notFound(aggregateId: string): Error;
  revisionMismatch(aggregateId: string, expected: number, actual: number): Error;
  retriesExhausted(aggregateId: string, attempts: number): Error;
}

export interface AggregateCommandRequest<Command> {
  aggregateId: string;
  command: Unstamped<Command>;
  /** Unique per logical command; a retry with the same id is answered from the store, not re-applied. */
  commandId: string;
  correlationId: string;
  /** The message that caused this command (e.g. an HTTP request id); defaults to the command id. */
  causationId?: string;
  actor: Actor;
  /** The revision the caller last saw (HTTP If-Match); a mismatch is refused rather than retried. */
  expectedRevision?: number;
  /**
   * The caller has just made the aggregate id up (a random UUID), so its
   * stream cannot exist yet: the command is decided on the empty stream
   * without reading it, and the append's `no_stream` expectation checks that
   * presumption. Should the stream exist after all (the store refuses the
   * append, or the decider refuses the command), it is read and the command
   * decided again as any other. Saves a receipt its round trip to the store.
   */
  newAggregate?: boolean;
}

export interface AggregateCommandResult<State> {
  aggregateId: string;
  /** Revision of the aggregate's last event after the command. */
  revision: number;
  /** Global log position of that event, for read-your-writes on read models. */
  position: number;
  /** The aggregate's state right after the command. */
  state: State;
  /** Types of the events this command appended. */
  events: string[];
  /** True when the command had been applied before and this is its original result. */
  replayed: boolean;
}

/** How often a command is re-decided when another writer got to the aggregate first. */
const MAX_ATTEMPTS = 5;

/** Streams a process remembers as it last wrote them (RecentStreams): a few megabytes of state. */
const DEFAULT_REMEMBERED_STREAMS = 10_000;

/**
 * The command side for any decider: read the aggregate's stream, decide,
 * append at the revision that was read. A concurrent writer makes the append
 * fail and the command is decided again on the newer state, so no update is
 * lost and no rule is checked against stale state. Event ids derive from the
 * command id, so a retried command is recognised instead of applied twice.
 * A stream this process wrote last is not read again: the state its append
 * left is remembered (RecentStreams), and the same failed append, a refusal
 * or an If-Match mismatch send the command back to read the stream.
 *
 * Every aggregate goes through it: complaints (ComplaintCommandService),
 * surveys and early warnings.
 */
export class AggregateCommandService<
  Command extends { type: string },
  Event extends { type: string; data: unknown },
  State,
> {
  constructor(
    private readonly kind: AggregateKind<Command, Event, State>,
    private readonly store: EventStore,
    private readonly clock: () => Date = () => new Date(),
    rememberedStreams = DEFAULT_REMEMBERED_STREAMS,
  ) {
    this.recent = new RecentStreams(rememberedStreams);
  }

  private readonly recent: RecentStreams<State>;

  /**
   * In a span of its own (`command <Type>`), the child of the caller's (the
   * HTTP request's), with the read and the append as its children; every
   * event appended records this span's trace context in its metadata, so
   * whoever handles the event later can follow the trace back to the command.
   */
  execute(request: AggregateCommandRequest<Command>): Promise<AggregateCommandResult<State>> {
    const attributes = {
      'redress.command.type': request.command.type,
      'redress.command.id': request.commandId,
      'redress.aggregate.id': request.aggregateId,
    };
    return inSpan(`command ${request.command.type}`, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
      const result = await this.decideAndAppend(request);
      span.setAttributes({ 'redress.command.replayed': result.replayed, 'redress.stream.revision': result.revision });
      return result;
    });
  }

  private async decideAndAppend(request: AggregateCommandRequest<Command>): Promise<AggregateCommandResult<State>> {
    const { kind } = this;
    const streamId = kind.streamId(request.aggregateId);
    const traceContext = traceContextFields();
    // Only while nothing contradicts it; a contradiction does not count as an attempt, as no other writer caused it.
    let presumedNew = request.newAggregate === true && request.expectedRevision === undefined;
    // The same holds for the stream as this process last wrote it (RecentStreams).
    let remembered = presumedNew ? undefined : this.recent.get(streamId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      let history: RecordedEvent[] | null = null;
      let known: KnownStream<State> | null = null; // null: the stream has no events
      if (remembered) known = remembered;
      else if (!presumedNew) known = this.knownFrom((history = await this.readStream(streamId)));
      const fromMemory = known !== null && known === remembered;
      const readInstead = () => {
        this.recent.forget(streamId);
        remembered = undefined;
        attempt--;
      };

      if (known?.commandIds.has(request.commandId)) {
        return this.originalResult(request, history ?? (await this.readStream(streamId)));
      }
      if (known === null && !kind.startsStream(request.command)) throw kind.notFound(request.aggregateId);
      const currentRevision = known ? known.revision : -1;
      if (request.expectedRevision !== undefined && request.expectedRevision !== currentRevision) {
        if (fromMemory) {
          readInstead();
          continue;
        }
        throw kind.revisionMismatch(request.aggregateId, request.expectedRevision, currentRevision);
      }

      const state = known ? known.state : kind.decider.initialState;
      const issuedAt = this.clock().toISOString();
      let decided: Event[];
      try {
        decided = kind.decider.decide({ ...request.command, issuedAt } as unknown as Command, state);
      } catch (error) {
        // Refused on a presumed or remembered state: the stream's real history decides (e.g. the command was applied).
        if (fromMemory) {
          readInstead();
          continue;
        }
        if (!presumedNew) throw error;
        presumedNew = false;
        attempt--;
        continue;
      }
      const unchained: NewEvent[] = decided.map((event, index) => ({
        eventId: deterministicEventId(request.commandId, index),
        type: event.type,
        schemaVersion: kind.schemaVersionOf(event.type),
        data: event.data,
        metadata: {
          commandId: request.commandId,
          commandType: request.command.type,
          correlationId: request.correlationId,
          causationId: request.causationId ?? request.commandId,
          actor: request.actor,
          occurredAt: issuedAt,
          ...traceContext,
        },
      }));
      // Every stream is hash-chained like the complaint streams, so verifyChain proves it untampered.
      const newEvents = chainEvents(streamId, known?.head ?? null, unchained);
      try {
        const expected = known ? currentRevision : 'no_stream';
        const appendAttributes = {
          'redress.stream.id': streamId,
          'redress.stream.expected_revision': String(expected),
          'redress.events.count': newEvents.length,
        };
        const appended = await inSpan('event-store append', { attributes: appendAttributes }, () =>
          this.store.append(streamId, newEvents, expected),
        );
        if (appended.alreadyAppended) {
          // A concurrent duplicate of this command committed first; answer as it was answered.
          this.recent.forget(streamId);
          return this.originalResult(request, await this.store.readStream(streamId));
        }
        const after = decided.reduce(kind.decider.evolve, state);
        const commandIds = known?.commandIds ?? new Set<string>();
        commandIds.add(request.commandId);
        const head = { revision: appended.revision, metadata: newEvents[newEvents.length - 1].metadata };
        this.recent.remember(streamId, { revision: appended.revision, state: after, head, commandIds });
        return {
          aggregateId: request.aggregateId,
          revision: appended.revision,
          position: appended.position,
          state: after,
          events: decided.map((event) => event.type),
          replayed: false,
        };
      } catch (error) {
        // Whatever the store answered, the stream may no longer be as remembered.
        this.recent.forget(streamId);
        remembered = undefined;
        // A presumption the store contradicts (the stream exists after all, or holds some of these event ids):
        // read the stream and decide again. A remembered stream that moved on is a conflict like any other.
        const contradicted =
          error instanceof DuplicateEventIdError
            ? presumedNew || fromMemory
            : presumedNew && error instanceof WrongExpectedRevisionError;
        if (contradicted) {
          presumedNew = false;
          attempt--;
          continue;
        }
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (request.expectedRevision !== undefined) {
          throw kind.revisionMismatch(request.aggregateId, request.expectedRevision, error.actual ?? -1);
        }
      }
    }
    throw kind.retriesExhausted(request.aggregateId, MAX_ATTEMPTS);
  }

  private readStream(streamId: string): Promise<RecordedEvent[]> {
    return inSpan('event-store read stream', { attributes: { 'redress.stream.id': streamId } }, () =>
      this.store.readStream(streamId),
    );
  }

  /** What deciding needs of a stream that was read: null when it has no events. */
  private knownFrom(history: readonly RecordedEvent[]): KnownStream<State> | null {
    const head = history.at(-1);
    if (!head) return null;
    return {
      revision: head.revision,
      state: this.fold(history),
      head,
      commandIds: new Set(history.map((event) => String(event.metadata.commandId))),
    };
  }

  /** The aggregate's state after the given stored events. */
  fold(recorded: readonly RecordedEvent[]): State {
    return recorded.reduce(
      (state, event) => this.kind.decider.evolve(state, this.kind.upcast(event)),
      this.kind.decider.initialState,
    );
  }

  /** Rebuilds the response the command got when it was first applied, from the events it appended. */
  private originalResult(
    request: AggregateCommandRequest<Command>,
    history: RecordedEvent[],
  ): AggregateCommandResult<State> {
    const own = history.filter((event) => event.metadata.commandId === request.commandId);
    const originalType = String(own[0].metadata.commandType);
    if (originalType !== request.command.type) {
      throw new IdempotencyKeyReusedError(request.commandId, originalType, request.command.type);
    }
    const last = own[own.length - 1];
    return {
      aggregateId: request.aggregateId,
      revision: last.revision,
      position: last.position,
      state: this.fold(history.slice(0, last.revision + 1)),
      events: own.map((event) => event.type),
      replayed: true,
    };
  }
}

/**
 * The usual AggregateKind: streams named `<prefix><id>`, events read back
 * through the aggregate's upcaster, and the listed command types starting
 * a stream.
 */
export function streamPerAggregate<
  Command extends { type: string },
  Event extends { type: string; data: unknown },
  State,
>(options: {
  streamPrefix: string;
  decider: Decider<Command, Event, State>;
  schemaVersions: Readonly<Record<Event['type'], number>>;
  upcast: (recorded: RecordedEvent) => Event;
  startingCommands: readonly Command['type'][];
  errors: Pick<AggregateKind<Command, Event, State>, 'notFound' | 'revisionMismatch' | 'retriesExhausted'>;
}): AggregateKind<Command, Event, State> {
  return {
    streamId: (aggregateId) => `${options.streamPrefix}${aggregateId}`,
    decider: options.decider,
    schemaVersionOf: (type) => options.schemaVersions[type as Event['type']],
    upcast: options.upcast,
    startsStream: (command) => options.startingCommands.includes(command.type),
    ...options.errors,
  };
}
