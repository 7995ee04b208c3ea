import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Pool, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { EventStoreUnavailableError } from '../errors';
import type { SqlClient, SqlExecutor, TransactionOptions } from '../sql/sql-client';

/** Adapts a node-postgres pool to the shared SQL client surface. */
export class PgSqlClient implements SqlClient {
  constructor(private readonly pool: Pool) {
    // An idle pooled connection can die (server restart, pg_terminate_backend). The pool discards it and
    // connects anew on demand; without a listener the 'error' event would crash the process.
    pool.on('error', () => undefined);
  }

  async query<Row>(text: string, params?: unknown[], statementName?: string): Promise<{ rows: Row[] }> {
    try {
      const result = await this.pool.query<QueryResultRow>({ text, values: params, name: statementName });
      return { rows: result.rows as Row[] };
    } catch (error) {
      throw asStoreError(error);
    }
  }

  async transaction<T>(
    work: (tx: SqlExecutor, opened: Record<string, unknown>[]) => Promise<T>,
    { opening }: TransactionOptions = {},
  ): Promise<T> {
    const connection = await this.pool.connect().catch((error: unknown) => {
      throw asStoreError(error);
    });
    let unusable = false;
    // A checked-out connection has no listener of the pool's: should the server go away between two queries,
    // its 'error' event would crash the process. The query in hand (or the next) fails instead.
    const lost = () => {
      unusable = true;
    };
    connection.on('error', lost);
    try {
      const opened = await begin(connection, opening);
      const result = await work(
        {
          query: async <Row>(text: string, params?: unknown[], statementName?: string) => ({
            rows: (await connection.query<QueryResultRow>({ text, values: params, name: statementName })).rows as Row[],
          }),
          copyFrom: (statement, data) => copyInto(connection, statement, data),
        },
        opened,
      );
      await connection.query('COMMIT');
      return result;
    } catch (error) {
      await connection.query('ROLLBACK').catch(() => {
        unusable = true;
      });
      throw asStoreError(error);
    } finally {
      // A connection that could not even roll back is broken: destroy it rather than hand it out again.
      connection.off('error', lost);
      connection.release(unusable);
    }
  }

  /** Outside a transaction of the caller's, the COPY runs in one of its own: all of its rows or none. */
  async copyFrom(statement: string, data: Iterable<string>): Promise<void> {
    await this.transaction(async (tx) => tx.copyFrom?.(statement, data));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * Sends BEGIN and the opening statements as one simple-protocol query (a
 * single message and a single answer) and returns the last statement's rows.
 */
async function begin(connection: PoolClient, opening: string | undefined): Promise<Record<string, unknown>[]> {
  if (opening === undefined) {
    await connection.query('BEGIN');
    return [];
  }
  // Several statements in one text answer with one result each.
  const results = (await connection.query(`BEGIN; ${opening}`)) as unknown as QueryResult[];
  return results[results.length - 1].rows;
}

/**
 * Streams `data` into a `COPY … FROM STDIN` on `connection`, pausing while
 * the socket is full. Should the server refuse a row, the COPY fails as a
 * whole, and with it the transaction it runs in.
 */
async function copyInto(connection: PoolClient, statement: string, data: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(data), connection.query(copyFromStdin(statement)));
}

/** Node's socket errors and PostgreSQL's connection-loss SQLSTATEs: the store is unreachable, not the request wrong. */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const CONNECTION_SQLSTATES = /^(08|57P0[1-3])/;

/** Maps a lost or refused connection to EventStoreUnavailableError; leaves every other error as it is. */
export function asStoreError(error: unknown): unknown {
  if (error instanceof EventStoreUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const lost =
    (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || CONNECTION_SQLSTATES.test(code))) ||
    /^Connection terminated/.test(message);
  return lost ? new EventStoreUnavailableError(`PostgreSQL unavailable: ${message}`, { cause: error }) : error;
}

export interface PostgresConnectionOptions {
  connectionString: string;
  /** Every connection resolves unqualified table names in this schema first. */
  schema: string;
  poolSize?: number;
  applicationName?: string;
}

/** A pooled SQL client on one schema, e.g. for read models next to (or apart from) the event store. */
export function openPostgresSqlClient(options: PostgresConnectionOptions): PgSqlClient {
  return new PgSqlClient(
    new Pool({
      connectionString: options.connectionString,
      options: `-c search_path=${options.schema}`,
      application_name: options.applicationName ?? 'redress',
      max: options.poolSize ?? 4,
    }),
  );
}
