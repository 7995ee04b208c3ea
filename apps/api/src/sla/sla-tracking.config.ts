import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@redress/config';
import { loadSlaTracking } from '@redress/projections';

/** The policy catalog and the selection rules of SLA_POLICY_SELECTION_FILE (SlaTrackingOptions). */
export const SLA_TRACKING = Symbol('SLA_TRACKING');

/** Loads the SLA configuration once, for the projection runner, the SLA queries and the recompute command. */
@Module({})
export class SlaTrackingConfigModule {
  static forRoot(sla: AppConfig['sla']): DynamicModule {
    return {
      module: SlaTrackingConfigModule,
      global: true,
      providers: [{ provide: SLA_TRACKING, useFactory: () => loadSlaTracking(sla.policySelectionFile) }],
      exports: [SLA_TRACKING],
    };
  }
}
