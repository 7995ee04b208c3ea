import { OPEN_STATUSES } from '@redress/domain';
import type { SqlExecutor } from '@redress/event-store';
import { COMPLAINT_COUNT_DIMENSIONS } from './complaint-list-row';

export const COMPLAINT_SORTS = ['receivedAt', '-receivedAt', 'priority', '-priority'] as const;
export type ComplaintSort = (typeof COMPLAINT_SORTS)[number];

export interface ComplaintSearch {
  status?: string[];
  category?: string[];
  grade?: string[];
  priority?: string[];
  channel?: string[];
  customerTier?: string[];
  department?: string[];
  assignee?: string[];
  escalationLevel?: string[];
  receivedFrom?: string;
  receivedTo?: string;
  /** Full text over the content and the complaint's object. */
  text?: string;
  sort?: ComplaintSort;
  limit?: number;
  cursor?: string;
}

export interface ComplaintListItem {
  id: string;
  revision: number;
  status: string;
  category: string | null;
  grade: string | null;
  priority: string | null;
  isComplex: boolean;
  channel: string;
  customer: { id: string; tier: string };
  department: string | null;
  assignee: string | null;
  escalationLevel: string | null;
  receivedAt: string;
  updatedAt: string;
  reopenCount: number;
  /** The primary it is merged into (status MERGED), else null. */
  mergedInto: string | null;
  /** The duplicates merged into it. */
  mergedDuplicates: string[];
}

export interface ComplaintPage {
  items: ComplaintListItem[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  totals: { total: number; byStatus: Record<string, number>; byCategory: Record<string, number> };
}

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API issued for this sort order');
    this.name = 'InvalidCursorError';
  }
}

/** Filter fields and the columns they match, all as "any of these values". */
const LIST_FILTERS: readonly [keyof ComplaintSearch, string][] = [
  ['status', 'status'],
  ['category', 'category'],
  ['grade', 'grade'],
  ['priority', 'priority'],
  ['channel', 'channel'],
  ['customerTier', 'customer_tier'],
  ['department', 'department'],
  ['assignee', 'assignee'],
  ['escalationLevel', 'escalation_level'],
];

/** A keyset order: the columns, compared as one row value, all in one direction. */
interface Ordering {
  columns: string[];
  direction: 'ASC' | 'DESC';
}

/** The keyset order of each sort. */
const ORDERINGS: Record<ComplaintSort, Ordering> = {
  receivedAt: { columns: ['received_at', 'id'], direction: 'ASC' },
  '-receivedAt': { columns: ['received_at', 'id'], direction: 'DESC' },
  priority: { columns: ['priority_rank', 'received_at', 'id'], direction: 'ASC' },
  '-priority': { columns: ['priority_rank', 'received_at', 'id'], direction: 'DESC' },
};

const ITEM_COLUMNS = `id, revision, status, category, grade, priority, is_complex, channel, customer_id, customer_tier,
  department, assignee, escalation_level, received_at, updated_at, reopen_count, priority_rank, merged_into,
  merged_duplicates`;

/** Han, kana and hangul: scripts without spaces between words, which the 'simple' text parser cannot split. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Reads the complaint-list read model; it never touches event streams. */
export class ComplaintListQueries {
  constructor(private readonly db: SqlExecutor) {}

