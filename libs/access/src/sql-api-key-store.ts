import type { SqlClient, SqlExecutor } from '@redress/event-store';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store';
import type { AccessRole } from './principal';

interface ApiKeyRow {
  id: string;
  name: string;
  role: string;
  department: string | null;
  secret_hash: string;
  created_at: string | Date;
  revoked_at: string | Date | null;
}

/** Serialises table creation and first-key insertion across processes sharing one database. */
const LOCK_KEY = 'SELECT pg_advisory_xact_lock(hashtext($1))';
const LOCK_NAME = 'redress_api_keys';

const COLUMNS = 'id, name, role, department, secret_hash, created_at, revoked_at';

/**
 * API keys in a table of the read-model database: the embedded PGlite
 * database by default, or the configured PostgreSQL schema. Keys are not
 * events: they are credentials, revocable and never replayed.
 */
export class SqlApiKeyStore implements ApiKeyStore {
  private constructor(private readonly sql: SqlClient) {}

  static async open(sql: SqlClient): Promise<SqlApiKeyStore> {
    await sql.transaction(async (tx) => {
      await tx.query(LOCK_KEY, [LOCK_NAME]);
      await tx.query(`CREATE TABLE IF NOT EXISTS redress_api_keys (
        id text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL,
        department text,
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    });
    return new SqlApiKeyStore(sql);
  }

  async add(record: ApiKeyRecord): Promise<void> {
    await insert(this.sql, record);
  }

  addFirst(record: ApiKeyRecord): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      await tx.query(LOCK_KEY, [LOCK_NAME]);
      const { rows } = await tx.query('SELECT 1 FROM redress_api_keys LIMIT 1');
      if (rows.length > 0) return false;
      await insert(tx, record);
      return true;
    });
  }

  async find(id: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.sql.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM redress_api_keys WHERE id = $1`, [id]);
    return rows[0] && fromRow(rows[0]);
  }

  async list(): Promise<ApiKeyRecord[]> {
    const { rows } = await this.sql.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM redress_api_keys ORDER BY created_at, id`);
    return rows.map(fromRow);
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    const { rows } = await this.sql.query<ApiKeyRow>(
      `UPDATE redress_api_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, at],
    );
    return rows[0] && fromRow(rows[0]);
  }
}

async function insert(sql: SqlExecutor, record: ApiKeyRecord): Promise<void> {
  await sql.query(`INSERT INTO redress_api_keys (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
    record.id,
    record.name,
    record.role,
    record.department,
    record.secretHash,
    record.createdAt,
    record.revokedAt,
  ]);
}

function fromRow(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as AccessRole,
    department: row.department,
    secretHash: row.secret_hash,
    createdAt: isoOf(row.created_at),
    revokedAt: row.revoked_at === null ? null : isoOf(row.revoked_at),
  };
}

function isoOf(value: string | Date): string {
  return new Date(value).toISOString();
}
