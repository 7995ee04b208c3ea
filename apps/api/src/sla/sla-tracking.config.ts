import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@redress/config';
import { loadSlaTracking } from '@redress/projections';

/** The policy catalog and the selection rules of SLA_POLICY_SELECTION_FILE (SlaTrackingOptions). */
export const SLA_TRACKING = Symbol('SLA_TRACKING');

/** Whether this process runs the SLA alert timer (SLA_ALERT_TIMER). */
export const SLA_ALERT_TIMER_ENABLED = Symbol('SLA_ALERT_TIMER_ENABLED');

/** Loads the SLA configuration once, for the projection runner, the SLA queries and the recompute command. */
@Module({})
export class SlaTrackingConfigModule {
  static forRoot(sla: AppConfig['sla']): DynamicModule {
    return {
      module: SlaTrackingConfigModule,
      global: true,
      providers: [
        { provide: SLA_TRACKING, useFactory: () => loadSlaTracking(sla.policySelectionFile) },
        { provide: SLA_ALERT_TIMER_ENABLED, useValue: sla.alertTimer },
      ],
      exports: [SLA_TRACKING, SLA_ALERT_TIMER_ENABLED],
    };
  }
}
