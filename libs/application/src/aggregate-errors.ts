/**
 * Errors of the generic aggregate command service. Each names the kind of
 * aggregate; the complaint's errors (errors.ts) are these with the kind
 * fixed, so adapters can answer every aggregate alike.
 */
export class AggregateNotFoundError extends Error {
  readonly code: string;
  constructor(
    readonly aggregate: string,
    readonly aggregateId: string,
  ) {
    super(`${aggregate} ${aggregateId} does not exist`);
    this.code = `${aggregate.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_NOT_FOUND`;
    this.name = 'AggregateNotFoundError';
  }
}

export class AggregateRevisionMismatchError extends Error {
  readonly code = 'REVISION_MISMATCH';
  constructor(
    readonly aggregate: string,
    readonly aggregateId: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(`${aggregate} ${aggregateId} is at revision ${actualRevision}, not ${expectedRevision}`);
    this.name = 'AggregateRevisionMismatchError';
  }
}

export class AggregateConcurrencyError extends Error {
  readonly code = 'CONCURRENT_MODIFICATION';
  constructor(
    readonly aggregate: string,
    readonly aggregateId: string,
    readonly attempts: number,
  ) {
    super(`${aggregate} ${aggregateId} was modified concurrently ${attempts} times in a row; retry the command`);
    this.name = 'AggregateConcurrencyError';
  }
}

/** The error hooks of an `AggregateKind` for an aggregate named `aggregate` (e.g. "survey"). */
export function aggregateErrors(aggregate: string) {
  return {
    notFound: (id: string) => new AggregateNotFoundError(aggregate, id),
    revisionMismatch: (id: string, expected: number, actual: number) =>
      new AggregateRevisionMismatchError(aggregate, id, expected, actual),
    retriesExhausted: (id: string, attempts: number) => new AggregateConcurrencyError(aggregate, id, attempts),
  };
}
