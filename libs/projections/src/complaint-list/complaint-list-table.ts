import { statementNameOf, type RecordedEvent, type SqlExecutor } from '@redress/event-store';
import type { PhysicalTableName } from '../projection';
import type { ComplaintCountChanges } from './complaint-list-counts';
import { COMPLAINT_LIST_COLUMNS, type ComplaintListRow } from './complaint-list-row';
import { sqlArrayLiteral } from '../sql-array-literal';
import { copyTextRow, type CopyValue } from '../copy-text';

/** Reading and writing `complaint_list` rows, for the live batches and for rebuilds alike. */

const STREAM_PREFIX = 'complaint-';
const COLUMN_NAMES = COMPLAINT_LIST_COLUMNS.map(([name]) => name);
const SELECT_ROW = COLUMN_NAMES.map((name) =>
  name === 'last_position' || name === 'compensation_amount' ? `${name}::float8 AS ${name}` : name,
).join(', ');
/**
 * JSONB arrives as JSON text and is cast row by row: PostgreSQL parses a
 * `jsonb[]` parameter several times slower than the whole rest of a row, and
 * most lists are empty, which the constant spares parsing at all.
 */
const UNNEST_PARAMETERS = COMPLAINT_LIST_COLUMNS.map(
  ([, type], i) => `$${i + 1}::${type === 'JSONB' ? 'TEXT' : type}[]`,
).join(', ');
const UNNESTED_VALUES = COMPLAINT_LIST_COLUMNS.map(([name, type]) =>
  type === 'JSONB' ? `CASE WHEN u.${name} = '[]' THEN '[]'::jsonb ELSE u.${name}::jsonb END` : `u.${name}`,
).join(', ');
const UPDATE_COLUMNS = COLUMN_NAMES.filter((name) => name !== 'id')
  .map((name) => `${name} = EXCLUDED.${name}`)
  .join(', ');

/** The complaint events among `events`, grouped by complaint, each group in log order; other streams are skipped. */
export function eventsPerComplaint(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
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

/**
 * The ids of the complaints whose rows folding `batch` needs: all but those
 * whose first event here is their receipt, which have no row yet (a batch is
 * applied exactly once: its rows and the checkpoint commit together).
 */
export function complaintsWithRows(batch: ReadonlyMap<string, readonly RecordedEvent[]>): string[] {
  const ids: string[] = [];
  for (const [id, own] of batch) if (own[0].revision > 0) ids.push(id);
  return ids;
}

/** The stored rows of these complaints, as the fold works on them. */
export async function readComplaintRows(
  db: SqlExecutor,
  table: PhysicalTableName,
  ids: readonly string[],
): Promise<ComplaintListRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ComplaintListRow>(
    `SELECT ${SELECT_ROW} FROM ${table('complaint_list')} WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map(normaliseRow);
}

/**
 * Folds a complaint's events of one batch onto its row. Events a stored row
 * already reflects are skipped, which keeps the row right should a batch ever
 * be replayed (the counters rely on the checkpoint guard instead).
 */
export function foldComplaintEvents(
  before: ComplaintListRow | null,
  own: readonly RecordedEvent[],
  evolve: (row: ComplaintListRow | null, event: RecordedEvent) => ComplaintListRow | null,
): ComplaintListRow | null {
  let row = before;
  for (const event of own) if (!before || event.position > before.last_position) row = evolve(row, event);
  return row;
}

/**
 * Upserts the rows and applies the counter changes in one statement (one
 * round trip): the counters' upsert runs as a data-modifying WITH, which
 * PostgreSQL always runs.
 */
export async function upsertComplaintRows(
  tx: SqlExecutor,
  table: PhysicalTableName,
  changed: readonly ComplaintListRow[],
  counts: ComplaintCountChanges,
): Promise<void> {
  if (changed.length === 0) return;
  const rows = columnArrays(changed);
  const counters = counts.upsert(table('complaint_list_counts'), rows.length + 1);
  const upsert = `${counters ? `WITH counters AS (${counters.sql}) ` : ''}INSERT INTO ${table('complaint_list')} (${COLUMN_NAMES.join(', ')})
     SELECT ${UNNESTED_VALUES} FROM unnest(${UNNEST_PARAMETERS}) AS u(${COLUMN_NAMES.join(', ')})
     ON CONFLICT (id) DO UPDATE SET ${UPDATE_COLUMNS}`;
  await tx.query(upsert, counters ? [...rows, ...counters.params] : rows, statementNameOf(upsert));
}

/** Rows per chunk of COPY data: a few megabytes, so a large load is never one string of hundreds of them. */
const COPY_ROWS_PER_CHUNK = 5_000;

/**
 * Writes a rebuild's changed rows and the counters' changes. Rows new to the
 * table (`inserted`: no row of the complaint exists yet, which holds for
 * every complaint received since the checkpoint, as a batch is applied
 * exactly once) go in with COPY where the client can, which PostgreSQL
 * takes at a fraction of an upsert's cost; the rest, and every row on a
 * client without COPY, are upserted with the counters.
 */
export async function writeComplaintRows(
  tx: SqlExecutor,
  table: PhysicalTableName,
  inserted: readonly ComplaintListRow[],
  updated: readonly ComplaintListRow[],
  counts: ComplaintCountChanges,
): Promise<void> {
  if (!tx.copyFrom) return upsertComplaintRows(tx, table, [...updated, ...inserted], counts);
  if (inserted.length > 0) {
    await tx.copyFrom(`COPY ${table('complaint_list')} (${COLUMN_NAMES.join(', ')}) FROM STDIN`, copyChunks(inserted));
  }
  if (updated.length > 0) return upsertComplaintRows(tx, table, updated, counts);
  const counters = counts.upsert(table('complaint_list_counts'), 1);
  if (counters) await tx.query(counters.sql, counters.params);
}

function* copyChunks(rows: readonly ComplaintListRow[]): Generator<string> {
  const values = new Array<CopyValue>(COLUMN_NAMES.length);
  for (let start = 0; start < rows.length; start += COPY_ROWS_PER_CHUNK) {
    let chunk = '';
    for (const row of rows.slice(start, start + COPY_ROWS_PER_CHUNK)) {
      for (let i = 0; i < COLUMN_NAMES.length; i++) values[i] = columnValue(row, COLUMN_NAMES[i]);
      chunk += copyTextRow(values);
    }
    yield chunk;
  }
}

/** A column's value as written: JSONB values as their JSON texts. */
function columnValue(row: ComplaintListRow, name: keyof ComplaintListRow): string | number | boolean | null {
  return name === 'merged_duplicates'
    ? JSON.stringify(row.merged_duplicates)
    : (row[name] as string | number | boolean | null);
}

/**
 * One array per column, unnested into rows: cheaper for the server to parse
 * than the same rows as JSON. Each is sent as an array literal built here,
 * which costs a fraction of node-pg turning a JS array into one. JSONB values
 * travel as JSON texts.
 */
function columnArrays(changed: readonly ComplaintListRow[]): string[] {
  return COLUMN_NAMES.map((name) => sqlArrayLiteral(changed.map((row) => columnValue(row, name))));
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