  async search(search: ComplaintSearch): Promise<ComplaintPage> {
    const sort = search.sort ?? '-receivedAt';
    const limit = search.limit ?? 50;
    const where = new WhereClause();
    // Totals come from the counters when every filter is one they are kept by (COMPLAINT_COUNT_DIMENSIONS).
    let countable = true;
    for (const [field, column] of LIST_FILTERS) {
      const values = search[field] as string[] | undefined;
      if (!values?.length) continue;
      // One value as plain equality: the planner then treats the column as a constant and can read an index
      // that continues with the sort columns in order, which it cannot do through = ANY.
      where.add(
        values.length === 1
          ? `${column} = ${where.param(values[0])}`
          : `${column} = ANY(${where.param(values)}::text[])`,
      );
      countable &&= (COMPLAINT_COUNT_DIMENSIONS as readonly string[]).includes(column);
    }
    const text = search.text?.trim();
    if (search.receivedFrom || search.receivedTo || text) countable = false;
    if (search.receivedFrom) where.add(`received_at >= ${where.param(search.receivedFrom)}::timestamptz`);
    if (search.receivedTo) where.add(`received_at < ${where.param(search.receivedTo)}::timestamptz`);
    if (text) {
      if (UNSPACED_SCRIPT.test(text)) {
        where.add(
          `(content ILIKE ${where.param(`%${escapeLike(text)}%`)} OR object_reference ILIKE $${where.params.length})`,
        );
      } else {
        where.add(`search @@ websearch_to_tsquery('simple', ${where.param(text)})`);
      }
    }
    const filtered = where.clone();

    const ordering = ORDERINGS[sort];
    let afterCursor: string | null = null;
    if (search.cursor) {
      const values = decodeCursor(search.cursor, sort, ordering.columns.length);
      const cursorParams = values.map((value) => where.param(value));
      afterCursor = `(${ordering.columns.join(', ')}) ${ordering.direction === 'ASC' ? '>' : '<'} (${cursorParams.join(', ')})`;
      where.add(afterCursor);
    }
    const order = orderBy(ordering);
    const limitParam = where.param(limit + 1);
    const { rows, totals } = text
      ? await this.pageAndTotalsFromOneScan(filtered, afterCursor, ordering, order, limitParam, where.params)
      : await this.pageAndTotalsApart(
          filtered,
          countable,
          `${where.sql()} ORDER BY ${order} LIMIT ${limitParam}`,
          where.params,
        );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last
        ? encodeCursor(
            sort,
            ordering.columns.map((column) => cursorValue(last[column])),
          )
        : null;
    return { items: page.map(toItem), nextCursor, totals };
  }

  /**
   * The page and the totals as two statements run in parallel, on two connections where the pool has them: each
   * has an index that answers it without visiting every match (the filter indexes lead with the filter and go on
   * in the page's order; the totals come from the counters or from the status and category those indexes carry).
   */
  private async pageAndTotalsApart(
    filtered: WhereClause,
    fromCounters: boolean,
    pageClauses: string,
    params: unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; totals: ComplaintPage['totals'] }> {
    const [{ rows }, totals] = await Promise.all([
      this.db.query<Record<string, unknown>>(`SELECT ${ITEM_COLUMNS} FROM complaint_list ${pageClauses}`, params),
      this.totals(filtered, fromCounters),
    ]);
    return { rows, totals };
  }

  /**
   * Full text: the matches come from the text index alone, in no useful order, and both the page (its newest or
   * most urgent) and the totals need every match's row. One statement reads them once and answers both; two
   * would read them twice, and for the page PostgreSQL may walk an order index instead, testing row after row for
   * the words (16,738 rows for the 51 newest of the benchmark's 3,235 matches in a million). Of each match it keeps
   * only what the totals and the order need; the page's own rows are then looked up by id.
   */
  private async pageAndTotalsFromOneScan(
    filtered: WhereClause,
    afterCursor: string | null,
    ordering: Ordering,
    order: string,
    limitParam: string,
    params: unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; totals: ComplaintPage['totals'] }> {
    const kept = [...new Set(['id', 'status', 'category', ...ordering.columns])].join(', ');
    const { rows } = await this.db.query<Record<string, unknown> & { totals: [string, string | null, number][] }>(
      `WITH matched AS MATERIALIZED (SELECT ${kept} FROM complaint_list ${filtered.sql()}),
       totals AS (
         SELECT coalesce(json_agg(json_build_array(status, category, complaints)), '[]') AS totals
         FROM (SELECT status, category, count(*) AS complaints FROM matched GROUP BY status, category) counted
       )
       SELECT page.*, totals.totals FROM totals LEFT JOIN LATERAL (
         SELECT ${ITEM_COLUMNS} FROM complaint_list WHERE id IN (
           SELECT id FROM matched ${afterCursor ? `WHERE ${afterCursor}` : ''} ORDER BY ${order} LIMIT ${limitParam}
         ) ORDER BY ${order}
       ) page ON TRUE`,
      params,
    );
    const totals = sumTotals(rows[0].totals.map(([status, category, count]) => ({ status, category, count })));
    // No match after the cursor leaves the one row of totals with an empty page beside it.
    return { rows: rows[0].id === null ? [] : rows, totals };
  }

