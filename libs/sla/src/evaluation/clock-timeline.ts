import type { SlaEvent } from '../conditions/sla-event';
import type { SlaClock } from '../policy/sla-policy';
import type { EpochSeconds } from '../time/instant';
import { NO_FACTS, applyFacts, type ComplaintFacts } from './complaint-facts';

/** A period in which the clock's pause condition held; `to` is null while it still holds. */
export interface PauseInterval {
  from: EpochSeconds;
  to: EpochSeconds | null;
}

/** One run of a clock from a start to a stop or cancel (or still open). */
export interface ClockCycle {
  number: number;
  startedAt: EpochSeconds;
  ended: { at: EpochSeconds; kind: 'stopped' | 'cancelled' } | null;
  /** Matched extend conditions, in order: the instant and the index of the extension rule. */
  extensions: { at: EpochSeconds; rule: number }[];
  /** The facts when the cycle ended (targets freeze then); null while open. */
  factsAtEnd: ComplaintFacts | null;
}

/** Everything the history says about one clock, before any arithmetic. */
export interface ClockTimeline {
  cycles: ClockCycle[];
  pauses: PauseInterval[];
  facts: ComplaintFacts;
}

/**
 * Folds a complaint's history into a clock's cycles and pause periods. Per
 * event, in this order: facts update, start (or a new cycle when `repeat`),
 * pause/resume, extend, then stop or cancel. Pauses are tracked whether or
 * not a cycle runs, so a clock that starts while the complaint waits for the
 * customer starts paused. Transition instants never go backwards: one taken
 * from an event field that lies before the cycle's start counts as the start.
 */
export function foldClockTimeline(clock: SlaClock, history: readonly SlaEvent[]): ClockTimeline {
  const cycles: ClockCycle[] = [];
  const pauses: PauseInterval[] = [];
  let facts = NO_FACTS;
  let anchor: EpochSeconds | null = null;
  let pausedSince: EpochSeconds | null = null;
  let lastPauseEnd = Number.NEGATIVE_INFINITY;

  for (const event of history) {
    facts = applyFacts(facts, event);
    const anchorAt = clock.startFrom?.(event) ?? null;
    if (anchorAt !== null) anchor = anchorAt;

    let open = cycles.at(-1)?.ended === null ? cycles.at(-1) : undefined;
    const startAt = open || (cycles.length > 0 && !clock.repeat) ? null : clock.start(event);
    if (startAt !== null) {
      open = { number: cycles.length + 1, startedAt: anchor ?? startAt, ended: null, extensions: [], factsAtEnd: null };
      cycles.push(open);
    }

    const pauseAt = pausedSince === null ? clock.pause(event) : null;
    if (pauseAt !== null) pausedSince = Math.max(pauseAt, lastPauseEnd);
    const resumeAt = pausedSince !== null && pauseAt === null ? clock.resume(event) : null;
    if (resumeAt !== null && pausedSince !== null) {
      lastPauseEnd = Math.max(resumeAt, pausedSince);
      pauses.push({ from: pausedSince, to: lastPauseEnd });
      pausedSince = null;
    }

    if (!open) continue;
    const cycle = open;
    clock.extensions.forEach((extension, rule) => {
      const at = extension.when(event);
      if (at !== null) cycle.extensions.push({ at: Math.max(at, cycle.startedAt), rule });
    });
    const stopAt = clock.stop(event);
    const cancelAt = stopAt === null ? clock.cancel(event) : null;
    const endAt = stopAt ?? cancelAt;
    if (endAt !== null) {
      cycle.ended = { at: Math.max(endAt, cycle.startedAt), kind: stopAt !== null ? 'stopped' : 'cancelled' };
      cycle.factsAtEnd = facts;
    }
  }
  if (pausedSince !== null) pauses.push({ from: pausedSince, to: null });
  return { cycles, pauses, facts };
}
