import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EARLY_WARNING_INDICATORS,
  THRESHOLD_DIRECTIONS,
  type EarlyWarningIndicator,
  type ThresholdDirection,
} from '@redress/domain';
import { COMPLAINT_SEGMENT_DIMENSIONS, type ComplaintSegmentDimension } from '../satisfaction/complaint-segments';
import { WINDOW_KINDS, type WindowKind } from '../satisfaction/reporting-window';
import { HOTSPOT_ATTRIBUTES, type HotspotAttribute } from './hotspots';

/** Satisfaction indices whose period-over-period decline can be watched (NPS can be ≤ 0, so it has no decline rate). */
export const DECLINE_INDICES = ['csatTop2Box', 'csatMean', 'cesMean', 'csi'] as const;
export type DeclineIndex = (typeof DECLINE_INDICES)[number];

interface RuleOwnership {
  id: string;
  /** 责任人: who must respond. */
  owner: string;
  /** 处理时限: the deadline is the trigger time plus this many hours. */
  deadlineHours: number;
  window: WindowKind;
}

export interface ThresholdRule extends RuleOwnership {
  indicator: Exclude<EarlyWarningIndicator, 'HOTSPOT'>;
  /** For SATISFACTION_DECLINE_RATE: which index declines. */
  satisfactionIndex?: DeclineIndex;
  /** Evaluate per value of this dimension; null for all complaints. */
  segment: ComplaintSegmentDimension | null;
  direction: ThresholdDirection;
  threshold: number;
  /** Figures resting on fewer observations never trigger (a noisy small segment is not a trend). */
  minimumN: number;
}

export interface HotspotRule extends RuleOwnership {
  attribute: HotspotAttribute;
  minComplaints: number;
}

export interface EarlyWarningRules {
  thresholdRules: ThresholdRule[];
  hotspotRules: HotspotRule[];
}

export class EarlyWarningRulesError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid early-warning rules: ${problems.join('; ')}`);
    this.name = 'EarlyWarningRulesError';
  }
}

/** The rules shipped with the product (early-warning-rules.json next to this file). */
export const DEFAULT_EARLY_WARNING_RULES_PATH = join(__dirname, 'early-warning-rules.json');

/** Reads and checks a rules file; a bad file stops the caller with every problem listed. */
export function loadEarlyWarningRules(path = DEFAULT_EARLY_WARNING_RULES_PATH): EarlyWarningRules {
  return parseEarlyWarningRules(JSON.parse(readFileSync(path, 'utf8')));
}

export function parseEarlyWarningRules(input: unknown): EarlyWarningRules {
  const problems: string[] = [];
  const config = (input ?? {}) as { thresholdRules?: unknown; hotspotRules?: unknown };
  const list = (value: unknown, name: string): Record<string, unknown>[] => {
    if (!Array.isArray(value)) problems.push(`${name} must be a list`);
    return Array.isArray(value) ? value : [];
  };
  const thresholdRules = list(config.thresholdRules, 'thresholdRules');
  const hotspotRules = list(config.hotspotRules, 'hotspotRules');
  const ids = [...thresholdRules, ...hotspotRules].map((rule) => rule.id);
  for (const [index, id] of ids.entries())
    if (ids.indexOf(id) !== index) problems.push(`rule id ${String(id)} is used twice`);

  thresholdRules.forEach((rule, i) => {
    const check = checker(`thresholdRules[${i}]`, rule, problems);
    checkOwnership(check);
    check.oneOf(
      'indicator',
      EARLY_WARNING_INDICATORS.filter((x) => x !== 'HOTSPOT'),
    );
    check.oneOf('direction', THRESHOLD_DIRECTIONS);
    check.number('threshold', -Infinity);
    check.number('minimumN', 0);
    if (rule.segment !== null) check.oneOf('segment', COMPLAINT_SEGMENT_DIMENSIONS);
    if (rule.indicator === 'SATISFACTION_DECLINE_RATE') check.oneOf('satisfactionIndex', DECLINE_INDICES);
  });
  hotspotRules.forEach((rule, i) => {
    const check = checker(`hotspotRules[${i}]`, rule, problems);
    checkOwnership(check);
    check.oneOf('attribute', HOTSPOT_ATTRIBUTES);
    check.number('minComplaints', 1);
  });
  if (problems.length > 0) throw new EarlyWarningRulesError(problems);
  return { thresholdRules, hotspotRules } as unknown as EarlyWarningRules;
}

function checkOwnership(check: ReturnType<typeof checker>): void {
  check.text('id');
  check.text('owner');
  check.number('deadlineHours', Number.MIN_VALUE);
  check.oneOf('window', WINDOW_KINDS);
}

function checker(path: string, rule: Record<string, unknown>, problems: string[]) {
  return {
    text(field: string) {
      if (typeof rule[field] !== 'string' || (rule[field] as string).trim() === '')
        problems.push(`${path}.${field} must be a text`);
    },
    number(field: string, min: number) {
      const value = rule[field];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
        problems.push(`${path}.${field} must be a number ≥ ${min}`);
    },
    oneOf(field: string, values: readonly string[]) {
      if (!values.includes(rule[field] as string))
        problems.push(`${path}.${field} must be one of: ${values.join(', ')}`);
    },
  };
}
