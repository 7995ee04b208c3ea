import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { migrateEventStore } from '../sql/migrations';
import { SqlEventStore } from '../sql/sql-event-store';
import { PgliteSqlClient } from './pglite-sql-client';

/**
 * The default store: PostgreSQL compiled to WebAssembly (PGlite), in-process,
 * persisted under `<dataDir>/event-store`. It runs the same schema and SQL as
 * the PostgreSQL adapter, so moving to a server changes configuration only.
 * One process at a time may open a data directory.
 */
export async function openEmbeddedEventStore(dataDir: string | null): Promise<SqlEventStore> {
  let directory: string | undefined;
  if (dataDir !== null) {
    directory = join(dataDir, 'event-store');
    await mkdir(directory, { recursive: true });
  }
  const client = await PgliteSqlClient.open(directory);
  await migrateEventStore(client);
  return new SqlEventStore(client);
}
