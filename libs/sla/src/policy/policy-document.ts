import type { CalendarDefinition } from '../calendar/calendar-definition';
import type { ConditionSpec, Scalar } from '../conditions/condition';
import type { EscalationLevel, EscalationTeam } from '@redress/domain';

/**
 * The shape of a policy file once it has passed the JSON Schema
 * (policy-schema.ts). libs/sla/policies/README.md documents it for authors.
 */

/** Facts about a complaint that target rules can match on (complaint-facts.ts derives them). */
export const FACT_NAMES = ['grade', 'priority', 'tier', 'channel', 'category', 'isComplex'] as const;
export type FactName = (typeof FACT_NAMES)[number];
export type FactMatch = Partial<Record<FactName, Scalar | Scalar[]>>;

/** An amount of clock time: business time on a business calendar, wall time on a 24×7 one. */
export interface DurationTarget {
  kind: 'duration';
  hours?: number;
  minutes?: number;
  seconds?: number;
}
/** Close of business on the n-th business day after the day the clock started (FCA "third business day"). */
export interface EndOfNthBusinessDayTarget {
  kind: 'endOfNthBusinessDay';
  n: number;
  receivedAfterCloseCountsAsNextDay?: boolean;
  /** The calendar whose business days count; default the clock's. */
  calendar?: string;
}
/**
 * The end (local midnight) of the `days`-th calendar day after the day the
 * clock started; optionally moved to the next business day when it falls on
 * a non-business day (PRC Civil Code art. 203 for statutory periods).
 */
export interface CalendarDaysTarget {
  kind: 'calendarDays';
  days: number;
  rollToBusinessDay?: boolean;
  /** The calendar whose zone dates the days and whose business days the roll uses; default the clock's. */
  calendar?: string;
}
export type TargetSpec = DurationTarget | EndOfNthBusinessDayTarget | CalendarDaysTarget;

export interface TargetRuleSpec {
  when: FactMatch;
  target: TargetSpec;
}

/** A warning threshold: a percentage of the target, or a lead time before the due instant. */
export type WarningSpec = number | { minutesBeforeDue: number };

export interface ExtensionSpec {
  when: ConditionSpec;
  target: TargetSpec;
}

export interface ClockSpec {
  name: string;
  title?: string;
  /** Where the rule comes from (regulation, guide section). */
  source?: string;
  calendar?: string;
  start: ConditionSpec;
  /** Count from the latest earlier event matching this instead of from the start event (e.g. from receipt). */
  startFrom?: ConditionSpec;
  stop: ConditionSpec;
  pause?: ConditionSpec;
  resume?: ConditionSpec;
  cancel?: ConditionSpec;
  extend?: ExtensionSpec[];
  /** After a stop or cancel, a later start begins a new cycle. */
  repeat?: boolean;
  target: { default: TargetSpec; rules?: TargetRuleSpec[] };
  warnings?: WarningSpec[];
}

export type AlertSpec = { clock: string; alert: 'breach' } | { clock: string; alert: 'warning'; percent: number };

export interface EscalationSpec {
  on: AlertSpec;
  level: EscalationLevel;
  team?: EscalationTeam | null;
  /**
   * Placeholders: {clock} {title} {cycle} {dueAt} (the breach instant) {alertAt} (the
   * warning's or breach's instant) {percent} {policyId} {policyVersion}.
   */
  reason: string;
}

export type CalendarEntry = { file: string } | Omit<CalendarDefinition, 'id'>;

export interface PolicyDocument {
  id: string;
  version: number;
  name: string;
  description?: string;
  /** Complaints received on or after this date get this version (see PolicyCatalog). */
  effectiveFrom?: string;
  /** The default calendar of the clocks. */
  calendar: string;
  calendars: Record<string, CalendarEntry>;
  warnings?: WarningSpec[];
  clocks: ClockSpec[];
  escalations?: EscalationSpec[];
}

export const DEFAULT_WARNINGS: readonly WarningSpec[] = [50, 75, 90];
