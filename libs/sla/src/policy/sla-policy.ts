import type { BusinessCalendar } from '../calendar/business-calendar';
import type { Condition } from '../conditions/condition';
import type { EscalationSpec, PolicyDocument, TargetRuleSpec, TargetSpec, WarningSpec } from './policy-document';

/** A clock ready to evaluate: conditions compiled, calendar resolved. */
export interface SlaClock {
  name: string;
  title: string;
  source: string | null;
  calendarName: string;
  calendar: BusinessCalendar;
  start: Condition;
  startFrom: Condition | null;
  stop: Condition;
  pause: Condition;
  resume: Condition;
  cancel: Condition;
  extensions: { when: Condition; target: TargetSpec }[];
  repeat: boolean;
  defaultTarget: TargetSpec;
  targetRules: TargetRuleSpec[];
  warnings: readonly WarningSpec[];
}

/** A loaded, validated policy version. Immutable; evaluation never changes it. */
export interface SlaPolicy {
  id: string;
  version: number;
  name: string;
  description: string | null;
  effectiveFrom: string | null;
  /** sha256 of the policy with its calendar files inlined: record it with the version to detect edits. */
  digest: string;
  /** The file it was loaded from, when it came from one. */
  file: string | null;
  /** The validated document, calendar files inlined. */
  document: PolicyDocument;
  calendars: ReadonlyMap<string, BusinessCalendar>;
  clocks: readonly SlaClock[];
  escalations: readonly EscalationSpec[];
}

/** What a complaint records about the policy applied to it. */
export interface PolicyReference {
  policyId: string;
  version: number;
  digest: string;
}

export function policyReference(policy: SlaPolicy): PolicyReference {
  return { policyId: policy.id, version: policy.version, digest: policy.digest };
}
