import { statementNameOf, type SqlExecutor } from '@redress/event-store';
import type { PhysicalTableName } from '../projection';
import type { RowChanges } from '../row-changes';
import type { TableSpec } from '../satisfaction/sql-table';
import type { AlertTimerRow, ClockRow } from './sla-derived-rows';
import type { SlaComplaintRow } from './sla-tracking.projection';

const COMPLAINTS: TableSpec<SlaComplaintRow> = {
  key: ['complaint_id'],
  columns: [
    ['complaint_id', 'UUID'],
    ['policy_id', 'TEXT'],
    ['policy_version', 'INTEGER'],
    ['policy_digest', 'TEXT'],
    ['policy_source', 'TEXT'],
    ['open', 'BOOLEAN'],
    ['received_at', 'TIMESTAMPTZ'],
    ['effective_received_at', 'TIMESTAMPTZ'],
    ['merged_into', 'UUID'],
    ['segments', 'JSONB'],
    ['history', 'JSONB'],
    ['last_position', 'BIGINT'],
  ],
};
const TIMERS: TableSpec<AlertTimerRow> = {
  key: ['complaint_id', 'key'],
  columns: [
    ['complaint_id', 'UUID'],
    ['key', 'TEXT'],
    ['kind', 'TEXT'],
    ['clock', 'TEXT'],
    ['cycle', 'INTEGER'],
    ['threshold', 'TEXT'],
    ['policy_id', 'TEXT'],
    ['policy_version', 'INTEGER'],
    ['fire_at', 'TIMESTAMPTZ'],
    ['escalations', 'JSONB'],
  ],
};
const CLOCKS: TableSpec<ClockRow> = {
  key: ['complaint_id', 'clock', 'cycle'],
  columns: [
    ['complaint_id', 'UUID'],
    ['clock', 'TEXT'],
    ['cycle', 'INTEGER'],
    ['policy_id', 'TEXT'],
    ['policy_version', 'INTEGER'],
    ['phase', 'TEXT'],
    ['breached', 'BOOLEAN'],
    ['started_at', 'TIMESTAMPTZ'],
    ['due_at', 'TIMESTAMPTZ'],
    ['ended_at', 'TIMESTAMPTZ'],
    ['target_seconds', 'BIGINT'],
    ['received_at', 'TIMESTAMPTZ'],
    ['department', 'TEXT'],
    ['grade', 'TEXT'],
    ['category', 'TEXT'],
  ],
};

/** A batch's writes to the SLA tables: every changed complaint row, and its timers' and clocks' changes. */
export interface SlaBatchWrites {
  complaints: readonly SlaComplaintRow[];
  timers: RowChanges<AlertTimerRow>;
  clocks: RowChanges<ClockRow>;
}

/**
 * Writes a batch in one statement, one round trip instead of five: the complaints' upsert, and the removals and
 * the upserts of timers and clocks that the batch has, each a data-modifying WITH, which PostgreSQL always runs.
 * The removed and the written keys of a table are disjoint (`rowChanges`), so the parts cannot meet on a row.
 */
export async function writeSlaBatch(tx: SqlExecutor, table: PhysicalTableName, writes: SlaBatchWrites) {
  const timers = table('sla_alert_timers');
  const clocks = table('sla_clocks');
  const values: unknown[] = [];
  // Adds a value and answers its parameter's number: push answers the new length, and parameters count from $1.
  const parameter = (value: unknown) => values.push(value);
  const parts = [
    upsertFromJson(table('sla_complaints'), COMPLAINTS, parameter(JSON.stringify(writes.complaints)), ['received_at']),
  ];
  const removes = writes.timers.removed.length > 0 || writes.clocks.removed.length > 0;
  if (writes.timers.removed.length) {
    parts.push(deleteByKey(timers, TIMERS, keyArrays(writes.timers.removed, TIMERS).map(parameter)));
  }
  if (writes.clocks.removed.length) {
    parts.push(deleteByKey(clocks, CLOCKS, keyArrays(writes.clocks.removed, CLOCKS).map(parameter)));
  }
  if (writes.timers.written.length) {
    parts.push(upsertFromJson(timers, TIMERS, parameter(JSON.stringify(writes.timers.written))));
  }
  if (writes.clocks.written.length) {
    parts.push(upsertFromJson(clocks, CLOCKS, parameter(JSON.stringify(writes.clocks.written))));
  }
  const last = parts.pop() as string;
  const statement = parts.length
    ? `WITH ${parts.map((part, i) => `part_${i} AS (\n      ${part}\n    )`).join(', ')}\n    ${last}`
    : last;
  // Named, and so planned once per connection, only without removals. A prepared statement's generic plan is kept
  // until the tables' statistics change, and one made while they were small joins the removals by scanning the
  // whole table; the upserts' plans (a function scan into the primary key's conflict check) do not depend on
  // statistics. Planning the five-part statement took 1.2-1.9 ms per batch under load (pg_stat_statements).
  await tx.query(statement, values, removes ? undefined : statementNameOf(statement));
}

/** Upserts the rows of a JSON array parameter; `kept` columns keep their stored values on conflict. */
function upsertFromJson<Row>(
  physical: string,
  { columns, key }: TableSpec<Row>,
  parameter: number,
  kept: readonly (keyof Row & string)[] = [],
): string {
  const names = columns.map(([name]) => name);
  const updates = names
    .filter((name) => !key.includes(name) && !kept.includes(name))
    .map((name) => `${name} = EXCLUDED.${name}`);
  return `INSERT INTO ${physical} (${names.join(', ')})
      SELECT * FROM jsonb_to_recordset($${parameter}::jsonb) AS r(${columns.map(([name, type]) => `${name} ${type}`).join(', ')})
      ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

/** Deletes the rows whose keys are given column by column, in the array parameters numbered `parameters`. */
function deleteByKey<Row>(physical: string, { columns, key }: TableSpec<Row>, parameters: readonly number[]): string {
  const typeOf = (name: string) => columns.find(([column]) => column === name)?.[1];
  const arrays = key.map((name, i) => `$${parameters[i]}::${typeOf(name)}[]`);
  const matches = key.map((name) => `stored.${name} = gone.${name}`);
  return `DELETE FROM ${physical} stored USING unnest(${arrays.join(', ')}) AS gone(${key.join(', ')})
      WHERE ${matches.join(' AND ')}`;
}

function keyArrays<Row>(rows: readonly Row[], { key }: TableSpec<Row>): unknown[][] {
  return key.map((name) => rows.map((row) => row[name]));
}
