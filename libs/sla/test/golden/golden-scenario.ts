import {
  escalationsDue,
  evaluateClocks,
  nextDueInstants,
  type ClockState,
  type ClockStatus,
  type SlaEvent,
  type SlaPolicy,
} from '../../src';

/**
 * Golden scenarios are data: a history, an instant, and what the clocks,
 * the pending alerts and the due escalations must be then. Instants may be
 * written with any UTC offset; they are compared as instants.
 */
export type ScenarioEvent = readonly [at: string, type: string, data?: Record<string, unknown>];

export interface ExpectedClock {
  status?: ClockStatus;
  phase?: ClockState['phase'];
  breached?: boolean;
  cycle?: number;
  startedAt?: string;
  endedAt?: string | null;
  dueAt?: string | null;
  targetSeconds?: number;
  /** Index of the target rule that matched; null for the default. */
  targetRule?: number | null;
  elapsedSeconds?: number;
  remainingSeconds?: number | null;
  pausedSeconds?: number;
  pausedIntervals?: (readonly [string, string | null])[];
  /** Warning key → instant (null while unknown). */
  warnings?: Record<string, string | null>;
  /** Keys of the warnings reached. */
  reached?: string[];
  /** Whether each matched extension was applied, in order. */
  extensionsApplied?: boolean[];
  previousStatuses?: ClockStatus[];
}

export interface GoldenScenario {
  name: string;
  events: readonly ScenarioEvent[];
  at: string;
  clocks: Record<string, ExpectedClock>;
  /** The first alerts nextDueInstants returns, as [key, instant]; [] means none at all. */
  nextAlerts?: (readonly [string, string])[];
  /** Exactly the escalations due at `at`, in order. */
  escalations?: { key: string; level: string; team?: string | null; reason?: string }[];
}

export const iso = (instant: string) => new Date(instant).toISOString();
const isoOrNull = (instant: string | null) => (instant === null ? null : iso(instant));

/** A ComplaintReceived gets a plausible payload; its receivedAt defaults to the event's instant. */
export function historyOf(events: readonly ScenarioEvent[]): SlaEvent[] {
  return events.map(([at, type, data = {}]) => ({
    type,
    occurredAt: iso(at),
    data:
      type === 'ComplaintReceived'
        ? { receivedAt: iso(at), channel: 'PHONE', customer: { id: 'CUST-1', tier: 'ORDINARY' }, ...data }
        : data,
  }));
}

/** The expected fields normalised, and the same fields read from the actual state. */
export function compareClock(expected: ExpectedClock, state: ClockState): { expected: object; actual: object } {
  const readers: {
    [K in keyof ExpectedClock]-?: [(s: ClockState) => unknown, (e: NonNullable<ExpectedClock[K]>) => unknown];
  } = {
    status: [(s) => s.status, (e) => e],
    phase: [(s) => s.phase, (e) => e],
    breached: [(s) => s.breached, (e) => e],
    cycle: [(s) => s.cycle, (e) => e],
    startedAt: [(s) => s.startedAt, iso],
    endedAt: [(s) => s.endedAt, isoOrNull],
    dueAt: [(s) => s.dueAt, isoOrNull],
    targetSeconds: [(s) => s.target?.seconds ?? null, (e) => e],
    targetRule: [(s) => s.target?.rule, (e) => e],
    elapsedSeconds: [(s) => s.elapsedSeconds, (e) => e],
    remainingSeconds: [(s) => s.remainingSeconds, (e) => e],
    pausedSeconds: [(s) => s.pausedSeconds, (e) => e],
    pausedIntervals: [
      (s) => s.pausedIntervals.map((p) => [p.from, p.to]),
      (e) => e.map(([f, t]) => [iso(f), isoOrNull(t)]),
    ],
    warnings: [
      (s) => Object.fromEntries(s.warnings.map((w) => [w.key, w.at])),
      (e) => Object.fromEntries(Object.entries(e).map(([key, at]) => [key, isoOrNull(at)])),
    ],
    reached: [(s) => s.warnings.filter((w) => w.reached).map((w) => w.key), (e) => e],
    extensionsApplied: [(s) => s.extensions.map((x) => x.applied), (e) => e],
    previousStatuses: [(s) => s.previousCycles.map((c) => c.status), (e) => e],
  };
  const fields = Object.keys(expected) as (keyof ExpectedClock)[];
  const pick = <T>(read: (field: keyof ExpectedClock) => T) => Object.fromEntries(fields.map((f) => [f, read(f)]));
  return {
    expected: pick((f) => (readers[f][1] as (e: unknown) => unknown)(expected[f])),
    actual: pick((f) => readers[f][0](state)),
  };
}

/** Runs one scenario against a policy with jest expectations. */
export function checkScenario(policy: SlaPolicy, scenario: GoldenScenario): void {
  const history = historyOf(scenario.events);
  const states = new Map(evaluateClocks(policy, history, scenario.at).map((state) => [state.clock, state]));
  for (const [clock, expectedClock] of Object.entries(scenario.clocks)) {
    const state = states.get(clock);
    if (!state) throw new Error(`policy ${policy.id} has no clock ${clock}`);
    const { expected, actual } = compareClock(expectedClock, state);
    expect({ clock, ...actual }).toEqual({ clock, ...expected });
  }
  if (scenario.nextAlerts) {
    const next = nextDueInstants(policy, history, scenario.at).map((alert) => [alert.key, alert.at]);
    const wanted = scenario.nextAlerts.map(([key, at]) => [key, iso(at)]);
    expect(wanted.length === 0 ? next : next.slice(0, wanted.length)).toEqual(wanted);
  }
  if (scenario.escalations) {
    const due = escalationsDue(policy, history, scenario.at).map(({ key, level, team, reason }) => ({
      key,
      level,
      team,
      reason,
    }));
    expect(due).toMatchObject(scenario.escalations);
  }
}
