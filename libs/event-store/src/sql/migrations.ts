import { quoteIdentifier, type SqlClient, type SqlExecutor } from './sql-client';

/**
 * Schema migrations shared by the embedded (PGlite) and PostgreSQL stores.
 * Append-only: never edit a released migration, add the next one.
 *
 * Global order without gaps: every write locks the single row of
 * `redress_log_head` before it inserts anything, takes its positions from
 * that row, moves it, and holds the lock until commit. A later transaction
 * can only obtain its positions after the earlier one has committed and
 * become visible, so positions are assigned in commit order and a reader that
 * sees position N has already seen every position below N. Group commit
 * (append-batch.ts) makes this one lock and one commit per batch of appends
 * rather than per append. (Sequences, by contrast, are handed out at insert
 * time and commit out of order, which is how Marten-style subscribers skip
 * events; see ../shared/domain/event-sourcing-notes.md.)
 */
export const EVENT_STORE_MIGRATIONS: readonly { version: number; description: string; sql: string }[] = [
  {
    version: 1,
    description: 'event log, stream heads and the global position counter',
    sql: `
      CREATE TABLE redress_streams (
        stream_id TEXT PRIMARY KEY,
        revision BIGINT NOT NULL
      );
      CREATE TABLE redress_events (
        position BIGINT PRIMARY KEY,
        stream_id TEXT NOT NULL,
        revision BIGINT NOT NULL,
        event_id UUID NOT NULL UNIQUE,
        event_type TEXT NOT NULL,
        schema_version INT NOT NULL,
        data JSONB NOT NULL,
        metadata JSONB NOT NULL,
        recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        UNIQUE (stream_id, revision)
      );
      CREATE TABLE redress_log_head (
        singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
        position BIGINT NOT NULL
      );
      INSERT INTO redress_log_head (singleton, position) VALUES (TRUE, 0);
    `,
  },
  {
    // The store never looks inside a payload, so nothing needs jsonb's parsed binary form: json input only
    // validates the text and keeps it, where jsonb builds a tree per event (batched appends: 41 rather than 54 µs
    // of PostgreSQL CPU per event); reads copy the text back instead of serialising the tree again. The text kept is
    // exactly what the writer sent (jsonb reordered keys; the audit hash chain is over canonical JSON, so
    // both verify). On an existing log this rewrites the table once, under an exclusive lock.
    version: 2,
    description: 'event data and metadata kept as the JSON text written',
    sql: `
      ALTER TABLE redress_events
        ALTER COLUMN data TYPE json USING data::json,
        ALTER COLUMN metadata TYPE json USING metadata::json
    `,
  },
  {
    // Lets a batch be sent while the one before it still commits (group-committer.ts): each write leaves a
    // random token here, and the second write goes ahead only on the token of the first.
    version: 3,
    description: 'the token of the last write in the log head',
    sql: `ALTER TABLE redress_log_head ADD COLUMN write_token UUID`,
  },
];

/** Arbitrary constant naming the advisory lock that serialises concurrent migrators. */
const MIGRATION_LOCK_KEY = 7_310_452_118;

export interface MigrateOptions {
  /**
   * A PostgreSQL schema to create first (if absent); the client's search_path
   * must already point at it. Created under the migration lock because two
   * concurrent `CREATE SCHEMA IF NOT EXISTS` can still collide.
   */
  schema?: string;
}

/** Applies pending migrations; safe to run any number of times, from several processes at once. */
export async function migrateEventStore(client: SqlClient, options: MigrateOptions = {}): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    if (options.schema !== undefined) await createSchemaIfAbsent(tx, options.schema);
    await tx.query(`CREATE TABLE IF NOT EXISTS redress_schema_migrations (
      version INT PRIMARY KEY,
      description TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ version: number }>('SELECT version FROM redress_schema_migrations');
    const applied = new Set(rows.map((row) => Number(row.version)));
    for (const migration of EVENT_STORE_MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO redress_schema_migrations (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
    }
  });
}

// Looks first: CREATE SCHEMA IF NOT EXISTS demands the CREATE privilege on the database even when the schema exists.
async function createSchemaIfAbsent(tx: SqlExecutor, schema: string): Promise<void> {
  const { rows } = await tx.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (rows.length === 0) await tx.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
}

/** Extended-protocol queries take one statement each; migrations here contain no literal semicolons. */
function splitStatements(sql: string): string[] {
  return sql
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
