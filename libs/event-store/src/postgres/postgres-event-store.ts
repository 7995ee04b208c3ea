import { Pool, type ClientConfig } from 'pg';
import { EventStoreUnavailableError } from '../errors';
import { migrateEventStore } from '../sql/migrations';
import { SqlEventStore, type SqlEventStoreOptions } from '../sql/sql-event-store';
import { NotificationListener, type ListenerStatus } from './notification-listener';
import { PacedAppendSignal } from './paced-append-signal';
import { asStoreError, PgSqlClient } from './pg-sql-client';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Schema holding the store's tables, created if absent; lower-case letters, digits and `_`. Default `public`. */
  schema?: string;
  /** Pooled connections for reads and the committer; the LISTEN connection comes on top. Default 4. */
  poolSize?: number;
  /** Shown in pg_stat_activity; the LISTEN connection gets a `:listen` suffix. */
  applicationName?: string;
  /** Longest an idle subscriber sleeps without a notification. NOTIFY wakes it first; default 1000 ms. */
  idlePollMs?: number;
  maxAppendsPerBatch?: number;
  maxEventsPerBatch?: number;
}

const DEFAULT_SCHEMA = 'public';
const DEFAULT_POOL_SIZE = 4;
const DEFAULT_IDLE_POLL_MS = 1000;
const DEFAULT_APPLICATION_NAME = 'redress-event-store';
// Short enough that `redress_appended_<schema>` stays within PostgreSQL's 63-byte identifiers.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,44}$/;

/**
 * The event store on a PostgreSQL server: the shared SQL store with group
 * commit over a connection pool, plus LISTEN/NOTIFY so subscribers in any
 * process wake as soon as an append commits.
 *
 * Each batch transaction that writes events runs `pg_notify(channel, head)`;
 * PostgreSQL delivers it only at commit, so a woken subscriber always finds
 * the events. NOTIFY takes a database-wide lock at commit, but appends are
 * already serialised on the log head, and there is one NOTIFY per batch, not
 * per append. The channel is named after the schema, so stores in different
 * schemas of one database do not wake each other.
 */
export class PostgresEventStore extends SqlEventStore {
  constructor(
    client: PgSqlClient,
    private readonly listener: NotificationListener,
    options: SqlEventStoreOptions,
  ) {
    super(client, options);
  }

  /** The LISTEN connection's state, for health checks. */
  listenerStatus(): ListenerStatus {
    return this.listener.status();
  }

  override async close(): Promise<void> {
    await this.listener.close();
    await super.close();
  }
}

/** Connects, creates the schema and runs pending migrations, and starts listening. */
export async function openPostgresEventStore(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) throw new TypeError(`schema must match ${SCHEMA_NAME}, not ${JSON.stringify(schema)}`);
  const channel = `redress_appended_${schema}`;
  const applicationName = options.applicationName ?? DEFAULT_APPLICATION_NAME;
  const connection: ClientConfig = {
    connectionString: options.connectionString,
    // A startup parameter, so every connection (pooled or not) resolves the tables in this schema.
    options: `-c search_path=${schema}`,
    application_name: applicationName,
  };

  const client = new PgSqlClient(new Pool({ ...connection, max: options.poolSize ?? DEFAULT_POOL_SIZE }));
  const appendSignal = new PacedAppendSignal(options.idlePollMs ?? DEFAULT_IDLE_POLL_MS);
  const listener = new NotificationListener(
    { ...connection, application_name: `${applicationName}:listen` },
    channel,
    () => appendSignal.notify(),
  );
  try {
    await migrateEventStore(client, { schema });
    await listener.start();
  } catch (error) {
    await listener.close();
    await client.close();
    const cause = asStoreError(error);
    if (cause instanceof EventStoreUnavailableError) {
      const server = redactPassword(options.connectionString);
      throw new EventStoreUnavailableError(`PostgreSQL not reachable at ${server}: ${cause.message}`, { cause: error });
    }
    throw error;
  }

  return new PostgresEventStore(client, listener, {
    appendSignal,
    maxAppendsPerBatch: options.maxAppendsPerBatch,
    maxEventsPerBatch: options.maxEventsPerBatch,
    notifyChannel: channel,
  });
}

function redactPassword(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable connection string)';
  }
}
