import {
  migrateEventStore,
  SqlEventStore,
  type EventStore,
  type ReadStreamOptions,
  type RecordedEvent,
} from '@redress/event-store';
import { PgliteSqlClient } from '../../event-store/src/embedded/pglite-sql-client';

/** The real store, counting the stream reads asked of it. */
export function countingReads(store: EventStore): { store: EventStore; counter: { reads: number } } {
  const counter = { reads: 0 };
  const readStream = (streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> => {
    counter.reads++;
    return store.readStream(streamId, options);
  };
  return {
    store: new Proxy(store, {
      get: (target, name) => (name === 'readStream' ? readStream : Reflect.get(target, name)),
    }),
    counter,
  };
}

/** A fresh embedded store for one test file (`raw`), and the same store counting its stream reads (`store`). */
export async function openCountingStore(): Promise<{
  raw: SqlEventStore;
  store: EventStore;
  counter: { reads: number };
}> {
  const client = await PgliteSqlClient.open(undefined);
  await migrateEventStore(client);
  const raw = new SqlEventStore(client);
  return { raw, ...countingReads(raw) };
}
