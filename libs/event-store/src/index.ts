export * from './port';
export * from './errors';
export { AppendSignal } from './append-signal';
export { CatchUpSubscription } from './catch-up-subscription';
export { SqlEventStore } from './sql/sql-event-store';
export { migrateEventStore, EVENT_STORE_MIGRATIONS } from './sql/migrations';
export type { SqlClient, SqlExecutor } from './sql/sql-client';
export { openEmbeddedDatabase, openEmbeddedEventStore, type EmbeddedDatabase } from './embedded/embedded-event-store';
export { DataDirectoryInUseError } from './embedded/data-directory-lock';
