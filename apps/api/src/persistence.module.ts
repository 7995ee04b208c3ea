import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { openPersistence, type EventStoreConfig, type Persistence } from '@redress/config';
import { EVENT_STORE } from '@redress/event-store';
import { ApiMetrics } from './metrics/api-metrics';

/** The database that holds the read models (projections and their checkpoints). */
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

const PERSISTENCE = Symbol('PERSISTENCE');

@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(PERSISTENCE) private readonly persistence: Persistence) {}

  static forRoot(config: EventStoreConfig): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        { provide: PERSISTENCE, useFactory: () => openPersistence(config) },
        {
          provide: EVENT_STORE,
          useFactory: (p: Persistence, metrics: ApiMetrics) => metrics.meterEventStore(p.eventStore),
          inject: [PERSISTENCE, ApiMetrics],
        },
        { provide: READ_MODEL_DB, useFactory: (p: Persistence) => p.readModels, inject: [PERSISTENCE] },
      ],
      exports: [EVENT_STORE, READ_MODEL_DB],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.persistence.close();
  }
}
