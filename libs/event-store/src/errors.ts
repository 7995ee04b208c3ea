import type { ExpectedRevision } from './port';

/** An optimistic-concurrency conflict: the stream is not where the writer expected it. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or null when it does not exist. */
    readonly actual: number | null,
  ) {
    super(
      `stream ${streamId}: expected ${typeof expected === 'number' ? `revision ${expected}` : expected}, but it is ${
        actual === null ? 'absent' : `at revision ${actual}`
      }`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some of the appended event ids exist already, but not as this exact append. */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly streamId: string,
    readonly eventIds: string[],
  ) {
    super(`stream ${streamId}: event ids ${eventIds.join(', ')} were already stored by a different append`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The store cannot be reached or failed; the caller may retry later. */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
