import {
  COMPLAINT_EVENT_SCHEMA_VERSIONS,
  complaintDecider,
  type ComplaintCommand,
  type ComplaintStatus,
} from '@redress/domain';
import {
  WrongExpectedRevisionError,
  type Actor,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@redress/event-store';
import { chainEvents } from './audit/hash-chain';
import { foldComplaintHistory } from './complaint-history';
import { complaintStreamId, deterministicEventId } from './complaint-stream';
import {
  ComplaintNotFoundError,
  ConcurrencyRetriesExhaustedError,
  IdempotencyKeyReusedError,
  RevisionMismatchError,
} from './errors';

/** A command without its instant: the service stamps `issuedAt` from its clock. */
export type UnstampedComplaintCommand = ComplaintCommand extends infer C
  ? C extends ComplaintCommand
    ? Omit<C, 'issuedAt'>
    : never
  : never;

export interface ComplaintCommandRequest {
  complaintId: string;
  command: UnstampedComplaintCommand;
  /** Unique per logical command; a retry with the same id is answered from the store, not re-applied. */
  commandId: string;
  correlationId: string;
  /** The message that caused this command (e.g. an HTTP request id); defaults to the command id. */
  causationId?: string;
  actor: Actor;
  /** The revision the caller last saw (HTTP If-Match); a mismatch is refused rather than retried. */
  expectedRevision?: number;
}

export interface ComplaintCommandResult {
  complaintId: string;
  /** Revision of the complaint's last event after the command. */
  revision: number;
  /** Global log position of that event: pass it as `minPosition` to read your own write from a read model. */
  position: number;
  status: ComplaintStatus;
  /** Types of the events this command appended. */
  events: string[];
  /** True when the command had been applied before and this is its original result. */
  replayed: boolean;
}

/** How often a command is re-decided when another writer got to the complaint first. */
const MAX_ATTEMPTS = 5;

/**
 * The command side: read the complaint's stream, decide, append at the
 * revision that was read. A concurrent writer makes the append fail, and the
 * command is decided again on the newer state, so no update is ever lost and
 * no rule is checked against stale state.
 */
export class ComplaintCommandService {
  constructor(
    private readonly store: EventStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(request: ComplaintCommandRequest): Promise<ComplaintCommandResult> {
    const streamId = complaintStreamId(request.complaintId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const history = await this.store.readStream(streamId);
      const earlier = history.filter((event) => event.metadata.commandId === request.commandId);
      if (earlier.length > 0) return this.originalResult(request, history, earlier);

      if (history.length === 0 && request.command.type !== 'ReceiveComplaint') {
        throw new ComplaintNotFoundError(request.complaintId);
      }
      const currentRevision = history.length - 1;
      if (request.expectedRevision !== undefined && request.expectedRevision !== currentRevision) {
        throw new RevisionMismatchError(request.complaintId, request.expectedRevision, currentRevision);
      }

      const state = foldComplaintHistory(history);
      const issuedAt = this.clock().toISOString();
      const decided = complaintDecider.decide({ ...request.command, issuedAt } as ComplaintCommand, state);
      const unchained: NewEvent[] = decided.map((event, index) => ({
        eventId: deterministicEventId(request.commandId, index),
        type: event.type,
        schemaVersion: COMPLAINT_EVENT_SCHEMA_VERSIONS[event.type],
        data: event.data,
        metadata: {
          commandId: request.commandId,
          commandType: request.command.type,
          correlationId: request.correlationId,
          causationId: request.causationId ?? request.commandId,
          actor: request.actor,
          occurredAt: issuedAt,
        },
      }));
      const newEvents = chainEvents(streamId, history.at(-1) ?? null, unchained);
      try {
        const appended = await this.store.append(streamId, newEvents, history.length ? currentRevision : 'no_stream');
        if (appended.alreadyAppended) {
          // A concurrent duplicate of this command committed first; answer as it was answered.
          return this.originalResult(request, await this.store.readStream(streamId), undefined);
        }
        const next = decided.reduce(complaintDecider.evolve, state);
        return {
          complaintId: request.complaintId,
          revision: appended.revision,
          position: appended.position,
          status: next.status,
          events: decided.map((event) => event.type),
          replayed: false,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (request.expectedRevision !== undefined) {
          throw new RevisionMismatchError(request.complaintId, request.expectedRevision, error.actual ?? -1);
        }
      }
    }
    throw new ConcurrencyRetriesExhaustedError(request.complaintId, MAX_ATTEMPTS);
  }

  /** Rebuilds the response the command got when it was first applied, from the events it appended. */
  private originalResult(
    request: ComplaintCommandRequest,
    history: RecordedEvent[],
    earlier: RecordedEvent[] | undefined,
  ): ComplaintCommandResult {
    const own = earlier ?? history.filter((event) => event.metadata.commandId === request.commandId);
    const originalType = String(own[0].metadata.commandType);
    if (originalType !== request.command.type) {
      throw new IdempotencyKeyReusedError(request.commandId, originalType, request.command.type);
    }
    const last = own[own.length - 1];
    const lastRevision = last.revision;
    const stateThen = foldComplaintHistory(history.slice(0, lastRevision + 1));
    return {
      complaintId: request.complaintId,
      revision: lastRevision,
      position: last.position,
      status: stateThen.status,
      events: own.map((event) => event.type),
      replayed: true,
    };
  }
}
