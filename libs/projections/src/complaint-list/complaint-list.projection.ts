import type { RecordedEvent, SqlExecutor } from '@redress/event-store';
import type { PhysicalTableName, ProjectionDefinition } from '../projection';
import { COMPLAINT_LIST_COLUMNS, evolveComplaintListRow, type ComplaintListRow } from './complaint-list-row';

const STREAM_PREFIX = 'complaint-';
const COLUMN_NAMES = COMPLAINT_LIST_COLUMNS.map(([name]) => name);
const SELECT_ROW = COLUMN_NAMES.map((name) =>
  name === 'last_position' || name === 'compensation_amount' ? `${name}::float8 AS ${name}` : name,
).join(', ');

/**
 * The complaint list: one row per complaint, for search, filters, customer
 * history and workload. A batch is folded in memory per complaint and written
 * with one upsert, which is what makes rebuilds fast.
 */
export const complaintListProjection: ProjectionDefinition = {
  name: 'complaint-list',
  version: 1,
  tables: ['complaint_list'],

  async createTables(tx: SqlExecutor, table: PhysicalTableName): Promise<void> {
    const t = table('complaint_list');
    const columns = COMPLAINT_LIST_COLUMNS.map(
      ([name, type]) => `${name} ${type}${name === 'id' ? ' PRIMARY KEY' : ''}`,
    );
    await tx.query(`CREATE TABLE ${t} (
      ${columns.join(',\n      ')},
      search TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', content || ' ' || object_reference)) STORED
    )`);
    await tx.query(`CREATE INDEX ${t}_received ON ${t} (received_at DESC, id DESC)`);
    await tx.query(`CREATE INDEX ${t}_priority ON ${t} (priority_rank, received_at, id)`);
    await tx.query(`CREATE INDEX ${t}_status ON ${t} (status, received_at DESC)`);
    await tx.query(`CREATE INDEX ${t}_customer ON ${t} (customer_id, received_at)`);
    await tx.query(`CREATE INDEX ${t}_owner ON ${t} (department, assignee)`);
    await tx.query(`CREATE INDEX ${t}_search ON ${t} USING GIN (search)`);
  },

  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
    const relevant = events.filter((event) => event.streamId.startsWith(STREAM_PREFIX));
    if (relevant.length === 0) return;
    const t = table('complaint_list');
    const ids = [...new Set(relevant.map((event) => event.streamId.slice(STREAM_PREFIX.length)))];
    const { rows } = await tx.query<ComplaintListRow>(`SELECT ${SELECT_ROW} FROM ${t} WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    const current = new Map<string, ComplaintListRow | null>(rows.map((row) => [row.id, normaliseRow(row)]));
    for (const event of relevant) {
      const id = event.streamId.slice(STREAM_PREFIX.length);
      // Replays after a crash are impossible (checkpoint and rows commit together); this guard keeps a row idempotent anyway.
      const row = current.get(id) ?? null;
      if (row && row.last_position >= event.position) continue;
      current.set(id, evolveComplaintListRow(row, event));
    }
    const changed = [...current.values()].filter((row): row is ComplaintListRow => row !== null);
    if (changed.length === 0) return;
    const definitions = COMPLAINT_LIST_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ');
    const updates = COLUMN_NAMES.filter((name) => name !== 'id')
      .map((name) => `${name} = EXCLUDED.${name}`)
      .join(', ');
    await tx.query(
      `INSERT INTO ${t} (${COLUMN_NAMES.join(', ')})
       SELECT ${COLUMN_NAMES.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS batch(${definitions})
       ON CONFLICT (id) DO UPDATE SET ${updates}`,
      [JSON.stringify(changed)],
    );
  },
};

/** Rows read back carry Date objects for timestamps; the fold works on ISO strings like the events do. */
function normaliseRow(row: ComplaintListRow): ComplaintListRow {
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : (value as string | null));
  return {
    ...row,
    received_at: iso(row.received_at) as string,
    occurred_at: iso(row.occurred_at) as string,
    updated_at: iso(row.updated_at) as string,
    closed_at: iso(row.closed_at),
    last_position: Number(row.last_position),
    compensation_amount: row.compensation_amount === null ? null : Number(row.compensation_amount),
  };
}
