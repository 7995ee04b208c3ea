import { openPostgresSqlClient, type SqlClient } from '@redress/event-store';
import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../event-store/test/support/postgres-test-schema';
import { ApiKeys, CachedApiKeyStore, SqlApiKeyStore } from '../src';

/**
 * The API's key cache over the real key table, with a second, uncached
 * ApiKeys on the same table standing in for the CLI or another replica.
 */
describe('cached API key lookups (PostgreSQL)', () => {
  const TTL_MS = 5_000;
  let sql: SqlClient;
  let schema: string;
  let clock = 0;
  let lookups = 0;
  let table: SqlApiKeyStore;
  let api: ApiKeys;
  let elsewhere: ApiKeys;

  beforeAll(async () => {
    schema = randomSchemaName();
    await adminQuery(`CREATE SCHEMA ${schema}`);
    sql = openPostgresSqlClient({ connectionString: POSTGRES_URL, schema, poolSize: 2, applicationName: 'key-cache' });
    const store = await SqlApiKeyStore.open(sql);
    // The same table, counting the lookups that reach it.
    table = Object.create(store) as SqlApiKeyStore;
    table.find = (id) => {
      lookups += 1;
      return store.find(id);
    };
    api = new ApiKeys(new CachedApiKeyStore(table, { ttlMs: TTL_MS, maxEntries: 2, now: () => clock }));
    elsewhere = new ApiKeys(store);
  });
  afterAll(async () => {
    await sql.close();
    await dropSchema(schema);
  });
  beforeEach(() => {
    lookups = 0;
  });

  it('looks a key up once per interval and still checks its secret on every request', async () => {
    const { key } = await elsewhere.issue({ role: 'auditor' });
    expect((await api.check(key)).ok).toBe(true);
    expect((await api.check(key)).ok).toBe(true);
    expect(lookups).toBe(1);
    const wrongSecret = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    expect(await api.check(wrongSecret)).toEqual({ ok: false, reason: 'unknown' });
    expect(lookups).toBe(1);
    clock += TTL_MS;
    expect((await api.check(key)).ok).toBe(true);
    expect(lookups).toBe(2);
  });

  it('stops a key revoked through it at once, and one revoked elsewhere when its entry expires', async () => {
    const here = await elsewhere.issue({ role: 'auditor' });
    const there = await elsewhere.issue({ role: 'auditor' });
    expect((await api.check(here.key)).ok).toBe(true);
    expect((await api.check(there.key)).ok).toBe(true);

    await api.revoke(here.record.id);
    expect(await api.check(here.key)).toEqual({ ok: false, reason: 'revoked' });

    await elsewhere.revoke(there.record.id);
    clock += TTL_MS - 1;
    expect((await api.check(there.key)).ok).toBe(true);
    clock += 1;
    expect(await api.check(there.key)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('remembers an unknown id too, so a flood of made-up keys does not reach the database each time', async () => {
    const made = `rdk_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    expect(await api.check(made)).toEqual({ ok: false, reason: 'unknown' });
    expect(await api.check(made)).toEqual({ ok: false, reason: 'unknown' });
    expect(lookups).toBe(1);
  });

  it('keeps at most maxEntries lookups, dropping the oldest', async () => {
    const keys = await Promise.all([1, 2, 3].map(() => elsewhere.issue({ role: 'auditor' })));
    for (const { key } of keys) await api.check(key);
    expect(lookups).toBe(3);
    await api.check(keys[2].key);
    await api.check(keys[1].key);
    expect(lookups).toBe(3);
    await api.check(keys[0].key);
    expect(lookups).toBe(4);
  });

  it('looks every request up when the interval is 0', async () => {
    const uncached = new ApiKeys(new CachedApiKeyStore(table, { ttlMs: 0, maxEntries: 2, now: () => clock }));
    const { key } = await elsewhere.issue({ role: 'auditor' });
    await uncached.check(key);
    await uncached.check(key);
    expect(lookups).toBe(2);
  });
});
