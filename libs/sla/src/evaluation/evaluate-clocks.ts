import type { SlaEvent } from '../conditions/sla-event';
import type { WarningSpec } from '../policy/policy-document';
import { policyReference, type PolicyReference, type SlaClock, type SlaPolicy } from '../policy/sla-policy';
import { isoOrNull, toEpochSeconds, toIsoInstant, type EpochSeconds, type InstantInput } from '../time/instant';
import { foldClockTimeline, type ClockCycle, type ClockTimeline } from './clock-timeline';
import type { ClockState, CycleState, ExtensionState, WarningState } from './clock-state';
import { RunningTime, pausesWithin } from './running-time';
import { selectTarget, targetSeconds } from './targets';

/** `75%` or `30m-before-due`: how a warning threshold is named in keys and events. */
export function warningLabel(threshold: WarningSpec): string {
  return typeof threshold === 'number' ? `${threshold}%` : `${threshold.minutesBeforeDue}m-before-due`;
}

export function warningKey(threshold: WarningSpec): string {
  return `warning:${warningLabel(threshold)}`;
}

/** Clock time consumed when a warning fires; null when it would fire at or before the start. */
function warningPoint(threshold: WarningSpec, target: number): number | null {
  const point =
    typeof threshold === 'number' ? Math.ceil((target * threshold) / 100) : target - threshold.minutesBeforeDue * 60;
  return point > 0 ? point : null;
}

function pendingState(clock: SlaClock): CycleState {
  return {
    clock: clock.name,
    title: clock.title,
    calendar: clock.calendarName,
    cycle: 0,
    status: 'pending',
    phase: 'pending',
    breached: false,
    startedAt: null,
    endedAt: null,
    target: null,
    dueAt: null,
    elapsedSeconds: 0,
    remainingSeconds: null,
    pausedSeconds: 0,
    pausedIntervals: [],
    warnings: [],
    extensions: [],
  };
}

function cycleState(
  policy: SlaPolicy,
  clock: SlaClock,
  timeline: ClockTimeline,
  cycle: ClockCycle,
  now: EpochSeconds,
): CycleState {
  const start = cycle.startedAt;
  const end = cycle.ended?.at ?? null;
  const horizon = end ?? now;
  const pauses = pausesWithin(timeline.pauses, start, end);
  const running = new RunningTime(clock.calendar, start, pauses);

  const chosen = selectTarget(clock, cycle.factsAtEnd ?? timeline.facts);
  let target = { spec: chosen.spec, rule: chosen.rule, extension: null as number | null, seconds: 0 };
  target.seconds = targetSeconds(chosen.spec, start, clock, policy);
  const extensions: ExtensionState[] = cycle.extensions.map(({ at, rule }) => {
    const due = running.instantConsumed(target.seconds);
    const applied = due === null || at < due;
    const spec = clock.extensions[rule].target;
    const seconds = targetSeconds(spec, start, clock, policy);
    // An extension lengthens the target; it never shortens it.
    if (applied && seconds > target.seconds) target = { spec, rule: target.rule, extension: rule, seconds };
    return { at: toIsoInstant(at), rule, applied };
  });

  const due = running.instantConsumed(target.seconds);
  const breached = due !== null && horizon >= due;
  const elapsed = running.consumedBefore(horizon);
  const pausedNow = pauses.some((pause) => pause.from <= horizon && (pause.to === null || pause.to > horizon));
  const phase = cycle.ended?.kind ?? (pausedNow ? 'paused' : 'running');
  const status = phase === 'cancelled' ? 'cancelled' : breached ? 'breached' : phase === 'stopped' ? 'met' : phase;

  const warnings: WarningState[] = [];
  for (const threshold of clock.warnings) {
    const point = warningPoint(threshold, target.seconds);
    if (point === null) continue;
    const at = running.instantConsumed(point);
    warnings.push({ key: warningKey(threshold), threshold, at: isoOrNull(at), reached: at !== null && horizon >= at });
  }

  return {
    clock: clock.name,
    title: clock.title,
    calendar: clock.calendarName,
    cycle: cycle.number,
    status,
    phase,
    breached,
    startedAt: toIsoInstant(start),
    endedAt: isoOrNull(end),
    target,
    dueAt: isoOrNull(due),
    elapsedSeconds: elapsed,
    remainingSeconds: target.seconds - elapsed,
    pausedSeconds: running.pausedBefore(horizon),
    pausedIntervals: pauses.map((pause) => ({ from: toIsoInstant(pause.from), to: isoOrNull(pause.to) })),
    warnings,
    extensions,
  };
}

/** The events known at `now`: those that had occurred by then, in history order. */
function knownAt(history: readonly SlaEvent[], now: EpochSeconds): SlaEvent[] {
  return history.filter((event) => toEpochSeconds(event.occurredAt) <= now);
}

function clockState(policy: SlaPolicy, clock: SlaClock, history: readonly SlaEvent[], now: EpochSeconds): ClockState {
  const timeline = foldClockTimeline(clock, history);
  const cycles = timeline.cycles.map((cycle) => cycleState(policy, clock, timeline, cycle, now));
  const latest = cycles.at(-1) ?? pendingState(clock);
  return { ...latest, previousCycles: cycles.slice(0, -1) };
}

/**
 * The state of every clock of a policy for a complaint, as of `at`, from the
 * complaint's history (in stream order). Pure and deterministic: the same
 * policy, history and instant always give the same states. Events that
 * occurred after `at` are ignored, so past instants can be replayed.
 */
export function evaluateClocks(policy: SlaPolicy, history: readonly SlaEvent[], at: InstantInput): ClockState[] {
  const now = toEpochSeconds(at);
  const known = knownAt(history, now);
  return policy.clocks.map((clock) => clockState(policy, clock, known, now));
}

/** The SLA view of one complaint: which policy version, when, and every clock. */
export interface SlaView {
  policy: PolicyReference;
  at: string;
  clocks: ClockState[];
}

export function evaluateSla(policy: SlaPolicy, history: readonly SlaEvent[], at: InstantInput): SlaView {
  return {
    policy: policyReference(policy),
    at: toIsoInstant(toEpochSeconds(at)),
    clocks: evaluateClocks(policy, history, at),
  };
}
