import { escapeLiteral } from 'pg';

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

export interface TransactionOptions {
  /**
   * Statements without parameters to run first in the transaction, sent
   * together with its BEGIN so that they cost no round trip of their own;
   * `work` receives the rows of the last one. A projection's live batches
   * open this way with their checkpoint move: a round trip is a syscall on
   * each side and a wake-up of the other, which costs a batch's worker as
   * much as a statement's work does.
   */
  opening?: string;
}

export interface SqlClient extends SqlExecutor {
  transaction<T>(
    work: (tx: SqlExecutor, opened: Record<string, unknown>[]) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  close(): Promise<void>;
}

/** Quotes an SQL identifier (doubling embedded quotes), for the few names that cannot be bind parameters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Writes a text as an SQL string literal (node-postgres's escaping), for
 * statements that cannot have bind parameters (`TransactionOptions.opening`).
 * A NUL is refused here, where the caller can tell which text held it.
 */
export function quoteLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('an SQL string cannot hold a NUL character');
  return escapeLiteral(text);
}
