import { resolve } from 'node:path';
import { openEmbeddedDatabase, type EventStore, type SqlClient } from '@redress/event-store';

/** The event store to publish from and the database that holds the checkpoint (the projection catalog). */
export interface PublisherStore {
  eventStore: EventStore;
  readModels: SqlClient;
  close(): Promise<void>;
}

/**
 * Opens the configured store: EVENT_STORE=embedded (the only adapter so far)
 * in DATA_DIR. Stand-in for the shared factory (`openPersistence` in
 * @redress/config returns the same shape); replace it with that.
 *
 * The embedded database can be opened by one process at a time, so this
 * standalone publisher cannot run beside an API on the same DATA_DIR: with
 * the embedded store, run the publisher inside the API (PUBLISHER_IN_PROCESS).
 * The standalone process is for PostgreSQL deployments.
 */
export async function openPublisherStore(env: NodeJS.ProcessEnv): Promise<PublisherStore> {
  const kind = env.EVENT_STORE ?? 'embedded';
  if (kind !== 'embedded') throw new Error(`EVENT_STORE must be embedded, not "${kind}"`);
  const { eventStore, sql } = await openEmbeddedDatabase(resolve(env.DATA_DIR ?? './data'));
  return { eventStore, readModels: sql, close: () => eventStore.close() };
}
