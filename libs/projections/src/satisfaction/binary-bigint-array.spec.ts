import { PgliteSqlClient } from '../../../event-store/src/embedded/pglite-sql-client';
import { binaryBigintArray } from './binary-bigint-array';

describe('binary BIGINT[] parameters', () => {
  let db: PgliteSqlClient;

  beforeAll(async () => {
    db = await PgliteSqlClient.open(undefined);
  });

  afterAll(async () => {
    await db.close();
  });

  it('reads back every value the server stores, across both 32-bit words and signs', async () => {
    const values = [
      0,
      1,
      -1,
      7,
      2 ** 31,
      -(2 ** 31) - 1,
      2 ** 32,
      -(2 ** 32) - 1,
      4_294_967_295,
      Number.MAX_SAFE_INTEGER,
    ];
    values.push(Number.MIN_SAFE_INTEGER);
    const { rows } = await db.query<{ value: string }>('SELECT unnest($1::bigint[])::text AS value', [
      binaryBigintArray(values),
    ]);
    expect(rows.map((row) => row.value)).toEqual(values.map(String));
  });

  it('takes typed arrays, and an empty one is an empty array', async () => {
    const { rows } = await db.query<{ total: string; count: number }>(
      'SELECT sum(v)::text AS total, count(*)::int AS count FROM unnest($1::bigint[]) AS v',
      [binaryBigintArray(new Float64Array([3, -5, 40]))],
    );
    expect(rows).toEqual([{ total: '38', count: 3 }]);
    const empty = await db.query<{ length: number | null }>('SELECT cardinality($1::bigint[]) AS length', [
      binaryBigintArray([]),
    ]);
    expect(empty.rows).toEqual([{ length: 0 }]);
  });

  it('refuses a value that is not a safe integer rather than storing another', () => {
    expect(() => binaryBigintArray([1, 2.5])).toThrow(RangeError);
    expect(() => binaryBigintArray([2 ** 53])).toThrow(RangeError);
    expect(() => binaryBigintArray([Number.NaN])).toThrow(RangeError);
  });
});
