import type { SlaEvent } from '../conditions/sla-event';
import { policyReference, type PolicyReference, type SlaPolicy } from '../policy/sla-policy';
import { toEpochSeconds, toIsoInstant, type InstantInput } from '../time/instant';
import type { ClockState } from './clock-state';
import { evaluateClocks } from './evaluate-clocks';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ClockDiff {
  clock: string;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  before: ClockState | null;
  after: ClockState | null;
  /** For `changed`: what differs. */
  changes: FieldChange[];
}

/** What recomputing one complaint under a new policy version would change: the dry run of the audited recompute command. */
export interface PolicyDiff {
  from: PolicyReference;
  to: PolicyReference;
  at: string;
  changed: boolean;
  clocks: ClockDiff[];
}

/** The fields a person reviewing a recompute cares about, in display order. */
const COMPARED: readonly [string, (state: ClockState) => unknown][] = [
  ['status', (s) => s.status],
  ['breached', (s) => s.breached],
  ['cycle', (s) => s.cycle],
  ['calendar', (s) => s.calendar],
  ['startedAt', (s) => s.startedAt],
  ['targetSeconds', (s) => s.target?.seconds ?? null],
  ['dueAt', (s) => s.dueAt],
  ['elapsedSeconds', (s) => s.elapsedSeconds],
  ['remainingSeconds', (s) => s.remainingSeconds],
  ['pausedIntervals', (s) => s.pausedIntervals],
  ['warnings', (s) => s.warnings.map((w) => ({ key: w.key, at: w.at }))],
  ['previousCycles', (s) => s.previousCycles.map((c) => ({ status: c.status, dueAt: c.dueAt }))],
];

function fieldChanges(before: ClockState, after: ClockState): FieldChange[] {
  return COMPARED.flatMap(([field, read]) => {
    const [a, b] = [read(before), read(after)];
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [{ field, before: a, after: b }];
  });
}

/**
 * Evaluates one complaint's history under both policies at the same instant
 * and lists, clock by clock (matched by name), what would change.
 */
export function diffPolicies(
  oldPolicy: SlaPolicy,
  newPolicy: SlaPolicy,
  history: readonly SlaEvent[],
  at: InstantInput,
): PolicyDiff {
  const before = new Map(evaluateClocks(oldPolicy, history, at).map((state) => [state.clock, state]));
  const after = new Map(evaluateClocks(newPolicy, history, at).map((state) => [state.clock, state]));
  const names = [...new Set([...before.keys(), ...after.keys()])];
  const clocks = names.map((clock): ClockDiff => {
    const [old, next] = [before.get(clock) ?? null, after.get(clock) ?? null];
    if (!old) return { clock, change: 'added', before: null, after: next, changes: [] };
    if (!next) return { clock, change: 'removed', before: old, after: null, changes: [] };
    const changes = fieldChanges(old, next);
    return { clock, change: changes.length > 0 ? 'changed' : 'unchanged', before: old, after: next, changes };
  });
  return {
    from: policyReference(oldPolicy),
    to: policyReference(newPolicy),
    at: toIsoInstant(toEpochSeconds(at)),
    changed: clocks.some((clock) => clock.change !== 'unchanged'),
    clocks,
  };
}
