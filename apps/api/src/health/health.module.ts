import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReadModelsModule } from '../read-models/read-models.module';
import { HealthController, READINESS_MAX_PROJECTION_LAG } from './health.controller';
import { EventStoreHealthIndicator, ProjectionsHealthIndicator } from './health.indicators';

@Module({})
export class HealthModule {
  static forRoot(maxProjectionLagEvents: number): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ReadModelsModule],
      controllers: [HealthController],
      providers: [
        EventStoreHealthIndicator,
        ProjectionsHealthIndicator,
        { provide: READINESS_MAX_PROJECTION_LAG, useValue: maxProjectionLagEvents },
      ],
    };
  }
}
