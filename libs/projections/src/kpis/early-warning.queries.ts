import type { SqlExecutor } from '@redress/event-store';
import { resolveWindow, windowInstants, type ReportingWindow, type WindowKind } from '../satisfaction/reporting-window';
import { selectColumns } from '../satisfaction/sql-table';
import { EARLY_WARNING_SPEC, EARLY_WARNING_TABLE, type EarlyWarningRow } from './early-warning-list.projection';

export const WARNING_STATUSES = ['TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED'] as const;

export interface WarningQuery {
  /** Warnings triggered in this window (absent: any time). */
  window?: WindowKind;
  asOf?: Date;
  status?: string[];
  /** Warnings about this segment dimension (and value); "all" for the unsegmented ones. */
  segment?: string;
  value?: string;
}

export interface EarlyWarningView {
  id: string;
  ruleId: string;
  indicator: string;
  window: { kind: string; from: string; to: string };
  segment: { dimension: string; value: string | null } | null;
  value: number;
  threshold: number;
  direction: string;
  owner: string;
  deadline: string;
  /** Not resolved and past its deadline (处理时限). */
  overdue: boolean;
  evidence: string[];
  status: string;
  triggeredAt: string;
  acknowledgedAt: string | null;
  acknowledgementNote: string | null;
  resolvedAt: string | null;
  resolution: string | null;
}

/** Reads the early-warning list. */
export class EarlyWarningQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly timeZone = 'UTC',
  ) {}

  async list(
    query: WarningQuery,
    now = new Date(),
  ): Promise<{ window: ReportingWindow | null; warnings: EarlyWarningView[] }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const window = query.window ? resolveWindow(query.window, query.asOf ?? now, this.timeZone) : null;
    if (window) {
      const { start, end } = windowInstants(window);
      where.push(
        `triggered_at >= $${params.push(start)}::timestamptz AND triggered_at < $${params.push(end)}::timestamptz`,
      );
    }
    if (query.status?.length) where.push(`status = ANY($${params.push(query.status)}::text[])`);
    if (query.segment === 'all') where.push('segment_dimension IS NULL');
    else if (query.segment) where.push(`segment_dimension = $${params.push(query.segment)}`);
    if (query.segment && query.value !== undefined) where.push(`segment_value = $${params.push(query.value)}`);
    const { rows } = await this.db.query<EarlyWarningRow>(
      `SELECT ${selectColumns(EARLY_WARNING_SPEC)} FROM ${EARLY_WARNING_TABLE}
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY triggered_at DESC, warning_id`,
      params,
    );
    return { window, warnings: rows.map((row) => toView(row, now)) };
  }

  /** Which of these warning ids exist (in any status). */
  async existing(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const { rows } = await this.db.query<{ warning_id: string }>(
      `SELECT warning_id FROM ${EARLY_WARNING_TABLE} WHERE warning_id = ANY($1::text[])`,
      [ids],
    );
    return new Set(rows.map((row) => row.warning_id));
  }

  /** Warnings not yet resolved: the planner raises no second warning for the same rule and segment. */
  async open(now = new Date()): Promise<EarlyWarningView[]> {
    return (await this.list({ status: ['TRIGGERED', 'ACKNOWLEDGED'] }, now)).warnings;
  }
}

function toView(row: EarlyWarningRow, now: Date): EarlyWarningView {
  const evidence = typeof row.evidence === 'string' ? (JSON.parse(row.evidence) as string[]) : row.evidence;
  return {
    id: row.warning_id,
    ruleId: row.rule_id,
    indicator: row.indicator,
    window: { kind: row.window_kind, from: row.window_from, to: row.window_to },
    segment: row.segment_dimension ? { dimension: row.segment_dimension, value: row.segment_value } : null,
    value: Number(row.value),
    threshold: Number(row.threshold),
    direction: row.direction,
    owner: row.owner,
    deadline: row.deadline,
    overdue: row.status !== 'RESOLVED' && Date.parse(row.deadline) < now.getTime(),
    evidence,
    status: row.status,
    triggeredAt: row.triggered_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgementNote: row.acknowledgement_note,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
  };
}
