import type { SqlExecutor } from '@redress/event-store';
import type { ComplaintSegmentDimension } from '../satisfaction/complaint-segments';
import { intervalAround, wilsonInterval } from '../satisfaction/confidence-intervals';
import { estimate, percentEstimate, type Estimate } from '../satisfaction/estimates';
import { resolveWindow, windowInstants, type ReportingWindow, type WindowKind } from '../satisfaction/reporting-window';
import { COMPLAINT_KPI_TABLE } from './complaint-kpi.projection';
import { DEFAULT_KPI_SETTINGS, denominatorFor, type KpiSettings } from './kpi-settings';
import { NO_SLA_CLOCKS, type SlaComplianceCount, type SlaComplianceSource } from './sla-compliance';

export interface KpiQuery {
  window: WindowKind;
  asOf?: Date;
  segment?: ComplaintSegmentDimension;
  value?: string;
}

/** A duration KPI in hours: mean with its t interval, plus the median and the 90th percentile. */
export interface DurationEstimate extends Estimate {
  medianHours: number | null;
  p90Hours: number | null;
}

export interface KpiGroup {
  segment: { dimension: ComplaintSegmentDimension; value: string | null } | null;
  /** Complaints received in the window. */
  volume: number;
  /** Complaints per `per` units of the denominator (REQ-34); null without a configured denominator. */
  complaintRate: Estimate & { per: number | null; denominator: number | null; label: string | null };
  /** % of closed complaints closed in one pass: first owner, no escalation, no rejection, no reopen. */
  firstContactResolutionRate: Estimate;
  /** % of the window's complaints that are closed now (REQ-34: closed-resolved / received). */
  resolutionRate: Estimate;
  /** % of complaints that reached a resolution and were reopened. */
  reopenRate: Estimate;
  /** % of complaints whose customer complained in the same category shortly before (002 §5.3). */
  repeatComplaintRate: Estimate;
  /** Receipt → first answer to the customer, in hours. */
  firstResponseHours: DurationEstimate;
  /** Receipt → closure (REQ-34 "handling cycle"), in hours, over the complaints closed now. */
  handlingCycleHours: DurationEstimate;
  /** Per SLA clock: % met (extension point, see sla-compliance.ts). */
  slaCompliance: (Estimate & { clock: string; met: number; breached: number })[];
  /** % of follow-ups where the customer was satisfied with the result (REQ-34). */
  followUpSatisfaction: Estimate;
  /** Executed monetary redress per currency, summed exactly. */
  redress: { currency: string; amount: number; complaints: number }[];
}

export interface KpiReport {
  window: ReportingWindow;
  segmentBy: ComplaintSegmentDimension | null;
  groups: KpiGroup[];
}

/** A complaint as hotspot detection sees it. */
export interface HotspotComplaint {
  id: string;
  receivedAt: string;
  category: string | null;
  rootCauseCategory: string | null;
  rootCause: string | null;
  product: string;
}

const SEGMENT_COLUMNS: Record<ComplaintSegmentDimension, string> = {
  category: 'category',
  channel: 'channel',
  customerTier: 'customer_tier',
  department: 'department',
  agent: 'agent',
  grade: 'grade',
};

const MS_PER_HOUR = 3_600_000;

/** Exact aggregates of a millisecond duration column: NUMERIC mean and variance, so live and rebuilt agree. */
const durationAggregates = (column: string, name: string) =>
  `count(${column})::int AS ${name}_n, avg(${column}::numeric)::text AS ${name}_mean,
   var_samp(${column}::numeric)::text AS ${name}_variance,
   percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column}) AS ${name}_p50,
   percentile_cont(0.9) WITHIN GROUP (ORDER BY ${column}) AS ${name}_p90`;

/**
 * Complaint KPIs per window and segment. Attribution: every KPI is about the
 * complaints *received* in the window (one explicit cohort, as
 * regulation-and-helpdesks.md §4.3 rule 1 asks), measured as they stand now —
 * so a complaint closed later improves its own window's resolution rate.
 */
export class ComplaintKpiQueries {
  readonly settings: KpiSettings;

  constructor(
    private readonly db: SqlExecutor,
    settings: Partial<KpiSettings> = {},
    private readonly sla: SlaComplianceSource = NO_SLA_CLOCKS,
  ) {
    this.settings = { ...DEFAULT_KPI_SETTINGS, ...settings };
  }

  async report(query: KpiQuery): Promise<KpiReport> {
    const window = resolveWindow(query.window, query.asOf ?? new Date(), this.settings.timeZone);
    return this.reportFor(window, query.segment, query.value);
  }

