export * from './port';
export * from './errors';
export { AppendSignal } from './append-signal';
export { CatchUpSubscription } from './catch-up-subscription';
export { SqlEventStore, type SqlEventStoreOptions } from './sql/sql-event-store';
export type { GroupCommitMetrics } from './sql/group-committer';
export { migrateEventStore, EVENT_STORE_MIGRATIONS, type MigrateOptions } from './sql/migrations';
export { quoteLiteral, type SqlClient, type SqlExecutor, type TransactionOptions } from './sql/sql-client';
export { statementNameOf } from './sql/statement-name';
export { openEmbeddedDatabase, openEmbeddedEventStore, type EmbeddedDatabase } from './embedded/embedded-event-store';
export { DataDirectoryInUseError } from './embedded/data-directory-lock';
export {
  openPostgresEventStore,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
export type { ListenerStatus } from './postgres/notification-listener';
export { openPostgresSqlClient, type PostgresConnectionOptions } from './postgres/pg-sql-client';
export * from './kurrentdb';
export * from './leases';
