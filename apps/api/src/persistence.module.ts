import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { openPersistence, type EventStoreConfig, type Persistence, type ProjectionPlacement } from '@redress/config';
import { EVENT_STORE } from '@redress/event-store';
import { ApiMetrics } from './metrics/api-metrics';

/** The database that holds the read models (projections and their checkpoints). */
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

/** The leases that place background work (projections, the SLA alert timer) in exactly one process. */
export const LEASES = Symbol('LEASES');

/** Where this process's projections run (PROJECTIONS_PLACEMENT). */
export const PROJECTION_PLACEMENT = Symbol('PROJECTION_PLACEMENT');

const PERSISTENCE = Symbol('PERSISTENCE');

@Module({})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(PERSISTENCE) private readonly persistence: Persistence) {}

  static forRoot(config: EventStoreConfig, projectionPlacement: ProjectionPlacement = 'here'): DynamicModule {
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
        { provide: LEASES, useFactory: (p: Persistence) => p.leases, inject: [PERSISTENCE] },
        { provide: PROJECTION_PLACEMENT, useValue: projectionPlacement },
      ],
      exports: [EVENT_STORE, READ_MODEL_DB, LEASES, PROJECTION_PLACEMENT],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.persistence.close();
  }
}