  /**
   * Exact totals either way: summed from complaint_list_counts (a few thousand counters, whatever the size of
   * the list) when the filters allow, otherwise counted over the matching rows (owner and date filters).
   */
  private async totals(where: WhereClause, fromCounters: boolean): Promise<ComplaintPage['totals']> {
    const { rows } = await this.db.query<{ status: string; category: string | null; count: string }>(
      fromCounters
        ? `SELECT status, category, sum(complaints) AS count FROM complaint_list_counts ${where.sql()}
           GROUP BY status, category HAVING sum(complaints) > 0`
        : `SELECT status, category, count(*) AS count FROM complaint_list ${where.sql()} GROUP BY status, category`,
      where.params,
    );
    return sumTotals(rows);
  }

  /**
   * A customer's complaints, oldest first, each flagged as a repeat when the
   * same customer complained in the same category within `repeatWindowDays`
   * before it (002 §5.3 重复投诉).
   */
  async customerComplaints(customerId: string, repeatWindowDays: number) {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT id, status, category, received_at, reopen_count, merged_into, merged_duplicates,
              lag(id) OVER same_issue AS previous_id,
              lag(received_at) OVER same_issue AS previous_received_at
       FROM complaint_list WHERE customer_id = $1
       WINDOW same_issue AS (PARTITION BY category ORDER BY received_at, id)
       ORDER BY received_at, id`,
      [customerId],
    );
    const windowMs = repeatWindowDays * 86_400_000;
    const complaints = rows.map((row) => {
      const receivedAt = toIso(row.received_at);
      const previousAt = row.previous_received_at ? Date.parse(toIso(row.previous_received_at)) : null;
      const repeat = row.category !== null && previousAt !== null && Date.parse(receivedAt) - previousAt <= windowMs;
      return {
        id: String(row.id),
        status: String(row.status),
        category: (row.category as string | null) ?? null,
        receivedAt,
        reopenCount: Number(row.reopen_count),
        repeat,
        repeatOf: repeat ? String(row.previous_id) : null,
        mergedInto: (row.merged_into as string | null) ?? null,
        mergedDuplicates: (row.merged_duplicates as string[] | null) ?? [],
      };
    });
    return {
      customerId,
      repeatWindowDays,
      complaints,
      totals: {
        complaints: complaints.length,
        repeats: complaints.filter((c) => c.repeat).length,
        reopens: complaints.reduce((sum, c) => sum + c.reopenCount, 0),
      },
    };
  }

  /** Open complaints per department and assignee, with their ages in hours at `now`. */
  async workload(now: Date) {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT coalesce(department, '') AS department, coalesce(assignee, '') AS assignee, count(*) AS open,
              extract(epoch FROM ($2::timestamptz - min(received_at))) / 3600 AS oldest_hours,
              extract(epoch FROM $2::timestamptz) / 3600 - avg(extract(epoch FROM received_at)) / 3600 AS average_hours
       FROM complaint_list WHERE status = ANY($1::text[])
       GROUP BY 1, 2 ORDER BY (coalesce(department, '') = ''), 1, 2`,
      [OPEN_STATUSES, now.toISOString()],
    );
    const departments = new Map<string, DepartmentWorkload & { ageHoursSum: number }>();
    for (const row of rows) {
      const department = row.department === '' ? null : String(row.department);
      const open = Number(row.open);
      const oldest = round(Number(row.oldest_hours));
      const average = round(Number(row.average_hours));
      const entry = departments.get(String(row.department)) ?? {
        department,
        open: 0,
        oldestAgeHours: 0,
        ageHoursSum: 0,
        assignees: [],
      };
      entry.open += open;
      entry.oldestAgeHours = Math.max(entry.oldestAgeHours, oldest);
      entry.ageHoursSum += average * open;
      entry.assignees.push({
        assignee: row.assignee === '' ? null : String(row.assignee),
        open,
        oldestAgeHours: oldest,
        averageAgeHours: average,
      });
      departments.set(String(row.department), entry);
    }
    return {
      at: now.toISOString(),
      departments: [...departments.values()].map(({ ageHoursSum, ...entry }) => ({
        ...entry,
        averageAgeHours: round(ageHoursSum / entry.open),
      })),
    };
  }
}

