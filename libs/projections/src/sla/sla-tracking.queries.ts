import type { SqlExecutor } from '@redress/event-store';
import { evaluateSla, policyReference, type SlaEvent, type SlaView } from '@redress/sla';
import { clockHistoryOf } from './merged-receipt';
import { standingOf } from './sla-derived-rows';
import type { SlaComplianceCount, SlaComplianceQuery, SlaComplianceSource } from '../kpis/sla-compliance';
import { COMPLAINT_SEGMENT_DIMENSIONS } from '../satisfaction/complaint-segments';
import type { PolicySource, SlaTrackingOptions } from './applied-policy';

export interface AtRiskFilter {
  policyId?: string[];
  clock?: string[];
  department?: string[];
  grade?: string[];
  category?: string[];
  /** Only clocks due at or before this instant. */
  dueBefore?: Date;
  /** Whether clocks already past their due instant are listed (they come first). Default true. */
  includeBreached?: boolean;
  limit: number;
}

export interface AtRiskClock {
  complaintId: string;
  policy: { policyId: string; version: number };
  clock: string;
  title: string;
  cycle: number;
  startedAt: string;
  dueAt: string;
  /** Wall-clock seconds from the query instant to the due instant; negative once breached. */
  secondsToDue: number;
  breached: boolean;
  department: string | null;
  grade: string | null;
  category: string | null;
}

export interface ComplaintSlaView extends SlaView {
  complaintId: string;
  /** Why this policy: the selection's default, one of its rules, or an audited recompute. */
  policySource: PolicySource;
  /** The complaint it is merged into, whose clocks run for both; null when it is not merged. */
  mergedInto: string | null;
  /** The receipt its clocks start from: the earliest of its own and its merged duplicates'. */
  effectiveReceivedAt: string;
}

export interface SlaComplianceFilter extends SlaComplianceQuery {
  policyId?: string[];
  clock?: string[];
}

export interface PolicyComplianceCount extends SlaComplianceCount {
  policyId: string;
  /** Met out of decided (met + breached), as a percentage; null when none is decided yet. */
  compliancePercent: number | null;
}

const AT_RISK_FILTERS: readonly [keyof AtRiskFilter, string][] = [
  ['policyId', 'policy_id'],
  ['clock', 'clock'],
  ['department', 'department'],
  ['grade', 'grade'],
  ['category', 'category'],
];

interface RunningClockRow {
  complaint_id: string;
  clock: string;
  cycle: number;
  policy_id: string;
  policy_version: number;
  started_at: Date;
  due_at: Date;
  department: string | null;
  grade: string | null;
  category: string | null;
}

/**
 * Reads of the SLA tracking read model; clock arithmetic happens here, at the
 * instant asked for. Also the KPI report's source of SLA compliance.
 */
export class SlaTrackingQueries implements SlaComplianceSource {
  private readonly catalog: SlaTrackingOptions['catalog'];

  constructor(
    private readonly db: SqlExecutor,
    private readonly tracking: SlaTrackingOptions,
  ) {
    this.catalog = tracking.catalog;
  }

  /** Every clock of one complaint as of `at`; null when the complaint is not tracked (unknown, or not yet projected). */
  async complaintSla(complaintId: string, at: Date): Promise<ComplaintSlaView | null> {
    const { rows } = await this.db.query<{
      policy_id: string;
      policy_version: number;
      policy_source: PolicySource;
      history: SlaEvent[];
      merged_into: string | null;
      effective_received_at: string;
    }>(
      `SELECT policy_id, policy_version, policy_source, history, merged_into, effective_received_at
       FROM sla_complaints WHERE complaint_id = $1`,
      [complaintId],
    );
    if (rows.length === 0) return null;
    const [row] = rows;
    const policy = this.catalog.get(row.policy_id, row.policy_version);
    const standing = standingOf(row);
    return {
      complaintId,
      policySource: row.policy_source,
      // A merged duplicate shows no clocks: the primary's (mergedInto) run for both.
      ...standing,
      ...evaluateSla(policy, clockHistoryOf(row.history, standing), at),
    };
  }

  /** Open complaints tracked under a policy (any version, or one), oldest first: what a bulk recompute moves. */
  async openComplaintsUnder(policyId: string, version: number | undefined, limit: number): Promise<string[]> {
    const { rows } = await this.db.query<{ complaint_id: string }>(
      `SELECT complaint_id FROM sla_complaints
       WHERE open AND policy_id = $1 AND ($2::int IS NULL OR policy_version = $2)
       ORDER BY received_at, complaint_id LIMIT $3`,
      [policyId, version ?? null, limit],
    );
    return rows.map((row) => row.complaint_id);
  }

