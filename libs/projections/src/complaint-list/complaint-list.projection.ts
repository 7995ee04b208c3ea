import type { RecordedEvent, SqlExecutor } from '@redress/event-store';
import type { PhysicalTableName, ProjectionDefinition } from '../projection';
import { ComplaintCountChanges, createComplaintCountsTable } from './complaint-list-counts';
import { COMPLAINT_LIST_COLUMNS, evolveComplaintListRow, type ComplaintListRow } from './complaint-list-row';

const STREAM_PREFIX = 'complaint-';
const COLUMN_NAMES = COMPLAINT_LIST_COLUMNS.map(([name]) => name);
const SELECT_ROW = COLUMN_NAMES.map((name) =>
  name === 'last_position' || name === 'compensation_amount' ? `${name}::float8 AS ${name}` : name,
).join(', ');
const UNNEST_PARAMETERS = COMPLAINT_LIST_COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
const UPDATE_COLUMNS = COLUMN_NAMES.filter((name) => name !== 'id')
  .map((name) => `${name} = EXCLUDED.${name}`)
  .join(', ');

/**
 * The complaint list: one row per complaint, for search, filters, customer
 * history and workload, and the counters of `complaint_list_counts` for its
 * totals. A batch is folded in memory per complaint and written with one
 * upsert, which is what makes rebuilds fast.
 */
export const complaintListProjection: ProjectionDefinition = {
  name: 'complaint-list',
  // v3: the tier index, and status and category carried in the filter indexes (see createIndexes).
  // v4: merges (status MERGED, merged_into, merged_duplicates).
  version: 4,
  tables: ['complaint_list', 'complaint_list_counts'],

  async createTables(tx: SqlExecutor, table: PhysicalTableName): Promise<void> {
    const columns = COMPLAINT_LIST_COLUMNS.map(
      ([name, type]) => `${name} ${type}${name === 'id' ? ' PRIMARY KEY' : ''}`,
    );
    await tx.query(`CREATE TABLE ${table('complaint_list')} (
      ${columns.join(',\n      ')},
      search TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', content || ' ' || object_reference)) STORED
    )`);
    await createComplaintCountsTable(tx, table('complaint_list_counts'));
  },

  async createIndexes(tx: SqlExecutor, table: PhysicalTableName): Promise<void> {
    const t = table('complaint_list');
    await tx.query(`CREATE INDEX IF NOT EXISTS ${t}_priority ON ${t} (priority_rank, received_at, id)`);
    await tx.query(`CREATE INDEX IF NOT EXISTS ${t}_status ON ${t} (status, received_at DESC)`);
    await tx.query(`CREATE INDEX IF NOT EXISTS ${t}_customer ON ${t} (customer_id, received_at)`);
    // The filter first, then the default order: its newest complaints without a sort. Status and category ride
    // along because filters the counters table cannot answer (owner, received-at range) are totalled by
    // status and category over every matching row, which these let PostgreSQL do from the index alone.
    const totalled = 'INCLUDE (status, category)';
    await tx.query(`CREATE INDEX IF NOT EXISTS ${t}_received ON ${t} (received_at DESC, id DESC) ${totalled}`);
    await tx.query(
      `CREATE INDEX IF NOT EXISTS ${t}_owner ON ${t} (department, assignee, received_at DESC, id DESC) ${totalled}`,
    );
    await tx.query(
      `CREATE INDEX IF NOT EXISTS ${t}_tier ON ${t} (customer_tier, received_at DESC, id DESC) ${totalled}`,
    );
    await tx.query(`CREATE INDEX IF NOT EXISTS ${t}_search ON ${t} USING GIN (search)`);
  },

  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
    const t = table('complaint_list');
    const batch = eventsPerComplaint(events);
    if (batch.size === 0) return;
    // A batch is applied exactly once (its rows and the checkpoint commit together), so a complaint whose
    // first event here is its receipt has no row yet: only the others are read.
    const existing = [...batch].filter(([, own]) => own[0].revision > 0).map(([id]) => id);
    const stored = existing.length
      ? (await tx.query<ComplaintListRow>(`SELECT ${SELECT_ROW} FROM ${t} WHERE id = ANY($1::uuid[])`, [existing])).rows
      : [];
    const current = new Map(stored.map((row) => [row.id, normaliseRow(row)]));
    const changed: ComplaintListRow[] = [];
    const counts = new ComplaintCountChanges();
    for (const [id, own] of batch) {
      const before = current.get(id) ?? null;
      // Events a stored row already reflects are skipped, which keeps the row right should a batch ever be
      // replayed; not the counters, which rely, like the receipt shortcut above, on the checkpoint guard.
      const after = own
        .filter((event) => !before || event.position > before.last_position)
        .reduce(evolveComplaintListRow, before);
      if (after === null || after === before) continue;
      changed.push(after);
      counts.move(before, after);
    }
    if (changed.length === 0) return;
    // One array per column, unnested into rows: cheaper for the server to parse than the same rows as JSON.
    // JSONB values travel as JSON texts: node-pg would turn a nested JS array into a multi-dimensional SQL array.
    const rows = COLUMN_NAMES.map((name) =>
      changed.map((row) => (name === 'merged_duplicates' ? JSON.stringify(row[name]) : row[name])),
    );
    // The counters' upsert runs as a data-modifying WITH of the same statement, which PostgreSQL always runs.
    const counters = counts.upsert(table('complaint_list_counts'), rows.length + 1);
    await tx.query(
      `${counters ? `WITH counters AS (${counters.sql}) ` : ''}INSERT INTO ${t} (${COLUMN_NAMES.join(', ')})
       SELECT * FROM unnest(${UNNEST_PARAMETERS})
       ON CONFLICT (id) DO UPDATE SET ${UPDATE_COLUMNS}`,
      counters ? [...rows, ...counters.params] : rows,
    );
  },
};

/** The batch's complaint events grouped by complaint, each group in log order; other streams are skipped. */
function eventsPerComplaint(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const batch = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!event.streamId.startsWith(STREAM_PREFIX)) continue;
    const id = event.streamId.slice(STREAM_PREFIX.length);
    const own = batch.get(id);
    if (own) own.push(event);
    else batch.set(id, [event]);
  }
  return batch;
}

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
