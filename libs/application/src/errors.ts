import { AggregateConcurrencyError, AggregateNotFoundError, AggregateRevisionMismatchError } from './aggregate-errors';

/** No complaint with this id has been received. */
export class ComplaintNotFoundError extends AggregateNotFoundError {
  constructor(readonly complaintId: string) {
    super('complaint', complaintId);
    this.name = 'ComplaintNotFoundError';
  }
}

/** An idempotency key (hence a command id) was reused for a different command. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(
    readonly commandId: string,
    readonly originalCommand: string,
    readonly attemptedCommand: string,
  ) {
    super(`this idempotency key was already used for ${originalCommand}; it cannot be reused for ${attemptedCommand}`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The caller's precondition (If-Match) does not hold: the complaint changed since it was read. */
export class RevisionMismatchError extends AggregateRevisionMismatchError {
  constructor(
    readonly complaintId: string,
    expectedRevision: number,
    actualRevision: number,
  ) {
    super('complaint', complaintId, expectedRevision, actualRevision);
    this.name = 'RevisionMismatchError';
  }
}

/** Writers kept colliding on the same complaint; the command was not applied and may be retried. */
export class ConcurrencyRetriesExhaustedError extends AggregateConcurrencyError {
  constructor(
    readonly complaintId: string,
    attempts: number,
  ) {
    super('complaint', complaintId, attempts);
    this.name = 'ConcurrencyRetriesExhaustedError';
  }
}
