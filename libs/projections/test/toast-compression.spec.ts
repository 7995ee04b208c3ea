import { openPostgresSqlClient, type SqlClient } from '@redress/event-store';
import { PgliteSqlClient } from '../../event-store/src/embedded/pglite-sql-client';
import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../event-store/test/support/postgres-test-schema';
import { slaTrackingProjection } from '../src';

/** The compression method recorded for a column: 'l' for LZ4, 'p' for pglz, '' for the server's default. */
async function compressionOf(db: SqlClient, table: string, column: string): Promise<string> {
  const { rows } = await db.query<{ method: string }>(
    `SELECT attcompression::text AS method FROM pg_attribute
     WHERE attrelid = to_regclass($1) AND attname = $2`,
    [table, column],
  );
  return rows[0].method;
}

const asLogical = (name: string) => name;

describe('SLA complaint history compression', () => {
  it('is LZ4 on a PostgreSQL built with it, and a long history reads back whole', async () => {
    const [{ lz4 }] = await adminQuery<{ lz4: boolean }>(
      `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    );
    // Debian's and the official images' PostgreSQL have LZ4: a server here without it is a different build.
    expect(lz4).toBe(true);
    const schema = randomSchemaName();
    await adminQuery(`CREATE SCHEMA ${schema}`);
    const db = openPostgresSqlClient({ connectionString: POSTGRES_URL, schema });
    try {
      await slaTrackingProjection.createTables(db, asLogical);
      expect(await compressionOf(db, 'sla_complaints', 'history')).toBe('l');
      const history = Array.from({ length: 200 }, (_, i) => ({ type: 'ComplaintNoted', data: { note: `note ${i}` } }));
      await db.query(
        `INSERT INTO sla_complaints VALUES ($1, 'p', 1, 'd', 'selection', true, now(), now(), NULL, '{}', $2, 1)`,
        ['6f1c2a4e-0000-4000-8000-000000000001', JSON.stringify(history)],
      );
      const { rows } = await db.query<{ history: unknown; method: string }>(
        `SELECT history, pg_column_compression(history) AS method FROM sla_complaints`,
      );
      expect(rows[0]).toEqual({ history, method: 'lz4' });
    } finally {
      await db.close();
      await dropSchema(schema);
    }
  });

  it('falls back to the default on the embedded PGlite, which has only pglz', async () => {
    const db = await PgliteSqlClient.open(undefined);
    try {
      await slaTrackingProjection.createTables(db, asLogical);
      expect(await compressionOf(db, 'sla_complaints', 'history')).toBe('');
    } finally {
      await db.close();
    }
  });
});
