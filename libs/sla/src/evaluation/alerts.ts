import type { SlaEvent } from '../conditions/sla-event';
import type { WarningSpec } from '../policy/policy-document';
import type { SlaPolicy } from '../policy/sla-policy';
import { toEpochSeconds, type InstantInput } from '../time/instant';
import type { ClockState, CycleState } from './clock-state';
import { evaluateClocks } from './evaluate-clocks';

/** A warning threshold or the breach of one clock cycle, at its exact instant. */
export interface SlaAlert {
  /** Unique per complaint and stable across re-evaluations: `<clock>#<cycle>/<warning:75%|breach>`. Use it to deduplicate. */
  key: string;
  clock: string;
  cycle: number;
  kind: 'warning' | 'breach';
  threshold: WarningSpec | null;
  at: string;
}

/** Every alert of a cycle whose instant is known, with whether it has been reached. */
export function alertsOfCycle(state: CycleState): { alert: SlaAlert; reached: boolean }[] {
  const base = { clock: state.clock, cycle: state.cycle };
  const alerts: { alert: SlaAlert; reached: boolean }[] = state.warnings
    .filter((warning) => warning.at !== null)
    .map((warning) => ({
      alert: {
        ...base,
        key: `${state.clock}#${state.cycle}/${warning.key}`,
        kind: 'warning',
        threshold: warning.threshold,
        at: warning.at as string,
      },
      reached: warning.reached,
    }));
  if (state.dueAt !== null) {
    alerts.push({
      alert: { ...base, key: `${state.clock}#${state.cycle}/breach`, kind: 'breach', threshold: null, at: state.dueAt },
      reached: state.breached,
    });
  }
  return alerts;
}

function byInstant(a: SlaAlert, b: SlaAlert): number {
  return Date.parse(a.at) - Date.parse(b.at) || a.key.localeCompare(b.key);
}

function allCycles(states: readonly ClockState[]): CycleState[] {
  return states.flatMap((state) => [...state.previousCycles, state]);
}

/** The reached alerts of every cycle with the cycle they belong to, oldest first. */
export function reachedAlertsOf(states: readonly ClockState[]): { alert: SlaAlert; cycle: CycleState }[] {
  return allCycles(states)
    .flatMap((cycle) => alertsOfCycle(cycle).flatMap(({ alert, reached }) => (reached ? [{ alert, cycle }] : [])))
    .sort((a, b) => byInstant(a.alert, b.alert));
}

/**
 * The alerts still to come for running clocks, soonest first: the instants a
 * durable timer should wake at. Paused and ended clocks have none; after any
 * new event, recompute and reschedule.
 */
export function nextDueInstants(policy: SlaPolicy, history: readonly SlaEvent[], at: InstantInput): SlaAlert[] {
  const now = toEpochSeconds(at);
  return evaluateClocks(policy, history, at)
    .filter((state) => state.phase === 'running')
    .flatMap((state) => alertsOfCycle(state).map(({ alert }) => alert))
    .filter((alert) => toEpochSeconds(alert.at) > now)
    .sort(byInstant);
}

/**
 * Every alert reached by `at`, in every cycle, oldest first. When a timer
 * fires, emit those whose keys were not emitted before; an alert a stop
 * pre-empted is simply not reached.
 */
export function alertsReached(policy: SlaPolicy, history: readonly SlaEvent[], at: InstantInput): SlaAlert[] {
  return reachedAlertsOf(evaluateClocks(policy, history, at)).map(({ alert }) => alert);
}
