import { statementNameOf } from './statement-name';

describe('statementNameOf', () => {
  it('names a text the same way every time, and two texts apart', () => {
    // Built afresh each time, as a projection builds its statements for the tables of its generation.
    const upsert = (table: string) => `INSERT INTO ${table} (id) SELECT unnest($1::uuid[]) ON CONFLICT (id) DO NOTHING`;
    expect(statementNameOf(upsert('complaint_list_g1'))).toBe(statementNameOf(upsert('complaint_list_g1')));
    expect(statementNameOf(upsert('complaint_list_g1'))).not.toBe(statementNameOf(upsert('complaint_list_g2')));
  });

  it('keeps within the 63 bytes PostgreSQL keeps of a name', () => {
    expect(Buffer.byteLength(statementNameOf('SELECT 1'))).toBeLessThanOrEqual(63);
  });
});
