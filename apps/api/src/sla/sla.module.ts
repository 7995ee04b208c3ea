import { Inject, Logger, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ComplaintCommandService } from '@redress/application';
import type { LeasedTask, LeaseManager, SqlClient } from '@redress/event-store';
import { leasedSlaAlertTimer, SlaAlertTimer, SlaTrackingQueries, type SlaTrackingOptions } from '@redress/projections';
import { ComplaintsModule } from '../complaints/complaints.module';
import { LEASES, READ_MODEL_DB } from '../persistence.module';
import { ReadModelsModule } from '../read-models/read-models.module';
import { SlaRecomputeController } from './sla-recompute.controller';
import { SLA_ALERT_TIMER_ENABLED, SLA_TRACKING } from './sla-tracking.config';
import { SlaController } from './sla.controller';

/**
 * Serves the SLA tracking read model (the projection runs with the others in
 * ReadModelsModule) and runs the alert timer, which records warnings and
 * breaches through the ordinary command service. The timer runs in the one
 * process that holds its lease among those with SLA_ALERT_TIMER on; should
 * two ever overlap, each alert is still appended once (its command id is
 * derived from the alert).
 */
@Module({
  imports: [ReadModelsModule, ComplaintsModule],
  controllers: [SlaController, SlaRecomputeController],
  providers: [
    {
      provide: SlaTrackingQueries,
      useFactory: (db: SqlClient, tracking: SlaTrackingOptions) => new SlaTrackingQueries(db, tracking),
      inject: [READ_MODEL_DB, SLA_TRACKING],
    },
    {
      provide: SlaAlertTimer,
      useFactory: (db: SqlClient, commands: ComplaintCommandService) => {
        const logger = new Logger('SlaAlertTimer');
        return new SlaAlertTimer(db, commands, { onError: (error) => logger.warn(String(error)) });
      },
      inject: [READ_MODEL_DB, ComplaintCommandService],
    },
  ],
  // Audit packs include a complaint's SLA outcomes.
  exports: [SlaTrackingQueries],
})
export class SlaModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly leasedTimer: LeasedTask;

  constructor(
    @Inject(SlaAlertTimer) timer: SlaAlertTimer,
    @Inject(SLA_ALERT_TIMER_ENABLED) private readonly timerEnabled: boolean,
    @Inject(LEASES) leases: LeaseManager,
  ) {
    const logger = new Logger('SlaAlertTimer');
    this.leasedTimer = leasedSlaAlertTimer(timer, leases, { onLog: (message) => logger.log(message) });
  }

  onApplicationBootstrap(): void {
    if (this.timerEnabled) this.leasedTimer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.leasedTimer.stop();
  }
}
