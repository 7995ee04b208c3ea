import {
  InProcessLeases,
  PostgresAdvisoryLeases,
  openEmbeddedDatabase,
  openKurrentDbEventStore,
  openPostgresEventStore,
  openPostgresSqlClient,
  type EventStore,
  type LeaseManager,
  type SqlClient,
} from '@redress/event-store';
import type { EventStoreConfig, PostgresConfig } from './app-config';

/**
 * The event store, the database that holds the read models (projections and
 * their checkpoints), and the leases that place background work in exactly
 * one process (kept in the read-model database).
 */
export interface Persistence {
  eventStore: EventStore;
  readModels: SqlClient;
  leases: LeaseManager;
  close(): Promise<void>;
}

/** Opens the configured event-store adapter and read-model database; used by every process. */
export async function openPersistence(config: EventStoreConfig, applicationName = 'redress'): Promise<Persistence> {
  switch (config.kind) {
    case 'embedded': {
      // One embedded database holds both the log and the read models.
      const { eventStore, sql } = await openEmbeddedDatabase(config.dataDir);
      // The data directory admits one process, so every lease is this process's.
      const leases = new InProcessLeases();
      return { eventStore, readModels: sql, leases, close: closeAll(eventStore, leases) };
    }
    case 'postgres': {
      const eventStore = await openPostgresEventStore({
        connectionString: config.postgres.url,
        schema: config.postgres.schema,
        poolSize: config.postgres.poolSize,
        applicationName: `${applicationName}:events`,
      });
      const readModels = openReadModelPool(config.postgres, applicationName);
      const leases = openLeases(config.postgres, applicationName);
      return { eventStore, readModels, leases, close: closeAll(eventStore, readModels, leases) };
    }
    case 'kurrentdb': {
      const eventStore = openKurrentDbEventStore({ connectionString: config.connectionString });
      const readModels = openReadModelPool(config.readModels, applicationName);
      // No PostgreSQL event store creates the schema in this set-up; the name was validated with the configuration.
      await readModels.query(`CREATE SCHEMA IF NOT EXISTS ${config.readModels.schema}`);
      const leases = openLeases(config.readModels, applicationName);
      return { eventStore, readModels, leases, close: closeAll(eventStore, readModels, leases) };
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

/** Leases in the read-model database, named within its schema so deployments sharing a server stay apart. */
function openLeases(postgres: PostgresConfig, applicationName: string): LeaseManager {
  return new PostgresAdvisoryLeases({
    connectionString: postgres.url,
    namespace: postgres.schema,
    applicationName: `${applicationName}:leases`,
  });
}

function closeAll(...resources: { close(): Promise<void> }[]): () => Promise<void> {
  return async () => {
    // In reverse order of opening, so the leases go first: whatever they guard has stopped by now, and
    // another process can take it over while this one is still closing its pools.
    for (const resource of resources.slice().reverse()) await resource.close().catch(() => undefined);
  };
}
