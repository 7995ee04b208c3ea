import {
  Inject,
  Module,
  type DynamicModule,
  type InjectionToken,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { EVENT_STORE, type EventStore, type SqlClient } from '@redress/event-store';
import { KafkaEventPublisher } from './kafka-event-publisher';
import type { PublisherConfig } from './publisher-config';

export interface PublishingModuleOptions {
  config: PublisherConfig;
  /** The provider of the SqlClient that holds the projection catalog (the API's read-model database). */
  checkpointDb: InjectionToken;
}

/**
 * Runs the Kafka publisher inside a Nest application (the API process with
 * PUBLISHER_IN_PROCESS=true). Needs EVENT_STORE and `checkpointDb` from a
 * global module. Publishing starts after bootstrap and never blocks it: an
 * unreachable broker shows in `KafkaEventPublisher.health()`, not as a failed
 * start. It stops in onModuleDestroy, before any module closes the store.
 */
@Module({})
export class PublishingModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(KafkaEventPublisher) private readonly publisher: KafkaEventPublisher) {}

  static forRoot(options: PublishingModuleOptions): DynamicModule {
    return {
      module: PublishingModule,
      providers: [
        {
          provide: KafkaEventPublisher,
          useFactory: (store: EventStore, db: SqlClient) => new KafkaEventPublisher(store, db, options.config),
          inject: [EVENT_STORE, options.checkpointDb],
        },
      ],
      exports: [KafkaEventPublisher],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.publisher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.publisher.stop();
  }
}
