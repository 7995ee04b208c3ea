import type { BusinessCalendar } from '../calendar/business-calendar';
import type { EpochSeconds } from '../time/instant';
import type { PauseInterval } from './clock-timeline';

/**
 * A cycle's running time: from its start, minus its pauses, measured in its
 * calendar (business seconds, or plain seconds on a 24×7 calendar).
 */
export class RunningTime {
  /** Stretches in which the clock runs; the last is open-ended unless a pause never ended. */
  private readonly segments: { from: EpochSeconds; to: EpochSeconds }[] = [];

  constructor(
    private readonly calendar: BusinessCalendar,
    readonly start: EpochSeconds,
    /** The cycle's pauses: inside [start, end), sorted, non-overlapping. */
    readonly pauses: readonly PauseInterval[],
  ) {
    let from = start;
    for (const pause of pauses) {
      if (pause.from > from) this.segments.push({ from, to: pause.from });
      if (pause.to === null) return;
      from = Math.max(from, pause.to);
    }
    this.segments.push({ from, to: Number.POSITIVE_INFINITY });
  }

  /** Clock time consumed in [start, t). */
  consumedBefore(t: EpochSeconds): number {
    let consumed = 0;
    for (const segment of this.segments) {
      if (segment.from >= t) break;
      consumed += this.calendar.businessSecondsBetween(segment.from, Math.min(segment.to, t));
    }
    return consumed;
  }

  /** The earliest instant by which `amount` of clock time is consumed; null while an open pause stands in the way. */
  instantConsumed(amount: number): EpochSeconds | null {
    let remaining = amount;
    for (const segment of this.segments) {
      if (segment.to === Number.POSITIVE_INFINITY) return this.calendar.addBusinessTime(segment.from, remaining);
      const available = this.calendar.businessSecondsBetween(segment.from, segment.to);
      if (remaining <= available) return this.calendar.addBusinessTime(segment.from, remaining);
      remaining -= available;
    }
    return null;
  }

  /** Wall-clock seconds spent paused in [start, t). */
  pausedBefore(t: EpochSeconds): number {
    return this.pauses.reduce((total, pause) => {
      const to = Math.min(pause.to ?? t, t);
      return to > pause.from ? total + to - pause.from : total;
    }, 0);
  }
}

/** The pauses that fall inside [from, to), clipped to it. */
export function pausesWithin(
  pauses: readonly PauseInterval[],
  from: EpochSeconds,
  to: EpochSeconds | null,
): PauseInterval[] {
  const end = to ?? Number.POSITIVE_INFINITY;
  return pauses
    .filter((pause) => (pause.to === null || pause.to > from) && pause.from < end)
    .map((pause) => {
      const clippedTo = pause.to === null ? (to === null ? null : end) : Math.min(pause.to, end);
      return { from: Math.max(pause.from, from), to: clippedTo };
    })
    .filter((pause) => pause.to === null || pause.to > pause.from);
}
