import type { EpochSeconds } from '../time/instant';
import { instantAt, readPath, type SlaEvent } from './sla-event';

/**
 * The condition language of SLA policies. A condition matches single events:
 *
 *   { event: ComplaintTriaged, where: { data.isComplex: true } }
 *   { event: [ProgressUpdateSent, ComplaintAcknowledged] }
 *   { event: ResolutionExecuted, at: data.executedAt }
 *   { anyOf: [ <condition>, <condition> ] }
 *
 * `event` names one event type or a list; any type name is allowed, so a
 * policy may rely on events the domain does not emit yet. `where` maps dotted
 * paths into the event to a value (equality), a list (one of), or an object
 * `{ in: [...] }`, `{ not: value | [...] }`, `{ exists: true | false }`; all
 * entries must hold. `at` names the field holding the instant the transition
 * happens (default: the event's occurredAt).
 */
export type Scalar = string | number | boolean | null;
export type FieldMatcher = Scalar | Scalar[] | { in?: Scalar[]; not?: Scalar | Scalar[]; exists?: boolean };

export interface EventCondition {
  event: string | string[];
  where?: Record<string, FieldMatcher>;
  at?: string;
}
export interface AnyOfCondition {
  anyOf: ConditionSpec[];
}
export type ConditionSpec = EventCondition | AnyOfCondition;

/** A compiled condition: the instant of the transition when the event matches, else null. */
export type Condition = (event: SlaEvent) => EpochSeconds | null;

export const NEVER: Condition = () => null;

function matchesField(value: unknown, matcher: FieldMatcher): boolean {
  if (Array.isArray(matcher)) return matcher.some((candidate) => candidate === value);
  if (matcher === null || typeof matcher !== 'object') return value === matcher;
  if (matcher.exists !== undefined && (value !== undefined && value !== null) !== matcher.exists) return false;
  if (matcher.in !== undefined && !matcher.in.some((candidate) => candidate === value)) return false;
  if (matcher.not !== undefined) {
    const excluded = Array.isArray(matcher.not) ? matcher.not : [matcher.not];
    if (excluded.some((candidate) => candidate === value)) return false;
  }
  return true;
}

export function compileCondition(spec: ConditionSpec | undefined): Condition {
  if (spec === undefined) return NEVER;
  if ('anyOf' in spec) {
    const alternatives = spec.anyOf.map(compileCondition);
    return (event) => {
      for (const alternative of alternatives) {
        const instant = alternative(event);
        if (instant !== null) return instant;
      }
      return null;
    };
  }
  const types = new Set(Array.isArray(spec.event) ? spec.event : [spec.event]);
  const where = Object.entries(spec.where ?? {});
  return (event) => {
    if (!types.has(event.type)) return null;
    if (!where.every(([path, matcher]) => matchesField(readPath(event, path), matcher))) return null;
    return instantAt(event, spec.at);
  };
}

/** Every event type a condition mentions (to list what a policy relies on). */
export function eventTypesOf(spec: ConditionSpec | undefined): string[] {
  if (spec === undefined) return [];
  if ('anyOf' in spec) return spec.anyOf.flatMap(eventTypesOf);
  return Array.isArray(spec.event) ? spec.event : [spec.event];
}