  async reportFor(window: ReportingWindow, segment?: ComplaintSegmentDimension, value?: string): Promise<KpiReport> {
    const { start, end } = windowInstants(window);
    const cohort = this.cohort(start, end, segment, value);
    const { rows } = await this.db.query<Record<string, unknown>>(
      `${cohort.sql}
       SELECT segment_value, count(*)::int AS volume,
         count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS resolved,
         count(*) FILTER (WHERE closed_at IS NOT NULL AND reopen_count = 0 AND NOT reassigned AND NOT escalated
                          AND NOT rejected_by_customer)::int AS resolved_in_one_pass,
         count(*) FILTER (WHERE ever_closed OR reopen_count > 0)::int AS reached_resolution,
         count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
         count(*) FILTER (WHERE is_repeat)::int AS repeats,
         count(follow_up_satisfied)::int AS followed_up,
         count(*) FILTER (WHERE follow_up_satisfied)::int AS satisfied,
         ${durationAggregates('first_response_ms', 'first_response')},
         ${durationAggregates('cycle_ms', 'cycle')}
       FROM cohort GROUP BY segment_value ORDER BY segment_value NULLS FIRST`,
      cohort.params,
    );
    const redress = await this.redress(cohort);
    const sla = await this.sla.compliance({ start, end, segment: segment ?? null });
    const groups = rows.map((row) => {
      const segmentValue = row.segment_value === null ? null : String(row.segment_value);
      const group = segment ? { dimension: segment, value: segmentValue } : null;
      return this.group(
        row,
        group,
        redress.filter((r) => r.segmentValue === segmentValue),
        sla.filter((s) => s.segmentValue === segmentValue),
      );
    });
    if (!segment && groups.length === 0) groups.push(this.group({ volume: 0 }, null, [], []));
    return { window, segmentBy: segment ?? null, groups };
  }