  /** Running clocks, soonest due first; paused and ended clocks have no time to breach. */
  async atRisk(filter: AtRiskFilter, now: Date): Promise<AtRiskClock[]> {
    const conditions = ["phase = 'running'"];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    for (const [field, column] of AT_RISK_FILTERS) {
      const values = filter[field] as string[] | undefined;
      if (values?.length) conditions.push(`${column} = ANY(${param(values)}::text[])`);
    }
    if (filter.dueBefore) conditions.push(`due_at <= ${param(filter.dueBefore.toISOString())}::timestamptz`);
    if (filter.includeBreached === false) conditions.push(`due_at > ${param(now.toISOString())}::timestamptz`);
    const { rows } = await this.db.query<RunningClockRow>(
      `SELECT complaint_id, clock, cycle, policy_id, policy_version, started_at, due_at, department, grade, category
       FROM sla_clocks WHERE ${conditions.join(' AND ')}
       ORDER BY due_at, complaint_id, clock LIMIT ${param(filter.limit)}`,
      params,
    );
    return rows.map((row) => {
      const dueAt = new Date(row.due_at);
      const secondsToDue = Math.floor((dueAt.getTime() - now.getTime()) / 1000);
      return {
        complaintId: row.complaint_id,
        policy: { policyId: row.policy_id, version: row.policy_version },
        clock: row.clock,
        title: this.clockTitle(row.policy_id, row.policy_version, row.clock),
        cycle: row.cycle,
        startedAt: new Date(row.started_at).toISOString(),
        dueAt: dueAt.toISOString(),
        secondsToDue,
        breached: dueAt.getTime() <= now.getTime(),
        department: row.department,
        grade: row.grade,
        category: row.category,
      };
    });
  }

  /**
   * Every loaded policy version, as configured (calendar files inlined), with
   * the reference complaints record and whether the selection rules can give
   * it to a complaint received now.
   */
  policies(now: Date) {
    const inUse = new Set(this.tracking.selection.policiesInUse(now));
    return this.catalog.ids().flatMap((id) =>
      this.catalog.versions(id).map((policy) => ({
        ...policyReference(policy),
        appliesToNewComplaints: inUse.has(policy),
        name: policy.name,
        description: policy.description,
        effectiveFrom: policy.effectiveFrom,
        document: policy.document,
      })),
    );
  }

  /** The selection rules as configured: which policy new complaints get. */
  selection() {
    const { selection } = this.tracking;
    return {
      version: selection.document.version,
      digest: selection.digest,
      description: selection.document.description ?? null,
      rules: selection.rules,
      default: selection.document.default,
    };
  }

  /**
   * Met and breached clock cycles of the complaints received in [start, end),
   * per policy, clock and segment value. A running clock past its due
   * instant counts as breached now, though no event has happened since;
   * running clocks not yet due and cancelled ones on time are not decided.
   */
  async complianceByPolicy(filter: SlaComplianceFilter, now: Date): Promise<PolicyComplianceCount[]> {
    const params: unknown[] = [filter.start, filter.end, now.toISOString()];
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = ['k.received_at >= $1::timestamptz', 'k.received_at < $2::timestamptz'];
    if (filter.policyId?.length) conditions.push(`k.policy_id = ANY(${param(filter.policyId)}::text[])`);
    if (filter.clock?.length) conditions.push(`k.clock = ANY(${param(filter.clock)}::text[])`);
    const segment = filter.segment === null ? 'NULL::text' : `c.segments->>${param(segmentKey(filter.segment))}`;
    const { rows } = await this.db.query<{
      policy_id: string;
      clock: string;
      segment: string | null;
      met: string;
      breached: string;
    }>(
      `SELECT k.policy_id, k.clock, ${segment} AS segment,
              count(*) FILTER (WHERE k.phase = 'stopped' AND NOT k.breached) AS met,
              count(*) FILTER (WHERE k.breached OR (k.phase = 'running' AND k.due_at <= $3::timestamptz)) AS breached
       FROM sla_clocks k JOIN sla_complaints c USING (complaint_id)
       WHERE ${conditions.join(' AND ')}
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 NULLS LAST`,
      params,
    );
    return rows.map((row) => {
      const met = Number(row.met);
      const breached = Number(row.breached);
      return {
        policyId: row.policy_id,
        clock: row.clock,
        segmentValue: row.segment,
        met,
        breached,
        compliancePercent: met + breached === 0 ? null : Math.round((met / (met + breached)) * 10_000) / 100,
      };
    });
  }

  /** The KPI report's view: counts per clock and segment value, all policies together. */
  async compliance(query: SlaComplianceQuery): Promise<SlaComplianceCount[]> {
    const counts = new Map<string, SlaComplianceCount>();
    for (const row of await this.complianceByPolicy(query, new Date())) {
      const key = JSON.stringify([row.segmentValue, row.clock]);
      const total = counts.get(key) ?? { segmentValue: row.segmentValue, clock: row.clock, met: 0, breached: 0 };
      counts.set(key, { ...total, met: total.met + row.met, breached: total.breached + row.breached });
    }
    return [...counts.values()];
  }

  private clockTitle(policyId: string, version: number, clock: string): string {
    return this.catalog.find(policyId, version)?.clocks.find((candidate) => candidate.name === clock)?.title ?? clock;
  }
}

/** The key of a segment in `sla_complaints.segments`; an unknown one fails loudly instead of grouping all under null. */
function segmentKey(segment: string): string {
  if (!(COMPLAINT_SEGMENT_DIMENSIONS as readonly string[]).includes(segment))
    throw new Error(`unknown segment ${segment}`);
  return segment;
}
