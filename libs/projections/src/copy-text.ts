import { sqlArrayLiteral } from './sql-array-literal';

/** A value of one column of a row sent with `COPY … FROM STDIN` (text format). */
export type CopyValue = string | number | boolean | null | undefined | readonly (string | number | boolean | null)[];

/** Characters COPY's text format reads as something else than themselves: its escape, delimiter and line ends. */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * One row in COPY's text format, newline included: the columns separated by
 * tabs, `\N` for null, and backslashes, tabs, newlines and carriage returns
 * escaped in the values. Numbers and booleans are written as PostgreSQL reads
 * them (a JSONB value goes as its JSON text, a string); an array becomes its
 * array literal, escaped in turn.
 */
export function copyTextRow(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : '\t') + copyTextField(values[i]);
  return `${line}\n`;
}

export function copyTextField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return escapeCopyText(value);
  if (typeof value === 'number') return numberField(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return escapeCopyText(sqlArrayLiteral(value));
  throw new TypeError(`a COPY field takes strings, numbers, booleans, arrays and nulls, not ${typeof value}`);
}

function escapeCopyText(value: string): string {
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (c) => ESCAPES[c]) : value;
}

/** NaN and the infinities are spelt as float and numeric columns read them; other columns refuse them anyway. */
function numberField(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}
