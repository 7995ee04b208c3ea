import type { SqlExecutor } from '@redress/event-store';

/**
 * A read-model table described once — columns, types and key — from which
 * the DDL, the bulk upsert and the typed read-back are derived, so they
 * cannot drift apart (the complaint list does the same inline).
 */
export interface TableSpec<Row> {
  columns: readonly (readonly [name: keyof Row & string, sqlType: string])[];
  key: readonly (keyof Row & string)[];
}

export function createTableSql<Row>(physical: string, spec: TableSpec<Row>): string {
  const columns = spec.columns.map(([name, type]) => `${name} ${type}`);
  return `CREATE TABLE ${physical} (${columns.join(', ')}, PRIMARY KEY (${spec.key.join(', ')}))`;
}

/**
 * Writes rows in one statement. `replace` overwrites a row with the same
 * key; `add` adds every non-key column to the stored one (for counters).
 *
 * The rows travel column-wise, one typed array parameter per column
 * (`unnest($1::text[], $2::bigint[], …)`): PostgreSQL parses flat typed
 * arrays several times faster than a JSON document of keyed objects, which
 * is most of a rebuild's write cost. An array-typed column travels as the
 * text form of each row's array, cast back per row.
 */
export async function upsertRows<Row>(
  tx: SqlExecutor,
  physical: string,
  spec: TableSpec<Row>,
  rows: readonly Row[],
  onConflict: 'replace' | 'add',
): Promise<void> {
  if (rows.length === 0) return;
  const names = spec.columns.map(([name]) => name);
  const parameters = spec.columns.map(([name, type]) => rows.map((row) => parameterValue(row[name], type)));
  const unnested = spec.columns
    .map(([, type], i) => `$${i + 1}::${isArrayType(type) || type === 'JSONB' ? 'text' : type}[]`)
    .join(', ');
  const selected = spec.columns.map(([name, type]) =>
    isArrayType(type) || type === 'JSONB' ? `${name}::${type}` : name,
  );
  const updates = names
    .filter((name) => !spec.key.includes(name))
    .map((name) =>
      onConflict === 'add' ? `${name} = ${physical}.${name} + EXCLUDED.${name}` : `${name} = EXCLUDED.${name}`,
    )
    .join(', ');
  await tx.query(
    `INSERT INTO ${physical} (${names.join(', ')})
     SELECT ${selected.join(', ')} FROM unnest(${unnested}) AS batch(${names.join(', ')})
     ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${updates}`,
    parameters,
  );
}

function isArrayType(sqlType: string): boolean {
  return sqlType.endsWith('[]');
}

/** One cell as an element of its column's array parameter. */
function parameterValue(value: unknown, sqlType: string): unknown {
  if (value === null || value === undefined) return null;
  if (sqlType === 'JSONB') return JSON.stringify(value);
  if (isArrayType(sqlType)) return arrayLiteral(value as readonly unknown[]);
  return value;
}

/** PostgreSQL's text form of a one-dimensional array: every element quoted and escaped, NULL bare. */
function arrayLiteral(values: readonly unknown[]): string {
  const elements = values.map((value) =>
    value === null || value === undefined ? 'NULL' : `"${String(value).replace(/[\\"]/g, '\\$&')}"`,
  );
  return `{${elements.join(',')}}`;
}

/**
 * The select list that reads rows back as plain JSON values: integers as
 * numbers (not the strings drivers use for BIGINT), dates as YYYY-MM-DD and
 * instants as ISO strings, whichever driver runs the query.
 */
export function selectColumns<Row>(spec: TableSpec<Row>, alias = ''): string {
  const prefix = alias ? `${alias}.` : '';
  return spec.columns
    .map(([name, type]) => {
      const column = `${prefix}${name}`;
      if (/^(BIGINT|INT|SMALLINT|NUMERIC)$/.test(type)) return `${column}::float8 AS ${name}`;
      if (type === 'DATE') return `${column}::text AS ${name}`;
      if (type === 'TIMESTAMPTZ')
        return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS ${name}`;
      return `${column} AS ${name}`;
    })
    .join(', ');
}

/** Rows of `physical` whose single-column key is one of `keys`. */
export async function rowsByKey<Row>(
  tx: SqlExecutor,
  physical: string,
  spec: TableSpec<Row>,
  keys: readonly string[],
): Promise<Row[]> {
  if (keys.length === 0) return [];
  const [key] = spec.key;
  const { rows } = await tx.query<Row>(
    `SELECT ${selectColumns(spec)} FROM ${physical} WHERE ${key} = ANY($1::text[])`,
    [keys],
  );
  return rows;
}
