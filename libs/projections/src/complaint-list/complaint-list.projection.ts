import type { RecordedEvent, SqlExecutor } from '@redress/event-store';
import type { PhysicalTableName, ProjectionDefinition } from '../projection';
import { ComplaintListBulkLoad } from './complaint-list-bulk-load';
import { ComplaintCountChanges, createComplaintCountsTable } from './complaint-list-counts';
import { COMPLAINT_LIST_COLUMNS, evolveComplaintListRow, type ComplaintListRow } from './complaint-list-row';
import {
  complaintsWithRows,
  eventsPerComplaint,
  foldComplaintEvents,
  readComplaintRows,
  upsertComplaintRows,
} from './complaint-list-table';

/**
 * The complaint list: one row per complaint, for search, filters, customer
 * history and workload, and the counters of `complaint_list_counts` for its
 * totals. A live batch is folded in memory per complaint and written with
 * one upsert; a rebuild folds the whole log in memory and writes each row
 * once per transaction (ComplaintListBulkLoad).
 */
export const complaintListProjection: ProjectionDefinition = {
  name: 'complaint-list',
  // v3: the tier index, and status and category carried in the filter indexes (see createIndexes).
  // v4: merges (status MERGED, merged_into, merged_duplicates).
  // v5: the partial indexes of the merge completion sweep.
  version: 5,
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
    // The merge completion sweep (merge-pairs.queries.ts) looks only at complaints in a merge, every half minute
    // on every API replica: without these it read the whole list twice each time (0.4 s of PostgreSQL's time
    // over 40,000 complaints, growing with the list). Only rows in a merge get an entry.
    await tx.query(`CREATE INDEX IF NOT EXISTS ${t}_merged_into ON ${t} (updated_at) WHERE merged_into IS NOT NULL`);
    await tx.query(
      `CREATE INDEX IF NOT EXISTS ${t}_merging ON ${t} (updated_at) WHERE merged_duplicates <> '[]'::jsonb`,
    );
  },

  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
    const batch = eventsPerComplaint(events);
    if (batch.size === 0) return;
    const stored = await readComplaintRows(tx, table, complaintsWithRows(batch));
    const current = new Map(stored.map((row) => [row.id, row]));
    const changed: ComplaintListRow[] = [];
    const counts = new ComplaintCountChanges();
    for (const [id, own] of batch) {
      const before = current.get(id) ?? null;
      const after = foldComplaintEvents(before, own, evolveComplaintListRow);
      if (after === null || after === before) continue;
      changed.push(after);
      counts.move(before, after);
    }
    await upsertComplaintRows(tx, table, changed, counts);
  },

  bulkLoad: () => new ComplaintListBulkLoad(),
};
