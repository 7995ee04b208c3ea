import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, openEmbeddedEventStore, type EventStore } from '@redress/event-store';
import type { EventStoreConfig } from './config/app-config';

/** Opens the configured event-store adapter behind the EVENT_STORE port and closes it on shutdown. */
export async function openConfiguredEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'embedded':
      return openEmbeddedEventStore(config.dataDir);
  }
}

@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(config: EventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [{ provide: EVENT_STORE, useFactory: () => openConfiguredEventStore(config) }],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
