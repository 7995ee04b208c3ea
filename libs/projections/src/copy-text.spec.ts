import { openPostgresSqlClient, type SqlClient } from '@redress/event-store';
import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../event-store/test/support/postgres-test-schema';
import { copyTextField, copyTextRow, type CopyValue } from './copy-text';

/** Strings that mean something to COPY's text format, to array literals, to JSON, or to nothing but humans. */
const HOSTILE_TEXTS = [
  'plain',
  '',
  'tab\there',
  'new\nline',
  'carriage\rreturn\r\n',
  'back\\slash',
  '\\N',
  '\\.',
  'NULL',
  'a "quote" and \'apostrophe\'',
  'comma, {brace} }{',
  ' spaced ',
  '中文, émigré, 🙂',
  '\\t literally',
  'ends with backslash\\',
];

describe('COPY text format', () => {
  it('escapes what the format reads as something else, and spells nulls, booleans and numbers as PostgreSQL does', () => {
    expect(copyTextRow(['a\tb', null, '\\N', 'x\ny\r', true, false, 1.5, undefined])).toBe(
      'a\\tb\t\\N\t\\\\N\tx\\ny\\r\tt\tf\t1.5\t\\N\n',
    );
    expect(copyTextField(['a,b', null, 'say "hi"', 'back\\slash'])).toBe(
      '{"a,b",NULL,"say \\\\"hi\\\\"","back\\\\\\\\slash"}',
    );
    expect([NaN, Infinity, -Infinity, 1e21, -0.25].map(copyTextField)).toEqual([
      'NaN',
      'Infinity',
      '-Infinity',
      '1e+21',
      '-0.25',
    ]);
  });

  describe('on PostgreSQL', () => {
    const schema = randomSchemaName();
    let client: SqlClient;

    beforeAll(async () => {
      await adminQuery(`CREATE SCHEMA ${schema}`);
      client = openPostgresSqlClient({ connectionString: POSTGRES_URL, schema });
      await client.query(`CREATE TABLE copied (
        n INT PRIMARY KEY, label TEXT, amount NUMERIC, ratio FLOAT8, big BIGINT, flag BOOLEAN, at TIMESTAMPTZ,
        doc JSONB, tags TEXT[], counts INT[]
      )`);
    });
    afterAll(async () => {
      await client?.close();
      await dropSchema(schema);
    });

    const copy = (rows: readonly CopyValue[][], chunkRows = 2) => {
      const chunks: string[] = [];
      for (let i = 0; i < rows.length; i += chunkRows)
        chunks.push(
          rows
            .slice(i, i + chunkRows)
            .map(copyTextRow)
            .join(''),
        );
      return client.copyFrom?.(
        'COPY copied (n, label, amount, ratio, big, flag, at, doc, tags, counts) FROM STDIN',
        chunks,
      );
    };

    it('reads back every hostile value as written, in rows split across chunks', async () => {
      const rows: CopyValue[][] = HOSTILE_TEXTS.map((text, n) => [
        n,
        text,
        n === 0 ? null : n * 1000.125,
        n / 3,
        Number.MAX_SAFE_INTEGER - n,
        n % 2 === 0,
        new Date(Date.UTC(2026, 0, 1 + n, 12)).toISOString(),
        JSON.stringify({ text, list: [text, null] }),
        [text, null, 'x,y', '"q"'],
        [n, 1 - n],
      ]);
      rows.push([HOSTILE_TEXTS.length, null, null, null, null, null, null, null, null, null]);
      await copy(rows, 4);

      const { rows: read } = await client.query<Record<string, unknown>>(
        `SELECT n, label, amount::float8 AS amount, ratio, big::text AS big, flag, at, doc, tags, counts
         FROM copied ORDER BY n`,
      );
      expect(read).toEqual(
        rows.map(([n, label, amount, ratio, big, flag, at, doc, tags, counts]) => ({
          n,
          label,
          amount,
          ratio,
          big: big === null ? null : String(big),
          flag,
          at: at === null ? null : new Date(at as string),
          doc: doc === null ? null : JSON.parse(doc as string),
          tags,
          counts,
        })),
      );
    });

    it('writes none of the rows when the server refuses one of them', async () => {
      const before = await client.query<{ count: string }>('SELECT count(*) FROM copied');
      const duplicate = HOSTILE_TEXTS.length;
      await expect(
        copy([
          [1000, 'fine', null, null, null, null, null, null, null, null],
          [duplicate, 'clashes with an existing key', null, null, null, null, null, null, null, null],
        ]),
      ).rejects.toThrow(/duplicate key/);
      expect(await client.query<{ count: string }>('SELECT count(*) FROM copied')).toEqual(before);
    });
  });
});
