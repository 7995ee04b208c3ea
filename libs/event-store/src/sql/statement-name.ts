import { createHash } from 'node:crypto';

/** Texts named so far; the statements of a process are a few dozen, regenerated tables add a few more. */
const names = new Map<string, string>();
const MAX_REMEMBERED = 1_000;

/**
 * A prepared-statement name that belongs to `text` alone, for statements
 * whose text is fixed but built at run time (a projection's, naming the
 * tables of its current generation). A connection prepares a named
 * statement once and from then on only binds and executes it: parsing and
 * planning a small statement costs PostgreSQL about as much as running it.
 *
 * Only for texts drawn from a fixed set: every distinct text stays prepared
 * on each connection that ran it, so a text that varies with its data (a
 * VALUES list of the batch's length) must go unnamed. And only for
 * statements with one sensible plan at any table size (an insert or upsert
 * of parameter rows, a lookup by the whole primary key): PostgreSQL keeps
 * a prepared statement's generic plan until the table's statistics change,
 * so a lookup of several keys planned while its table was small would go
 * on scanning the whole table where nothing analyses it again.
 */
export function statementNameOf(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    // PostgreSQL keeps 63 bytes of a name; 128 bits of the text's digest keep distinct texts apart.
    name = `redress_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    if (names.size >= MAX_REMEMBERED) names.clear();
    names.set(text, name);
  }
  return name;
}
