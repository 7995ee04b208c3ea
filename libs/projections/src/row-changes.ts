/** What turns a table's rows `before` into `after`: the rows to write and the rows to remove. */
export interface RowChanges<Row> {
  /** Rows of `after` that are new or differ from `before`'s row of the same key. */
  written: Row[];
  /** Rows of `before` whose key `after` lacks. */
  removed: Row[];
}

/**
 * The changes between two sets of a read model's derived rows, compared by
 * key and then by content, so a batch writes only the rows its events
 * changed instead of deleting and re-inserting all of them: every row
 * written is a dead tuple and an entry in each index until vacuum. Rows
 * are compared as JSON, so both sets must be built the same way (the same
 * function, fields in the same order).
 */
export function rowChanges<Row>(
  before: readonly Row[],
  after: readonly Row[],
  keyOf: (row: Row) => string,
): RowChanges<Row> {
  const previous = new Map(before.map((row) => [keyOf(row), row]));
  const written: Row[] = [];
  for (const row of after) {
    const key = keyOf(row);
    const was = previous.get(key);
    previous.delete(key);
    if (was === undefined || JSON.stringify(was) !== JSON.stringify(row)) written.push(row);
  }
  return { written, removed: [...previous.values()] };
}
