import { Inject, Logger, Module, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { ProjectionPlacement } from '@redress/config';
import { EVENT_STORE, type EventStore, type LeaseManager, type SqlClient } from '@redress/event-store';
import {
  allProjections,
  ComplaintListQueries,
  ProjectionCatalog,
  ProjectionRunner,
  type SlaTrackingOptions,
} from '@redress/projections';
import { LEASES, PROJECTION_PLACEMENT, READ_MODEL_DB } from '../persistence.module';
import { tracedProjections } from '../tracing/traced-projections';
import { SLA_TRACKING } from '../sla/sla-tracking.config';
import { GetCustomerComplaintsHandler, GetWorkloadHandler, SearchComplaintsHandler } from './read-model.cqrs';
import { ReadModelsController } from './read-models.controller';

/**
 * Runs the projections (in this process, or in whichever holds each one's
 * lease, or follows them run elsewhere: PROJECTIONS_PLACEMENT) and serves the
 * queries over their read models.
 */
@Module({
  imports: [CqrsModule],
  controllers: [ReadModelsController],
  providers: [
    { provide: ProjectionCatalog, useFactory: (db: SqlClient) => new ProjectionCatalog(db), inject: [READ_MODEL_DB] },
    {
      provide: ProjectionRunner,
      useFactory: (
        store: EventStore,
        db: SqlClient,
        catalog: ProjectionCatalog,
        sla: SlaTrackingOptions,
        leases: LeaseManager,
        placement: ProjectionPlacement,
      ) => {
        const logger = new Logger('Projections');
        return new ProjectionRunner(tracedProjections(allProjections(sla)), store, db, catalog, {
          placement: placement === 'leased' ? { kind: 'leased', leases } : { kind: placement },
          onLog: (message) => logger.warn(message),
        });
      },
      inject: [EVENT_STORE, READ_MODEL_DB, ProjectionCatalog, SLA_TRACKING, LEASES, PROJECTION_PLACEMENT],
    },
    {
      provide: ComplaintListQueries,
      useFactory: (db: SqlClient) => new ComplaintListQueries(db),
      inject: [READ_MODEL_DB],
    },
    SearchComplaintsHandler,
    GetCustomerComplaintsHandler,
    GetWorkloadHandler,
  ],
  exports: [ProjectionRunner],
})
export class ReadModelsModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ProjectionRunner) private readonly runner: ProjectionRunner) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
