import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from './config/app-config';
import { ComplaintsModule } from './complaints/complaints.module';
import { EventStoreModule } from './event-store.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot(), EventStoreModule.forRoot(config.eventStore), ComplaintsModule],
    };
  }
}
