/**
 * The little SQL surface the shared SQL event store needs. PGlite (embedded)
 * and node-postgres (PostgreSQL) each get a thin adapter to it, so both run
 * the very same append and read statements.
 */
export interface SqlExecutor {
  /**
   * `statementName`, when given, names a statement whose text never changes:
   * a client that can (node-postgres) prepares it once per connection and
   * then only binds and executes it, instead of parsing and planning it on
   * every call. Clients without prepared statements ignore it.
   */
  query<Row = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    statementName?: string,
  ): Promise<{ rows: Row[] }>;
  /**
   * Runs a `COPY … FROM STDIN` statement, sending `data` (chunks of rows in
   * the statement's format) as its input. Optional: only clients that can
   * stream COPY data (node-postgres) have it; callers fall back to INSERT
   * statements without it. Bulk loads use it because the server reads COPY
   * rows several times cheaper than the same rows as INSERT parameters.
   */
  copyFrom?(statement: string, data: Iterable<string>): Promise<void>;
}

export interface SqlClient extends SqlExecutor {
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Quotes an SQL identifier (doubling embedded quotes), for the few names that cannot be bind parameters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
