import type { TriggerEarlyWarning, WarningScope } from '@redress/domain';
import { v5 as uuidv5 } from 'uuid';
import type { ReportingWindow } from '../satisfaction/reporting-window';
import type { HotspotRule, ThresholdRule } from './early-warning-rules';
import type { HotspotCluster } from './hotspots';

/** One indicator value a threshold rule looks at: a window, a segment (or all), the value and its n. */
export interface IndicatorObservation {
  rule: ThresholdRule;
  window: ReportingWindow;
  segment: { dimension: string; value: string } | null;
  value: number | null;
  n: number;
}

export interface HotspotObservation {
  rule: HotspotRule;
  window: ReportingWindow;
  cluster: HotspotCluster;
}

/** A warning the scheduler should raise: issue `command` on stream `warning-<warningId>`, with `warningId` as command id. */
export interface PlannedWarning {
  warningId: string;
  command: Omit<TriggerEarlyWarning, 'issuedAt'>;
}

/** An open (not resolved) warning: while one exists for a rule and segment, no second one is raised. */
export interface OpenWarning {
  ruleId: string;
  segment: { dimension: string; value: string | null } | null;
}

/** Fixed namespace of early-warning ids, so a re-run of the same evaluation names the same warning. */
const WARNING_NAMESPACE = '6f1c2b1e-0d4f-5b7a-9c31-2e8d4a6b9f02';
const EVIDENCE_LIMIT = 200;

/**
 * Decides which warnings to raise (REQ-41, REQ-43). Pure: the same
 * observations, open warnings and instant always give the same commands, with
 * ids derived from rule, segment and window, so running it twice before the
 * first warnings are projected raises nothing twice.
 */
export function evaluateEarlyWarnings(input: {
  observations: readonly IndicatorObservation[];
  hotspots: readonly HotspotObservation[];
  openWarnings: readonly OpenWarning[];
  now: Date;
}): PlannedWarning[] {
  const open = new Set(input.openWarnings.map((w) => keyOf(w.ruleId, w.segment)));
  const planned: PlannedWarning[] = [];
  const plan = (rule: ThresholdRule | HotspotRule, scope: WarningScope, fields: TriggerFields) => {
    const key = keyOf(rule.id, scope.segment);
    if (open.has(key)) return;
    open.add(key);
    const warningId = uuidv5(`${key}|${scope.window.from}..${scope.window.to}`, WARNING_NAMESPACE);
    const deadline = new Date(input.now.getTime() + rule.deadlineHours * 3_600_000).toISOString();
    planned.push({
      warningId,
      command: {
        type: 'TriggerEarlyWarning',
        warningId,
        ruleId: rule.id,
        scope,
        owner: rule.owner,
        deadline,
        ...fields,
      },
    });
  };
  for (const observation of input.observations) {
    const { rule, value, n } = observation;
    if (value === null || n < rule.minimumN || !crosses(value, rule)) continue;
    plan(rule, scopeOf(observation.window, observation.segment), {
      indicator: rule.indicator,
      value,
      threshold: rule.threshold,
      direction: rule.direction,
    });
  }
  for (const { rule, window, cluster } of input.hotspots) {
    if (cluster.count < rule.minComplaints) continue;
    // A cluster is "more than minComplaints − 1": the threshold is crossed from above by the count itself.
    plan(rule, scopeOf(window, { dimension: cluster.attribute, value: cluster.value }), {
      indicator: 'HOTSPOT',
      value: cluster.count,
      threshold: rule.minComplaints - 1,
      direction: 'ABOVE',
      evidence: cluster.complaintIds.slice(0, EVIDENCE_LIMIT),
    });
  }
  return planned;
}

type TriggerFields = Pick<TriggerEarlyWarning, 'indicator' | 'value' | 'threshold' | 'direction' | 'evidence'>;

function crosses(value: number, rule: ThresholdRule): boolean {
  return rule.direction === 'ABOVE' ? value > rule.threshold : value < rule.threshold;
}

function scopeOf(window: ReportingWindow, segment: WarningScope['segment']): WarningScope {
  return { window: { kind: window.kind, from: window.from, to: window.to }, segment };
}

function keyOf(ruleId: string, segment: { dimension: string; value: string | null } | null): string {
  return segment ? `${ruleId}|${segment.dimension}|${segment.value ?? ''}` : `${ruleId}|all`;
}
