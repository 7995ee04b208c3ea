import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlClient } from '../sql/sql-client';
import { migrateEventStore } from '../sql/migrations';
import { SqlEventStore } from '../sql/sql-event-store';
import { PgliteSqlClient } from './pglite-sql-client';

/**
 * The embedded database: PostgreSQL compiled to WebAssembly (PGlite),
 * in-process, persisted under `<dataDir>/event-store`. It holds the event log
 * with the same schema and SQL as the PostgreSQL adapter (moving to a server
 * changes configuration only) and, through `sql`, the read models too.
 * One process at a time may open a data directory.
 */
export interface EmbeddedDatabase {
  eventStore: SqlEventStore;
  /** The same connection, for read models; closing the event store closes it. */
  sql: SqlClient;
}

/** `dataDir` null keeps everything in memory (tests). */
export async function openEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  let directory: string | undefined;
  if (dataDir !== null) {
    directory = join(dataDir, 'event-store');
    await mkdir(directory, { recursive: true });
  }
  const sql = await PgliteSqlClient.open(directory);
  await migrateEventStore(sql);
  return { eventStore: new SqlEventStore(sql), sql };
}

export async function openEmbeddedEventStore(dataDir: string | null): Promise<SqlEventStore> {
  return (await openEmbeddedDatabase(dataDir)).eventStore;
}
