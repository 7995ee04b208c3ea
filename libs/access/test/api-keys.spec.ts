import { openEmbeddedDatabase, openPostgresSqlClient, type SqlClient } from '@redress/event-store';
import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../event-store/test/support/postgres-test-schema';
import { ApiKeys, SqlApiKeyStore, UnknownApiKeyError } from '../src';

/** The key store's behaviour, on both databases it runs on. */
describe.each([
  ['embedded PGlite', 'embedded'],
  ['PostgreSQL', 'postgres'],
] as const)('API keys (%s)', (_name, kind) => {
  let sql: SqlClient;
  let close: () => Promise<void>;
  let keys: ApiKeys;
  let now = new Date('2026-11-23T10:00:00Z');

  beforeAll(async () => {
    if (kind === 'embedded') {
      const db = await openEmbeddedDatabase(null);
      sql = db.sql;
      close = () => db.eventStore.close();
    } else {
      const schema = randomSchemaName();
      await adminQuery(`CREATE SCHEMA ${schema}`);
      sql = openPostgresSqlClient({
        connectionString: POSTGRES_URL,
        schema,
        poolSize: 4,
        applicationName: 'keys-spec',
      });
      close = async () => {
        await sql.close();
        await dropSchema(schema);
      };
    }
    keys = new ApiKeys(await SqlApiKeyStore.open(sql), () => now);
  });
  afterAll(() => close());

  it('issues a key that authenticates as its role and department, storing only a hash of it', async () => {
    const { key, record } = await keys.issue({ role: 'agent', department: 'after-sales', name: 'agent 7' });
    expect(key).toMatch(/^rdk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(await keys.check(key)).toEqual({
      ok: true,
      principal: { id: `key:${record.id}`, role: 'agent', department: 'after-sales', via: 'api-key' },
    });
    const { rows } = await sql.query('SELECT * FROM redress_api_keys');
    // The secret is everything after the id: base64url, so it may itself hold underscores.
    expect(JSON.stringify(rows)).not.toContain(/^rdk_[0-9a-f]{16}_(.{43})$/.exec(key)![1]);
    expect(record).toMatchObject({ name: 'agent 7', createdAt: '2026-11-23T10:00:00.000Z', revokedAt: null });
  });

  it('refuses malformed, unknown and tampered keys', async () => {
    const { key } = await keys.issue({ role: 'auditor' });
    expect(await keys.check('not a key')).toEqual({ ok: false, reason: 'malformed' });
    expect(await keys.check(`rdk_0000000000000000_${key.slice(-43)}`)).toEqual({ ok: false, reason: 'unknown' });
    const tampered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(await keys.check(tampered)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('revokes a key for good, keeping the first revocation instant', async () => {
    const { key, record } = await keys.issue({ role: 'service', name: 'crm' });
    now = new Date('2026-11-23T11:00:00Z');
    expect((await keys.revoke(record.id)).revokedAt).toBe('2026-11-23T11:00:00.000Z');
    now = new Date('2026-11-23T12:00:00Z');
    expect((await keys.revoke(record.id)).revokedAt).toBe('2026-11-23T11:00:00.000Z');
    expect(await keys.check(key)).toEqual({ ok: false, reason: 'revoked' });
    await expect(keys.revoke('ffffffffffffffff')).rejects.toThrow(UnknownApiKeyError);
    expect((await keys.list()).find((k) => k.id === record.id)?.revokedAt).toBe('2026-11-23T11:00:00.000Z');
  });

  it('names the field of a key request it cannot honour', async () => {
    const refusal = (request: Parameters<ApiKeys['issue']>[0]) => keys.issue(request).catch((e: unknown) => e);
    expect(await refusal({ role: 'root' })).toMatchObject({ name: 'ApiKeyRequestError', field: 'role' });
    expect(((await refusal({ role: 'root' })) as Error).message).toBe(
      'role must be one of agent, supervisor, auditor, admin, service',
    );
    expect(((await refusal({ role: 'supervisor' })) as Error).message).toBe(
      'department is required for the supervisor role',
    );
    expect(((await refusal({ role: 'auditor', department: 'x' })) as Error).message).toBe(
      'department applies only to agent and supervisor keys',
    );
    expect(((await refusal({ role: 'admin', name: 'tab\there' })) as Error).message).toBe(
      'name must be 1-100 printable ASCII characters',
    );
  });

  it('makes a first-start admin key only while the store holds no key at all', async () => {
    const fresh = new ApiKeys(await SqlApiKeyStore.open(sql));
    // This store already holds the keys of the tests above.
    expect(await fresh.issueFirstAdminKey()).toBeUndefined();
    await sql.query('DELETE FROM redress_api_keys');
    const attempts = await Promise.all([fresh.issueFirstAdminKey(), fresh.issueFirstAdminKey()]);
    const issued = attempts.filter((a) => a !== undefined);
    expect(issued).toHaveLength(1);
    expect(issued[0]?.record).toMatchObject({ role: 'admin', department: null, name: 'first-start admin' });
    expect(await fresh.list()).toHaveLength(1);
  });
});
