/**
 * Early warnings (002 §5.4 body 4.1; complaint guide REQ-41, REQ-43): when a
 * key indicator crosses its configured threshold a warning is raised, with an
 * owner (责任人) and a deadline (处理时限), then acknowledged and resolved.
 */
export const EARLY_WARNING_INDICATORS = [
  'COMPLAINT_VOLUME',
  'COMPLAINT_RATE',
  'SATISFACTION_DECLINE_RATE',
  'HANDLING_CYCLE_MEDIAN_HOURS',
  'FIRST_RESPONSE_P90_HOURS',
  'RESOLUTION_RATE',
  'REOPEN_RATE',
  'REPEAT_COMPLAINT_RATE',
  /** A cluster of complaints sharing a category, root cause or product within a window (REQ-43). */
  'HOTSPOT',
] as const;
export type EarlyWarningIndicator = (typeof EARLY_WARNING_INDICATORS)[number];

/** ABOVE: the indicator is bad when higher than the threshold (complaint rate); BELOW: when lower (resolution rate). */
export const THRESHOLD_DIRECTIONS = ['ABOVE', 'BELOW'] as const;
export type ThresholdDirection = (typeof THRESHOLD_DIRECTIONS)[number];

/** The figure that crossed the threshold: which window, and which segment (null: all complaints). */
export interface WarningScope {
  window: { kind: string; from: string; to: string };
  segment: { dimension: string; value: string } | null;
}

interface WarningCommandBase<Type extends string> {
  type: Type;
  issuedAt: string;
}

/** What a warning states: which rule fired on which figure, and who must act by when (REQ-41). */
export interface WarningFacts {
  warningId: string;
  /** The configured rule that fired. */
  ruleId: string;
  indicator: EarlyWarningIndicator;
  scope: WarningScope;
  value: number;
  threshold: number;
  direction: ThresholdDirection;
  /** 责任人 */
  owner: string;
  /** 处理时限 */
  deadline: string;
}

export interface TriggerEarlyWarning extends WarningCommandBase<'TriggerEarlyWarning'>, WarningFacts {
  /** Complaints behind the figure (a hotspot's cluster), for drill-down. */
  evidence?: string[];
}

export interface AcknowledgeEarlyWarning extends WarningCommandBase<'AcknowledgeEarlyWarning'> {
  note?: string;
}

export interface ResolveEarlyWarning extends WarningCommandBase<'ResolveEarlyWarning'> {
  resolution: string;
}

export type EarlyWarningCommand = TriggerEarlyWarning | AcknowledgeEarlyWarning | ResolveEarlyWarning;
export type EarlyWarningCommandType = EarlyWarningCommand['type'];
