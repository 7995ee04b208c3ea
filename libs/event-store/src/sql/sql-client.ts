/**
 * The little SQL surface the shared SQL event store needs. PGlite (embedded)
 * and node-postgres (PostgreSQL) each get a thin adapter to it, so both run
 * the very same append and read statements.
 */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: Row[] }>;
}

export interface SqlClient extends SqlExecutor {
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Quotes an SQL identifier (doubling embedded quotes), for the few names that cannot be bind parameters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
