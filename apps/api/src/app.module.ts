import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@redress/config';
import { AuditModule } from './audit/audit.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { DuplicateDetectionConfigModule } from './complaints/duplicate-detection.config';
import { ContractsModule } from '@redress/contracts';
import { PublishingModule } from '@redress/publishing';
import { DashboardModule } from './dashboard/dashboard.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PersistenceModule, READ_MODEL_DB } from './persistence.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ReadModelsModule } from './read-models/read-models.module';
import { SatisfactionModule } from './satisfaction/satisfaction.module';
import { SlaModule } from './sla/sla.module';
import { SlaTrackingConfigModule } from './sla/sla-tracking.config';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const { publisher } = config.publishing;
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        MetricsModule,
        PersistenceModule.forRoot(config.eventStore, config.projections.placement),
        PrivacyModule,
        SlaTrackingConfigModule.forRoot(config.sla),
        DuplicateDetectionConfigModule.forRoot(config.duplicates),
        ComplaintsModule,
        ReadModelsModule,
        SatisfactionModule.forRoot(config.reporting),
        SlaModule,
        AuditModule,
        DashboardModule,
        HealthModule.forRoot(config.readinessMaxProjectionLag),
        ContractsModule.forRoot({ topics: publisher.topics, brokers: publisher.brokers }),
        // The publisher checkpoints in the read-model database, next to the projections.
        ...(config.publishing.inProcess
          ? [PublishingModule.forRoot({ config: publisher, checkpointDb: READ_MODEL_DB })]
          : []),
      ],
    };
  }
}
