import type { SqlClient } from '@redress/event-store';

/**
 * Gives a live generation's tables their first planner statistics once they
 * hold rows, for the ones PostgreSQL has never analysed.
 *
 * Until a table is first analysed, PostgreSQL plans with default estimates:
 * `complaint_id = ANY($1)` over a key that only starts with complaint_id
 * (SLA tracking's clocks and alert timers) is then thought to match 0.5 % of
 * the table per id, so deleting a batch's 60 complaints' rows scanned the
 * whole table (5-34 ms per batch, growing with the table, through the first
 * minutes of the whole-system benchmark) instead of looking the ids up in
 * the key, and went on doing so until autovacuum first got to the table. A
 * rebuilt generation is analysed when its bulk load ends; a live one starts
 * empty, so it is analysed here, once, as soon as it has rows. From then on
 * autovacuum keeps the statistics current: with the share of distinct ids
 * recorded as a fraction, estimates grow with the table.
 *
 * Returns the tables that still have no statistics because they are empty.
 */
export async function analyzeFirstRows(client: SqlClient, tables: readonly string[]): Promise<string[]> {
  // reltuples is -1 until the first ANALYZE or VACUUM (PostgreSQL 14 and later, PGlite included).
  const { rows } = await client.query<{ name: string; filled: boolean }>(
    `SELECT relname AS name, pg_relation_size(oid) > 0 AS filled
     FROM pg_class WHERE oid = ANY($1::text[]::regclass[]) AND reltuples < 0`,
    [tables],
  );
  for (const { name } of rows.filter((row) => row.filled)) await client.query(`ANALYZE ${name}`);
  return rows.filter((row) => !row.filled).map((row) => row.name);
}
