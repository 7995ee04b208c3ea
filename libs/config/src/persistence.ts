import { openEmbeddedDatabase, type EventStore, type SqlClient } from '@redress/event-store';
import type { EventStoreConfig } from './app-config';

/** The event store, and the database that holds the read models (projections and their checkpoints). */
export interface Persistence {
  eventStore: EventStore;
  readModels: SqlClient;
  close(): Promise<void>;
}

/** Opens the configured event-store adapter and read-model database; used by every process. */
export async function openPersistence(config: EventStoreConfig): Promise<Persistence> {
  switch (config.kind) {
    case 'embedded': {
      // One embedded database holds both the log and the read models.
      const { eventStore, sql } = await openEmbeddedDatabase(config.dataDir);
      return { eventStore, readModels: sql, close: () => eventStore.close() };
    }
  }
}
