import type { RecordedEvent, SqlExecutor } from '@redress/event-store';
import type { PhysicalTableName, ProjectionDefinition } from '../projection';
import { createTableSql, rowsByKey, upsertRows, type TableSpec } from './sql-table';

/**
 * Applies a batch to a read model with one row per stream: read the batch's
 * rows, fold each event into its row in memory, write the changed rows with
 * one upsert. The position guard keeps a row idempotent should an event ever
 * be delivered twice (the runtime prevents it: checkpoint and rows commit
 * together).
 */
export async function applyRowPerStream<Row extends { last_position: number }>(
  tx: SqlExecutor,
  events: readonly RecordedEvent[],
  options: {
    streamPrefix: string;
    table: string;
    spec: TableSpec<Row>;
    evolve: (row: Row | null, event: RecordedEvent) => Row | null;
    /** Turns a row as read back (JSON as text with some drivers, numbers as strings) into the fold's shape. */
    normalise?: (row: Row) => Row;
  },
): Promise<void> {
  const { streamPrefix, table, spec, evolve } = options;
  const relevant = events.filter((event) => event.streamId.startsWith(streamPrefix));
  if (relevant.length === 0) return;
  const idOf = (event: RecordedEvent) => event.streamId.slice(streamPrefix.length);
  const normalise = options.normalise ?? ((row: Row) => row);
  const [key] = spec.key;
  const stored = await rowsByKey(tx, table, spec, [...new Set(relevant.map(idOf))]);
  const current = new Map<string, Row | null>(stored.map((row) => [String(row[key]), normalise(row)]));
  for (const event of relevant) {
    const row = current.get(idOf(event)) ?? null;
    if (row && Number(row.last_position) >= event.position) continue;
    current.set(idOf(event), evolve(row, event));
  }
  const changed = [...current.values()].filter((row): row is Row => row !== null);
  await upsertRows(tx, table, spec, changed, 'replace');
}

/**
 * A projection with one table holding one row per stream of `streamPrefix`
 * (the complaint list's shape): the DDL from the spec plus `indexes`
 * (column lists), and batches applied by `applyRowPerStream`.
 */
export function rowPerStreamProjection<Row extends { last_position: number }>(definition: {
  name: string;
  version: number;
  table: string;
  streamPrefix: string;
  spec: TableSpec<Row>;
  indexes: Record<string, string>;
  evolve: (row: Row | null, event: RecordedEvent) => Row | null;
  normalise?: (row: Row) => Row;
}): ProjectionDefinition {
  const { name, version, table: logical, streamPrefix, spec, evolve, normalise } = definition;
  return {
    name,
    version,
    tables: [logical],
    async createTables(tx: SqlExecutor, table: PhysicalTableName): Promise<void> {
      const physical = table(logical);
      await tx.query(createTableSql(physical, spec));
      for (const [suffix, columns] of Object.entries(definition.indexes)) {
        await tx.query(`CREATE INDEX ${physical}_${suffix} ON ${physical} ${columns}`);
      }
    },
    async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
      await applyRowPerStream(tx, events, { streamPrefix, table: table(logical), spec, evolve, normalise });
    },
  };
}
