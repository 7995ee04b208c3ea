import type { EventStore, ReadStreamOptions, RecordedEvent } from '@redress/event-store';

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
