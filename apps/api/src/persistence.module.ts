import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, openEmbeddedDatabase, type EventStore, type SqlClient } from '@redress/event-store';
import type { EventStoreConfig } from './config/app-config';

/** The database that holds the read models (projections and their checkpoints). */
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

interface Persistence {
  eventStore: EventStore;
  readModels: SqlClient;
  close(): Promise<void>;
}

const PERSISTENCE = Symbol('PERSISTENCE');

/** Opens the configured event store and the read-model database behind their ports. */
export async function openPersistence(config: EventStoreConfig): Promise<Persistence> {
  switch (config.kind) {
    case 'embedded': {
      // One embedded database holds both the log and the read models.
      const { eventStore, sql } = await openEmbeddedDatabase(config.dataDir);
      return { eventStore, readModels: sql, close: () => eventStore.close() };
    }
  }
}

@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(PERSISTENCE) private readonly persistence: Persistence) {}

  static forRoot(config: EventStoreConfig): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        { provide: PERSISTENCE, useFactory: () => openPersistence(config) },
        { provide: EVENT_STORE, useFactory: (p: Persistence) => p.eventStore, inject: [PERSISTENCE] },
        { provide: READ_MODEL_DB, useFactory: (p: Persistence) => p.readModels, inject: [PERSISTENCE] },
      ],
      exports: [EVENT_STORE, READ_MODEL_DB],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.persistence.close();
  }
}
