import { Pool } from 'pg';
import { quoteLiteral, type SqlClient } from '@redress/event-store';
import { PgliteSqlClient } from '../src/embedded/pglite-sql-client';
import { PgSqlClient } from '../src/postgres/pg-sql-client';
import { adminQuery, dropSchema, POSTGRES_URL, randomSchemaName } from './support/postgres-test-schema';

interface OpenedClient {
  client: SqlClient;
  close(): Promise<void>;
}

/** Both adapters behind SqlClient; node-postgres with one connection, so every transaction reuses the last one's. */
const adapters: [string, () => Promise<OpenedClient>][] = [
  [
    'PostgreSQL (node-postgres)',
    async () => {
      const schema = randomSchemaName();
      await adminQuery(`CREATE SCHEMA ${schema}`);
      const client = new PgSqlClient(
        new Pool({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}`, max: 1 }),
      );
      return {
        client,
        close: async () => {
          await client.close();
          await dropSchema(schema);
        },
      };
    },
  ],
  [
    'PGlite (embedded)',
    async () => {
      const client = await PgliteSqlClient.open(undefined);
      return { client, close: () => client.close() };
    },
  ],
];

describe.each(adapters)('SQL client transactions on %s', (_name, open) => {
  let db: OpenedClient;
  beforeAll(async () => {
    db = await open();
    await db.client.query('CREATE TABLE ledger (entry TEXT PRIMARY KEY)');
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.client.query('DELETE FROM ledger');
  });

  const entries = async () =>
    (await db.client.query<{ entry: string }>('SELECT entry FROM ledger ORDER BY entry')).rows.map((r) => r.entry);

  it('runs the opening statements first and hands the rows of the last one to the work', async () => {
    const seen = await db.client.transaction(
      async (tx, opened) => {
        await tx.query('INSERT INTO ledger VALUES ($1)', ['from the work']);
        return opened;
      },
      { opening: "INSERT INTO ledger VALUES ('opening'); SELECT entry FROM ledger" },
    );
    expect(seen).toEqual([{ entry: 'opening' }]);
    expect(await entries()).toEqual(['from the work', 'opening']);
  });

  it('hands the work no rows when there is no opening', async () => {
    expect(await db.client.transaction(async (_tx, opened) => opened)).toEqual([]);
  });

  it("rolls the opening's writes back with the work's when the work fails", async () => {
    await expect(
      db.client.transaction(
        async (tx) => {
          await tx.query('INSERT INTO ledger VALUES ($1)', ['from the work']);
          throw new Error('the work failed');
        },
        { opening: "INSERT INTO ledger VALUES ('opening')" },
      ),
    ).rejects.toThrow('the work failed');
    expect(await entries()).toEqual([]);
  });

  it('fails with the statement error when the opening fails, runs no work, and leaves the client usable', async () => {
    let worked = false;
    await expect(
      db.client.transaction(
        async () => {
          worked = true;
        },
        { opening: "INSERT INTO ledger VALUES ('opening'); INSERT INTO ledger VALUES ('opening')" },
      ),
    ).rejects.toThrow(/duplicate key/);
    expect(worked).toBe(false);
    expect(await entries()).toEqual([]);
    await db.client.transaction(async (tx) => tx.query('INSERT INTO ledger VALUES ($1)', ['afterwards']));
    expect(await entries()).toEqual(['afterwards']);
  });

  it('reads a quoted literal back exactly: quotes, backslashes and non-ASCII text', async () => {
    const text = `it's a \\path\\ with ''two'' quotes, \\' and 投诉 ✓`;
    const { rows } = await db.client.query<{ text: string }>(`SELECT ${quoteLiteral(text)} AS text`);
    expect(rows[0].text).toBe(text);
  });
});

describe('quoteLiteral', () => {
  it('refuses a NUL character, which no SQL string can hold', () => {
    expect(() => quoteLiteral('a\0b')).toThrow(/NUL/);
  });
});