  /** The complaints received in a window, for hotspot detection. */
  async hotspotComplaints(window: ReportingWindow): Promise<HotspotComplaint[]> {
    const { start, end } = windowInstants(window);
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT id, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS received_at,
              category, root_cause_category, root_cause, object_reference
       FROM ${COMPLAINT_KPI_TABLE} WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz
       ORDER BY received_at, id`,
      [start, end],
    );
    return rows.map((row) => ({
      id: String(row.id),
      receivedAt: String(row.received_at),
      category: (row.category as string | null) ?? null,
      rootCauseCategory: (row.root_cause_category as string | null) ?? null,
      rootCause: (row.root_cause as string | null) ?? null,
      product: String(row.object_reference),
    }));
  }

  /** The window's complaints with their segment value, repeat flag and durations in ms, as a CTE. */
  private cohort(start: string, end: string, segment?: ComplaintSegmentDimension, value?: string) {
    const params: unknown[] = [start, end, this.settings.repeatWindowDays];
    const column = segment ? SEGMENT_COLUMNS[segment] : null;
    const onlyValue = column && value !== undefined ? `AND f.${column} = $${params.push(value)}` : '';
    const sql = `WITH cohort AS (
      SELECT f.*, ${column ? `f.${column}` : 'NULL::text'} AS segment_value,
        (f.category IS NOT NULL AND EXISTS (
          SELECT 1 FROM ${COMPLAINT_KPI_TABLE} p
          WHERE p.customer_id = f.customer_id AND p.category = f.category
            AND (p.received_at, p.id) < (f.received_at, f.id)
            AND p.received_at >= f.received_at - make_interval(days => $3::int))) AS is_repeat,
        (extract(epoch FROM f.first_response_at - f.received_at) * 1000)::bigint AS first_response_ms,
        (extract(epoch FROM f.closed_at - f.received_at) * 1000)::bigint AS cycle_ms
      FROM ${COMPLAINT_KPI_TABLE} f
      WHERE f.received_at >= $1::timestamptz AND f.received_at < $2::timestamptz ${onlyValue})`;
    return { sql, params };
  }

  private async redress(cohort: { sql: string; params: unknown[] }) {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `${cohort.sql}
       SELECT segment_value, r->>'currency' AS currency, sum((r->>'amount')::numeric)::text AS amount,
              count(DISTINCT id)::int AS complaints
       FROM cohort CROSS JOIN LATERAL jsonb_array_elements(redress) AS r
       GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2`,
      cohort.params,
    );
    return rows.map((row) => ({
      segmentValue: row.segment_value === null ? null : String(row.segment_value),
      currency: String(row.currency),
      amount: Number(row.amount),
      complaints: Number(row.complaints),
    }));
  }

  private group(
    row: Record<string, unknown>,
    segment: KpiGroup['segment'],
    redress: { currency: string; amount: number; complaints: number }[],
    sla: SlaComplianceCount[],
  ): KpiGroup {
    const count = (name: string) => Number(row[name] ?? 0);
    const minimumN = this.settings.minimumSample;
    const rate = (successes: string, n: string) => percentEstimate(count(successes), count(n), minimumN);
    return {
      segment,
      volume: count('volume'),
      complaintRate: this.complaintRate(count('volume'), segment),
      firstContactResolutionRate: rate('resolved_in_one_pass', 'resolved'),
      resolutionRate: rate('resolved', 'volume'),
      reopenRate: rate('reopened', 'reached_resolution'),
      repeatComplaintRate: rate('repeats', 'volume'),
      firstResponseHours: this.duration(row, 'first_response'),
      handlingCycleHours: this.duration(row, 'cycle'),
      slaCompliance: sla.map(({ clock, met, breached }) => ({
        clock,
        met,
        breached,
        ...percentEstimate(met, met + breached, minimumN),
      })),
      followUpSatisfaction: rate('satisfied', 'followed_up'),
      redress: redress.map(({ currency, amount, complaints }) => ({ currency, amount, complaints })),
    };
  }

  /**
   * Complaints per `per` units of the denominator, with the Wilson interval of
   * volume/denominator scaled by `per` (each unit, e.g. a customer, either
   * complained in the window or not; volumes above the denominator get none).
   */
  private complaintRate(volume: number, segment: KpiGroup['segment']): KpiGroup['complaintRate'] {
    const config = this.settings.denominator;
    const denominator = denominatorFor(config, segment);
    const extra = { per: config?.per ?? null, denominator, label: config?.label ?? null };
    if (!config || !denominator) return { ...estimate(null, volume, null, this.settings.minimumSample), ...extra };
    const interval = volume <= denominator ? wilsonInterval(volume, denominator) : null;
    const scaled = interval && { low: interval.low * config.per, high: interval.high * config.per };
    return { ...estimate((volume / denominator) * config.per, volume, scaled, this.settings.minimumSample), ...extra };
  }

  private duration(row: Record<string, unknown>, name: string): DurationEstimate {
    const n = Number(row[`${name}_n`] ?? 0);
    const hours = (key: string) =>
      row[key] === null || row[key] === undefined ? null : Number(row[key]) / MS_PER_HOUR;
    const mean = hours(`${name}_mean`);
    const variance = Number(row[`${name}_variance`] ?? 0) / (MS_PER_HOUR * MS_PER_HOUR);
    const interval = mean !== null && n >= 2 ? intervalAround(mean, variance, n).interval : null;
    return {
      ...estimate(mean, n, interval, this.settings.minimumSample),
      medianHours: hours(`${name}_p50`),
      p90Hours: hours(`${name}_p90`),
    };
  }
}

/** One line per KPI of a report, for tabular exports (CSV). */
export interface KpiLine {
  window: string;
  from: string;
  to: string;
  segment: string;
  segmentValue: string | null;
  kpi: string;
  value: number | null;
  n: number | null;
  ci95Low: number | null;
  ci95High: number | null;
  lowSample: boolean | null;
}

export function kpiLines(report: KpiReport): KpiLine[] {
  return report.groups.flatMap((group) => {
    const line = (kpi: string, value: number | null, figure?: Estimate): KpiLine => ({
      window: report.window.label,
      from: report.window.from,
      to: report.window.to,
      segment: group.segment?.dimension ?? 'all',
      segmentValue: group.segment?.value ?? null,
      kpi,
      value,
      n: figure?.n ?? null,
      ci95Low: figure?.ci95?.low ?? null,
      ci95High: figure?.ci95?.high ?? null,
      lowSample: figure?.lowSample ?? null,
    });
    const rates = [
      'complaintRate',
      'firstContactResolutionRate',
      'resolutionRate',
      'reopenRate',
      'repeatComplaintRate',
    ] as const;
    const durations = ['firstResponseHours', 'handlingCycleHours'] as const;
    return [
      line('volume', group.volume),
      ...rates.map((name) => line(name, group[name].value, group[name])),
      ...durations.flatMap((name) => [
        line(`${name}.mean`, group[name].value, group[name]),
        line(`${name}.median`, group[name].medianHours),
        line(`${name}.p90`, group[name].p90Hours),
      ]),
      line('followUpSatisfaction', group.followUpSatisfaction.value, group.followUpSatisfaction),
      ...group.slaCompliance.map((clock) => line(`slaCompliance.${clock.clock}`, clock.value, clock)),
      ...group.redress.map((total) => line(`redress.${total.currency}`, total.amount)),
    ];
  });
}
