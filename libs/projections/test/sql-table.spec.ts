import { PgliteSqlClient } from '../../event-store/src/embedded/pglite-sql-client';
import { createTableSql, rowsByKey, upsertRows, type TableSpec } from '../src';

interface Row {
  id: string;
  label: string | null;
  tags: (string | null)[] | null;
  scores: (number | null)[] | null;
  details: unknown;
  total: number;
  flag: boolean | null;
  day: string | null;
}

const SPEC: TableSpec<Row> = {
  columns: [
    ['id', 'TEXT'],
    ['label', 'TEXT'],
    ['tags', 'TEXT[]'],
    ['scores', 'SMALLINT[]'],
    ['details', 'JSONB'],
    ['total', 'BIGINT'],
    ['flag', 'BOOLEAN'],
    ['day', 'DATE'],
  ],
  key: ['id'],
};

describe('column-wise bulk upsert', () => {
  let db: PgliteSqlClient;
  beforeAll(async () => {
    db = await PgliteSqlClient.open(undefined);
    await db.query(createTableSql('sample', SPEC));
  });
  afterAll(() => db.close());

  it('round-trips text needing escapes, NULL elements, JSON and every scalar type', async () => {
    const tricky: Row = {
      id: 'a',
      label: 'say "hi", \\ {braces} NULL',
      tags: ['x,y', '"quoted"', 'back\\slash', null, 'NULL', ''],
      scores: [5, null, 0],
      details: { nested: ['a', 1, null], quote: '"' },
      total: 9_007_199_254_740_991,
      flag: false,
      day: '2026-11-02',
    };
    const empty: Row = { id: 'b', label: null, tags: null, scores: [], details: null, total: 0, flag: null, day: null };
    await upsertRows(db, 'sample', SPEC, [tricky, empty], 'replace');
    const rows = await rowsByKey(db, 'sample', SPEC, ['a', 'b']);
    expect(rows.sort((x, y) => x.id.localeCompare(y.id))).toEqual([tricky, empty]);
  });

  it('adds counters on conflict when asked to', async () => {
    const counters: TableSpec<{ id: string; n: number }> = {
      columns: [
        ['id', 'TEXT'],
        ['n', 'BIGINT'],
      ],
      key: ['id'],
    };
    await db.query(createTableSql('counters', counters));
    await upsertRows(db, 'counters', counters, [{ id: 'k', n: 2 }], 'add');
    await upsertRows(db, 'counters', counters, [{ id: 'k', n: -5 }], 'add');
    expect(await rowsByKey(db, 'counters', counters, ['k'])).toEqual([{ id: 'k', n: -3 }]);
  });
});