export interface OwnerWorkload {
  assignee: string | null;
  open: number;
  oldestAgeHours: number;
  averageAgeHours: number;
}

export interface DepartmentWorkload {
  department: string | null;
  open: number;
  oldestAgeHours: number;
  assignees: OwnerWorkload[];
}

class WhereClause {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(condition: string): void {
    this.conditions.push(condition);
  }

  clone(): WhereClause {
    const copy = new WhereClause();
    copy.params.push(...this.params);
    copy.conditions.push(...this.conditions);
    return copy;
  }

  sql(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

function orderBy(ordering: Ordering): string {
  return ordering.columns.map((column) => `${column} ${ordering.direction}`).join(', ');
}

/** The totals of a page from counts per status and category (UNCLASSIFIED for a complaint not yet classified). */
function sumTotals(
  counts: readonly { status: string; category: string | null; count: string | number }[],
): ComplaintPage['totals'] {
  const totals: ComplaintPage['totals'] = { total: 0, byStatus: {}, byCategory: {} };
  for (const row of counts) {
    const count = Number(row.count);
    const category = row.category ?? 'UNCLASSIFIED';
    totals.total += count;
    totals.byStatus[row.status] = (totals.byStatus[row.status] ?? 0) + count;
    totals.byCategory[category] = (totals.byCategory[category] ?? 0) + count;
  }
  return totals;
}

function toItem(row: Record<string, unknown>): ComplaintListItem {
  return {
    id: String(row.id),
    revision: Number(row.revision),
    status: String(row.status),
    category: (row.category as string | null) ?? null,
    grade: (row.grade as string | null) ?? null,
    priority: (row.priority as string | null) ?? null,
    isComplex: Boolean(row.is_complex),
    channel: String(row.channel),
    customer: { id: String(row.customer_id), tier: String(row.customer_tier) },
    department: (row.department as string | null) ?? null,
    assignee: (row.assignee as string | null) ?? null,
    escalationLevel: (row.escalation_level as string | null) ?? null,
    receivedAt: toIso(row.received_at),
    updatedAt: toIso(row.updated_at),
    reopenCount: Number(row.reopen_count),
    mergedInto: (row.merged_into as string | null) ?? null,
    mergedDuplicates: (row.merged_duplicates as string[] | null) ?? [],
  };
}

function toIso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

function cursorValue(value: unknown): string | number {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'number' ? value : String(value);
}

/** Cursors are opaque to clients: the sort they belong to and the last row's key, base64url-encoded. */
function encodeCursor(sort: ComplaintSort, key: (string | number)[]): string {
  return Buffer.from(JSON.stringify([sort, ...key])).toString('base64url');
}

function decodeCursor(cursor: string, sort: ComplaintSort, length: number): (string | number)[] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded[0] === sort && decoded.length === length + 1) {
      const key = decoded.slice(1);
      if (key.every((part) => typeof part === 'string' || typeof part === 'number')) return key;
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function round(hours: number): number {
  return Math.round(hours * 100) / 100;
}
