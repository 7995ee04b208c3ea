import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlExecutor, TransactionOptions } from '../sql/sql-client';
import { DataDirectoryLock } from './data-directory-lock';

/** Adapts an in-process PGlite database to the shared SQL client surface. */
export class PgliteSqlClient implements SqlClient {
  private constructor(
    private readonly db: PGlite,
    private readonly lock: DataDirectoryLock | null,
  ) {}

  /** Opens (creating if needed) a PGlite database; `dataDir` undefined keeps it in memory. */
  static async open(dataDir: string | undefined): Promise<PgliteSqlClient> {
    const lock = dataDir ? await DataDirectoryLock.acquire(dataDir) : null;
    try {
      const db = dataDir ? new PGlite(dataDir) : new PGlite();
      await db.waitReady;
      return new PgliteSqlClient(db, lock);
    } catch (error) {
      await lock?.release();
      throw error;
    }
  }

  async query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[] }> {
    const result = await this.db.query<Row>(text, params);
    return { rows: result.rows };
  }

  // PGlite runs one transaction at a time and queues the rest, which is also what makes its appends serial.
  transaction<T>(
    work: (tx: SqlExecutor, opened: Record<string, unknown>[]) => Promise<T>,
    { opening }: TransactionOptions = {},
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      // In process, the opening saves no round trip; it runs as the first statements all the same.
      const results = opening === undefined ? [] : await tx.exec(opening);
      return work(
        {
          query: async <Row>(text: string, params?: unknown[]) => ({ rows: (await tx.query<Row>(text, params)).rows }),
        },
        (results[results.length - 1]?.rows ?? []) as Record<string, unknown>[],
      );
    });
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
    await this.lock?.release();
  }
}
