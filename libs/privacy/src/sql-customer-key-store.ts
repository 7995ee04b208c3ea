import { randomBytes, randomUUID } from 'node:crypto';
import type { SqlClient } from '@redress/event-store';
import type { CustomerKey, CustomerKeyStore, Erasure } from './customer-key-store';

interface KeyRow {
  key_id: string;
  key_material: string;
}

/** Serialises table creation across processes sharing one database. */
const CREATE_LOCK = 'redress_customer_keys';

/**
 * Per-customer keys in a table of the read-model database (the embedded
 * database by default, or the configured PostgreSQL schema). The row is the
 * only copy of a key: deleting it is the erasure. Keep this database's
 * backups on a shorter retention than the event store's, or put the keys in
 * a KMS behind the same port, so an erased key cannot come back from a
 * restore.
 */
export class SqlCustomerKeyStore implements CustomerKeyStore {
  private constructor(private readonly sql: SqlClient) {}

  static async open(sql: SqlClient): Promise<SqlCustomerKeyStore> {
    await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [CREATE_LOCK]);
      await tx.query(`CREATE TABLE IF NOT EXISTS redress_customer_keys (
        customer_id text NOT NULL,
        key_id uuid PRIMARY KEY,
        key_material text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
      await tx.query(
        'CREATE UNIQUE INDEX IF NOT EXISTS redress_customer_keys_one_per_customer ON redress_customer_keys (customer_id)',
      );
      await tx.query(`CREATE TABLE IF NOT EXISTS redress_customer_erasures (
        customer_id text NOT NULL,
        erased_at timestamptz NOT NULL,
        erased_by text NOT NULL,
        keys_destroyed int NOT NULL
      )`);
    });
    return new SqlCustomerKeyStore(sql);
  }

  async currentKey(customerId: string): Promise<CustomerKey> {
    const existing = await this.find(customerId);
    if (existing) return existing;
    // Two intakes of a new customer at once: one insert wins, and both use the winner's key.
    await this.sql.query(
      `INSERT INTO redress_customer_keys (customer_id, key_id, key_material) VALUES ($1, $2, $3)
       ON CONFLICT (customer_id) DO NOTHING`,
      [customerId, randomUUID(), randomBytes(32).toString('base64')],
    );
    const created = await this.find(customerId);
    if (!created) throw new Error(`the key of customer ${customerId} vanished while it was being made`);
    return created;
  }

  async key(customerId: string, keyId: string): Promise<Buffer | null> {
    const { rows } = await this.sql.query<KeyRow>(
      'SELECT key_id, key_material FROM redress_customer_keys WHERE customer_id = $1 AND key_id = $2',
      [customerId, keyId],
    );
    return rows[0] ? Buffer.from(rows[0].key_material, 'base64') : null;
  }

  async erase(customerId: string, erasedBy: string): Promise<Erasure> {
    return this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<{ key_id: string }>(
        'DELETE FROM redress_customer_keys WHERE customer_id = $1 RETURNING key_id',
        [customerId],
      );
      const { rows: recorded } = await tx.query<{ erased_at: string | Date }>(
        `INSERT INTO redress_customer_erasures (customer_id, erased_at, erased_by, keys_destroyed)
         VALUES ($1, now(), $2, $3) RETURNING erased_at`,
        [customerId, erasedBy, rows.length],
      );
      return {
        customerId,
        erasedAt: new Date(recorded[0].erased_at).toISOString(),
        erasedBy,
        keysDestroyed: rows.length,
      };
    });
  }

  async erasedAt(customerId: string): Promise<string | null> {
    const { rows } = await this.sql.query<{ erased_at: string | Date | null }>(
      'SELECT max(erased_at) AS erased_at FROM redress_customer_erasures WHERE customer_id = $1',
      [customerId],
    );
    return rows[0]?.erased_at ? new Date(rows[0].erased_at).toISOString() : null;
  }

  private async find(customerId: string): Promise<CustomerKey | null> {
    const { rows } = await this.sql.query<KeyRow>(
      'SELECT key_id, key_material FROM redress_customer_keys WHERE customer_id = $1',
      [customerId],
    );
    return rows[0] ? { keyId: rows[0].key_id, key: Buffer.from(rows[0].key_material, 'base64') } : null;
  }
}
