import type { ComplaintSegmentDimension } from '../satisfaction/complaint-segments';
import { previousWindow, resolveWindow, type ReportingWindow } from '../satisfaction/reporting-window';
import type { SatisfactionQueries } from '../satisfaction/satisfaction.queries';
import type { ComplaintKpiQueries, KpiGroup } from './complaint-kpi.queries';
import {
  evaluateEarlyWarnings,
  type HotspotObservation,
  type IndicatorObservation,
  type PlannedWarning,
} from './early-warning-evaluator';
import type { EarlyWarningQueries } from './early-warning.queries';
import type { DeclineIndex, EarlyWarningRules, ThresholdRule } from './early-warning-rules';
import { detectHotspots } from './hotspots';

type KpiIndicator = Exclude<ThresholdRule['indicator'], 'SATISFACTION_DECLINE_RATE'>;

/** Where each KPI indicator's value and sample size come from in a KPI group. */
const KPI_INDICATORS: Record<KpiIndicator, (group: KpiGroup) => { value: number | null; n: number }> = {
  COMPLAINT_VOLUME: (g) => ({ value: g.volume, n: g.volume }),
  COMPLAINT_RATE: (g) => ({ value: g.complaintRate.value, n: g.volume }),
  HANDLING_CYCLE_MEDIAN_HOURS: (g) => ({ value: g.handlingCycleHours.medianHours, n: g.handlingCycleHours.n }),
  FIRST_RESPONSE_P90_HOURS: (g) => ({ value: g.firstResponseHours.p90Hours, n: g.firstResponseHours.n }),
  RESOLUTION_RATE: (g) => ({ value: g.resolutionRate.value, n: g.resolutionRate.n }),
  REOPEN_RATE: (g) => ({ value: g.reopenRate.value, n: g.reopenRate.n }),
  REPEAT_COMPLAINT_RATE: (g) => ({ value: g.repeatComplaintRate.value, n: g.repeatComplaintRate.n }),
};

/**
 * The periodic early-warning evaluation: reads the KPI, satisfaction and
 * warning read models, and returns the warnings to raise now. It issues
 * nothing itself; the scheduler sends each `command` through the
 * EarlyWarningCommandService (aggregate id and command id = `warningId`).
 */
export class EarlyWarningPlanner {
  constructor(
    private readonly deps: {
      kpis: ComplaintKpiQueries;
      satisfaction: SatisfactionQueries;
      warnings: EarlyWarningQueries;
      rules: EarlyWarningRules;
    },
  ) {}

  async plan(now: Date): Promise<PlannedWarning[]> {
    const { rules, warnings } = this.deps;
    const observations: IndicatorObservation[] = [];
    for (const rule of rules.thresholdRules) observations.push(...(await this.observe(rule, now)));
    const hotspots: HotspotObservation[] = [];
    for (const rule of rules.hotspotRules) {
      const window = resolveWindow(rule.window, now, this.deps.kpis.settings.timeZone);
      const complaints = await this.deps.kpis.hotspotComplaints(window);
      for (const cluster of detectHotspots(complaints, rule.attribute, rule.minComplaints))
        hotspots.push({ rule, window, cluster });
    }
    const openWarnings = await warnings.open(now);
    const planned = evaluateEarlyWarnings({ observations, hotspots, openWarnings, now });
    // One warning per rule, segment and window: once resolved it is not raised again for the same window.
    const existing = await warnings.existing(planned.map((p) => p.warningId));
    return planned.filter((p) => !existing.has(p.warningId));
  }

  private async observe(rule: ThresholdRule, now: Date): Promise<IndicatorObservation[]> {
    if (rule.indicator === 'SATISFACTION_DECLINE_RATE') return this.observeDecline(rule, now);
    const report = await this.deps.kpis.report({ window: rule.window, asOf: now, segment: rule.segment ?? undefined });
    return report.groups
      .filter((group) => !group.segment || group.segment.value !== null)
      .map((group) => ({
        rule,
        window: report.window,
        segment: group.segment && { dimension: group.segment.dimension, value: group.segment.value as string },
        ...KPI_INDICATORS[rule.indicator as KpiIndicator](group),
      }));
  }

  /**
   * Satisfaction decline rate (REQ-35): (S_prev − S_curr) / S_prev × 100 %
   * between the window and the one before it, per segment; its n is the
   * smaller of the two periods' samples.
   */
  private async observeDecline(rule: ThresholdRule, now: Date): Promise<IndicatorObservation[]> {
    const { satisfaction } = this.deps;
    const index = rule.satisfactionIndex as DeclineIndex;
    const segment = (rule.segment ?? undefined) as ComplaintSegmentDimension | undefined;
    const current = await satisfaction.report({ window: rule.window, asOf: now, segment });
    const previous = await satisfaction.reportFor(previousWindow(current.window), segment);
    const before = new Map(previous.groups.map((g) => [g.segment?.value ?? '', g.figures[index]]));
    return current.groups
      .filter((group) => !group.segment || group.segment.value !== null)
      .map((group) => {
        const latest = group.figures[index];
        const prior = before.get(group.segment?.value ?? '');
        const value = declineRate(prior?.value ?? null, latest.value);
        return {
          rule,
          window: current.window as ReportingWindow,
          segment: group.segment && { dimension: group.segment.dimension, value: group.segment.value as string },
          value,
          n: Math.min(prior?.n ?? 0, latest.n),
        };
      });
  }
}

/** (S_prev − S_curr) / S_prev in %; none without both periods or with a zero baseline. */
export function declineRate(previous: number | null, current: number | null): number | null {
  if (previous === null || current === null || previous === 0) return null;
  return ((previous - current) / previous) * 100;
}
