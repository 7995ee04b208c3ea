import {
  openEmbeddedDatabase,
  openKurrentDbEventStore,
  openPostgresEventStore,
  openPostgresSqlClient,
  type EventStore,
  type SqlClient,
} from '@redress/event-store';
import type { EventStoreConfig, PostgresConfig } from './app-config';

/** The event store, and the database that holds the read models (projections and their checkpoints). */
export interface Persistence {
  eventStore: EventStore;
  readModels: SqlClient;
  close(): Promise<void>;
}

/** Opens the configured event-store adapter and read-model database; used by every process. */
export async function openPersistence(config: EventStoreConfig, applicationName = 'redress'): Promise<Persistence> {
  switch (config.kind) {
    case 'embedded': {
      // One embedded database holds both the log and the read models.
      const { eventStore, sql } = await openEmbeddedDatabase(config.dataDir);
      return { eventStore, readModels: sql, close: () => eventStore.close() };
    }
    case 'postgres': {
      const eventStore = await openPostgresEventStore({
        connectionString: config.postgres.url,
        schema: config.postgres.schema,
        poolSize: config.postgres.poolSize,
        applicationName: `${applicationName}:events`,
      });
      const readModels = openReadModelPool(config.postgres, applicationName);
      return { eventStore, readModels, close: closeBoth(eventStore, readModels) };
    }
    case 'kurrentdb': {
      const eventStore = openKurrentDbEventStore({ connectionString: config.connectionString });
      const readModels = openReadModelPool(config.readModels, applicationName);
      // No PostgreSQL event store creates the schema in this set-up; the name was validated with the configuration.
      await readModels.query(`CREATE SCHEMA IF NOT EXISTS ${config.readModels.schema}`);
      return { eventStore, readModels, close: closeBoth(eventStore, readModels) };
    }
  }
}

function openReadModelPool(postgres: PostgresConfig, applicationName: string): SqlClient {
  return openPostgresSqlClient({
    connectionString: postgres.url,
    schema: postgres.schema,
    poolSize: postgres.poolSize,
    applicationName: `${applicationName}:read-models`,
  });
}

function closeBoth(eventStore: EventStore, readModels: SqlClient): () => Promise<void> {
  return async () => {
    await Promise.allSettled([eventStore.close(), readModels.close()]);
  };
}
