import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@redress/config';
import { ComplaintsModule } from './complaints/complaints.module';
import { HealthModule } from './health/health.module';
import { PersistenceModule } from './persistence.module';
import { ReadModelsModule } from './read-models/read-models.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        PersistenceModule.forRoot(config.eventStore),
        ComplaintsModule,
        ReadModelsModule,
        HealthModule.forRoot(config.readinessMaxProjectionLag),
      ],
    };
  }
}
