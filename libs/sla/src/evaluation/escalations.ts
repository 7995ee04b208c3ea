import type { EscalationLevel, EscalationTeam } from '@redress/domain';
import type { SlaEvent } from '../conditions/sla-event';
import type { EscalationSpec } from '../policy/policy-document';
import type { SlaPolicy } from '../policy/sla-policy';
import type { InstantInput } from '../time/instant';
import { reachedAlertsOf, type SlaAlert } from './alerts';
import type { CycleState } from './clock-state';
import { evaluateClocks } from './evaluate-clocks';

/** An escalation a policy asks for; the caller issues the ordinary EscalateComplaint command. */
export interface EscalationDue {
  /** `<rule index>:<alert key>`: issue each at most once. */
  key: string;
  rule: number;
  alert: SlaAlert;
  level: EscalationLevel;
  team: EscalationTeam | null;
  reason: string;
}

function triggers(spec: EscalationSpec, alert: SlaAlert): boolean {
  if (spec.on.clock !== alert.clock || spec.on.alert !== alert.kind) return false;
  return spec.on.alert === 'breach' || alert.threshold === spec.on.percent;
}

function renderReason(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => String(values[name] ?? placeholder));
}

/**
 * The auto-escalations whose alerts have been reached by `at`, in every
 * cycle, in the order the alerts were reached.
 */
export function escalationsDue(policy: SlaPolicy, history: readonly SlaEvent[], at: InstantInput): EscalationDue[] {
  if (policy.escalations.length === 0) return [];
  return reachedAlertsOf(evaluateClocks(policy, history, at)).flatMap(({ alert, cycle }) =>
    escalationsOnAlert(policy, alert, cycle),
  );
}

/** The escalations the policy asks for when `alert` (of `cycle`) is reached, e.g. for a timer to issue with it. */
export function escalationsOnAlert(policy: SlaPolicy, alert: SlaAlert, cycle: CycleState): EscalationDue[] {
  return policy.escalations.flatMap((spec, rule): EscalationDue[] =>
    triggers(spec, alert)
      ? [
          {
            key: `${rule}:${alert.key}`,
            rule,
            alert,
            level: spec.level,
            team: spec.team ?? null,
            reason: renderReason(spec.reason, {
              clock: alert.clock,
              title: cycle.title,
              cycle: alert.cycle,
              dueAt: cycle.dueAt ?? '',
              alertAt: alert.at,
              percent: typeof alert.threshold === 'number' ? alert.threshold : '',
              policyId: policy.id,
              policyVersion: policy.version,
            }),
          },
        ]
      : [],
  );
}
