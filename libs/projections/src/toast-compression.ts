import type { SqlExecutor } from '@redress/event-store';

/**
 * The column clause that compresses a large value with LZ4 where the server was built with it, else nothing
 * (PostgreSQL's own pglz, as on the embedded PGlite). LZ4 compresses and decompresses several times faster;
 * both are read back transparently, so tables made either way hold the same values.
 */
export async function fastCompressionClause(db: SqlExecutor): Promise<string> {
  const { rows } = await db.query<{ lz4: boolean }>(
    `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
  );
  return rows[0]?.lz4 ? 'COMPRESSION lz4' : '';
}
