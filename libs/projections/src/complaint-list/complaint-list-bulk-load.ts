import type { RecordedEvent, SqlExecutor } from '@redress/event-store';
import type { BulkLoad, PhysicalTableName } from '../projection';
import { ComplaintCountChanges } from './complaint-list-counts';
import { evolveComplaintListRow, type ComplaintListRow } from './complaint-list-row';
import {
  complaintsWithRows,
  eventsPerComplaint,
  foldComplaintEvents,
  readComplaintRows,
  writeComplaintRows,
} from './complaint-list-table';

/**
 * Rows a rebuild keeps in memory beyond those changed since its last write.
 * A complaint's events are hours or days apart while a year's log holds
 * millions, so the rows changed most recently are the ones the next events
 * need: 50,000 of them are over two weeks of a service desk taking a million
 * complaints a year, and a complaint that comes back after longer is read
 * from the table, as the live path always does. Keeping more costs more than
 * it saves: every full garbage collection marks every row kept. Measured
 * over 664,000 events, keeping 25,000 rather than 200,000 cut the rebuild's
 * own CPU per event by a quarter (19-20 to 14 µs), the database's not at all.
 */
export const COMPLAINT_ROWS_KEPT = 50_000;

/**
 * The complaint list's rebuild (see `BulkLoad`): every complaint's row is
 * folded in memory, and each transaction writes the rows changed since the
 * previous one once, with the counters' net changes. Rows stay in memory
 * after they are written, up to `rowsKept`, least recently changed first out,
 * so the rebuild neither reads back the rows it wrote itself nor rewrites a
 * row for each batch its complaint's events fall in.
 */
export class ComplaintListBulkLoad implements BulkLoad {
  /** Known rows, least recently changed first (a changed row is moved to the end). */
  private readonly rows = new Map<string, ComplaintListRow>();
  /** The rows changed since the last write, each with its row as that write left it (null: none yet). */
  private changed = new Map<string, ComplaintListRow | null>();
  /** The current page, grouped by complaint between `prepare` and `fold`. */
  private page: { events: readonly RecordedEvent[]; batch: Map<string, RecordedEvent[]> } | undefined;

  constructor(private readonly rowsKept = COMPLAINT_ROWS_KEPT) {}

  async prepare(committed: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
    const batch = eventsPerComplaint(events);
    this.page = { events, batch };
    const missing = complaintsWithRows(batch).filter((id) => !this.rows.has(id));
    for (const row of await readComplaintRows(committed, table, missing)) this.rows.set(row.id, row);
  }

  fold(events: readonly RecordedEvent[]): void {
    const batch = this.page?.events === events ? this.page.batch : eventsPerComplaint(events);
    this.page = undefined;
    for (const [id, own] of batch) {
      const before = this.rows.get(id) ?? null;
      const after = foldComplaintEvents(before, own, evolveComplaintListRow);
      if (after === null || after === before) continue;
      if (!this.changed.has(id)) this.changed.set(id, before);
      this.rows.delete(id);
      this.rows.set(id, after);
    }
  }

  takeChanges(): ((tx: SqlExecutor, table: PhysicalTableName) => Promise<void>) | null {
    const changed = this.changed;
    if (changed.size === 0) return null;
    this.changed = new Map();
    // A row neither in the table nor read from it is new: no write of this load or before it stored one.
    const [inserted, updated]: ComplaintListRow[][] = [[], []];
    const counts = new ComplaintCountChanges();
    for (const [id, written] of changed) {
      const row = this.rows.get(id) as ComplaintListRow;
      (written === null ? inserted : updated).push(row);
      counts.move(written, row);
    }
    this.forgetBeyondKept();
    return (tx, table) => writeComplaintRows(tx, table, inserted, updated, counts);
  }

  /** Lets go of the least recently changed rows beyond `rowsKept`; all of them are written by now. */
  private forgetBeyondKept(): void {
    let excess = this.rows.size - this.rowsKept;
    for (const id of this.rows.keys()) {
      if (excess-- <= 0) break;
      this.rows.delete(id);
    }
  }
}
