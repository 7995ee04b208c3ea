import type { SqlExecutor } from '@redress/event-store';

/**
 * Merges the complaint list shows half-done: a duplicate merged into a
 * primary that does not list it, or a primary listing a duplicate that is no
 * longer merged into it. Each is either a merge or unmerge interrupted between
 * its two appends, or one whose second append the list has not caught up
 * with yet; `olderThan` leaves the latter out. The merge process decides from
 * the streams themselves, so a pair listed here that is in fact complete is
 * left as it is. Both halves read only complaints in a merge, through the list's partial indexes `_merged_into`
 * and `_merging` (complaint-list.projection.ts); the second half repeats `_merging`'s predicate so PostgreSQL uses it.
 */
export async function halfDoneMerges(db: SqlExecutor, olderThan: Date, limit = 100): Promise<string[]> {
  const { rows } = await db.query<{ duplicate_id: string }>(
    `SELECT d.id AS duplicate_id FROM complaint_list d
       LEFT JOIN complaint_list p ON p.id = d.merged_into
     WHERE d.merged_into IS NOT NULL AND d.updated_at < $1
       AND (p.id IS NULL OR NOT p.merged_duplicates @> jsonb_build_array(d.id::text))
     UNION
     SELECT m.duplicate_id::uuid FROM complaint_list p
       CROSS JOIN LATERAL jsonb_array_elements_text(p.merged_duplicates) AS m(duplicate_id)
       LEFT JOIN complaint_list d ON d.id = m.duplicate_id::uuid
     WHERE p.merged_duplicates <> '[]'::jsonb AND p.updated_at < $1 AND d.merged_into IS DISTINCT FROM p.id
     LIMIT $2`,
    [olderThan.toISOString(), limit],
  );
  return rows.map((row) => String(row.duplicate_id));
}
