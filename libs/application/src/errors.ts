/** No complaint with this id has been received. */
export class ComplaintNotFoundError extends Error {
  readonly code = 'COMPLAINT_NOT_FOUND';
  constructor(readonly complaintId: string) {
    super(`complaint ${complaintId} does not exist`);
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
export class RevisionMismatchError extends Error {
  readonly code = 'REVISION_MISMATCH';
  constructor(
    readonly complaintId: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(`complaint ${complaintId} is at revision ${actualRevision}, not ${expectedRevision}`);
    this.name = 'RevisionMismatchError';
  }
}

/** Writers kept colliding on the same complaint; the command was not applied and may be retried. */
export class ConcurrencyRetriesExhaustedError extends Error {
  readonly code = 'CONCURRENT_MODIFICATION';
  constructor(
    readonly complaintId: string,
    readonly attempts: number,
  ) {
    super(`complaint ${complaintId} was modified concurrently ${attempts} times in a row; retry the command`);
    this.name = 'ConcurrencyRetriesExhaustedError';
  }
}
