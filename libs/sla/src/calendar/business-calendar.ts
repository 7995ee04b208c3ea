import { SECONDS_PER_DAY, SECONDS_PER_HOUR, type EpochSeconds } from '../time/instant';
import { isoWeekdayOf, parseIsoDate, type DayNumber } from '../time/local-days';
import { compileHours, type CalendarDefinition, type CompiledHours, type LocalInterval } from './calendar-definition';
import { ZoneOffsets } from './zone-offsets';

/** A stretch of business time in UTC, [from, to), and the local date it belongs to. */
export interface WorkingInterval {
  from: EpochSeconds;
  to: EpochSeconds;
  localDay: DayNumber;
}

/** How far a search for working time may run before the calendar is declared empty. */
const SEARCH_LIMIT_SECONDS = 10 * 366 * SECONDS_PER_DAY;
/** Wider than any UTC offset (±14 h), so a window this much around a local date covers all of it. */
const ZONE_MARGIN = 18 * SECONDS_PER_HOUR;

export interface EndOfNthBusinessDayOptions {
  /**
   * Treat an instant on a non-business day, or after the day's last working
   * interval, as received on the next business day (FCA DISP 1.5's
   * "received after close of business" rule).
   */
  receivedAfterCloseCountsAsNextDay?: boolean;
}

/**
 * Business-time arithmetic over a calendar, to the second and DST-correct.
 *
 * Semantics: an instant is business time when its local wall-clock time (in
 * the calendar's zone) lies inside a working interval of its local date. So
 * on a spring-forward day a 01:00-03:00 interval holds one hour, and on a
 * fall-back day an interval covering the repeated hour holds it twice.
 */
export class BusinessCalendar {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly alwaysOpen: boolean;
  private readonly hours: CompiledHours;
  private readonly offsets: ZoneOffsets;

  constructor(readonly definition: CalendarDefinition) {
    this.hours = compileHours(definition);
    this.id = definition.id;
    this.name = definition.name ?? definition.id;
    this.timeZone = definition.timeZone;
    this.alwaysOpen = definition.alwaysOpen === true;
    this.offsets = ZoneOffsets.of(definition.timeZone);
  }

  /** The working intervals of a local date, in seconds from local midnight. */
  hoursOn(day: DayNumber): readonly LocalInterval[] {
    return this.hours.exceptions.get(day) ?? this.hours.week[isoWeekdayOf(day) - 1];
  }

  isBusinessDay(day: DayNumber | string): boolean {
    const dayNumber = typeof day === 'string' ? parseIsoDate(day) : day;
    if (dayNumber === null) throw new RangeError(`Not a date: ${day}`);
    return this.hoursOn(dayNumber).length > 0;
  }

  /** The local date (as a day number) of an instant. */
  localDayOf(t: EpochSeconds): DayNumber {
    return Math.floor((t + this.offsets.offsetAt(t)) / SECONDS_PER_DAY);
  }

  isBusinessTime(t: EpochSeconds): boolean {
    const local = t + this.offsets.offsetAt(t);
    const day = Math.floor(local / SECONDS_PER_DAY);
    const secondOfDay = local - day * SECONDS_PER_DAY;
    return this.hoursOn(day).some(([start, end]) => start <= secondOfDay && secondOfDay < end);
  }

  /**
   * The business time inside [from, to), in UTC order. Walks constant-offset
   * segments of the zone; inside each, a local interval maps to UTC by
   * subtracting the segment's offset.
   */
  *workingIntervals(from: EpochSeconds, to: EpochSeconds): Generator<WorkingInterval> {
    for (const segment of this.offsets.segments(from, to)) {
      const localFrom = segment.from + segment.offset;
      const localTo = segment.to + segment.offset;
      for (let day = Math.floor(localFrom / SECONDS_PER_DAY); day * SECONDS_PER_DAY < localTo; day++) {
        const midnight = day * SECONDS_PER_DAY;
        for (const [start, end] of this.hoursOn(day)) {
          const a = Math.max(midnight + start, localFrom);
          const b = Math.min(midnight + end, localTo);
          if (a < b) yield { from: a - segment.offset, to: b - segment.offset, localDay: day };
        }
      }
    }
  }

  /** Business seconds in [from, to); negative when `to` is before `from`. */
  businessSecondsBetween(from: EpochSeconds, to: EpochSeconds): number {
    if (to < from) return -this.businessSecondsBetween(to, from);
    if (this.alwaysOpen) return to - from;
    let total = 0;
    for (const interval of this.workingIntervals(from, to)) total += interval.to - interval.from;
    return total;
  }

  /**
   * The earliest instant x ≥ start with exactly `seconds` of business time in
   * [start, x). Adding 8 h to Monday 09:00 in a 09:00-17:00 calendar gives
   * Monday 17:00, not Tuesday 09:00.
   */
  addBusinessTime(start: EpochSeconds, seconds: number): EpochSeconds {
    if (!Number.isInteger(seconds) || seconds < 0)
      throw new RangeError(`Not a whole, non-negative duration: ${seconds}`);
    if (this.alwaysOpen || seconds === 0) return start + seconds;
    let remaining = seconds;
    for (const interval of this.workingIntervals(start, start + SEARCH_LIMIT_SECONDS)) {
      const length = interval.to - interval.from;
      if (remaining <= length) return interval.from + remaining;
      remaining -= length;
    }
    throw new RangeError(`Calendar ${this.id} has no working time in the ten years after ${start}`);
  }

  /** The first business day strictly after `day`. */
  nextBusinessDay(day: DayNumber): DayNumber {
    for (let next = day + 1; next <= day + SEARCH_LIMIT_SECONDS / SECONDS_PER_DAY; next++) {
      if (this.isBusinessDay(next)) return next;
    }
    throw new RangeError(`Calendar ${this.id} has no business day in the ten years after day ${day}`);
  }

  /** The instant a business day's last working interval ends, or null on a non-business day. */
  closeOfBusiness(day: DayNumber): EpochSeconds | null {
    let close: EpochSeconds | null = null;
    for (const interval of this.workingIntervals(...this.utcWindowAround(day))) {
      if (interval.localDay === day) close = Math.max(close ?? interval.to, interval.to);
    }
    return close;
  }

  /**
   * The instant after which the local date is never `day` again: local
   * midnight in the common case, the end of the second pass through the last
   * hour when a zone falls back across midnight.
   */
  endOfLocalDay(day: DayNumber): EpochSeconds {
    const nextMidnight = (day + 1) * SECONDS_PER_DAY;
    let end = Number.NEGATIVE_INFINITY;
    for (const segment of this.offsets.segments(...this.utcWindowAround(day))) {
      if (segment.from + segment.offset < nextMidnight)
        end = Math.max(end, Math.min(segment.to, nextMidnight - segment.offset));
    }
    return end;
  }

  /**
   * Close of business on the n-th business day after the day of `t` (the day
   * of receipt is day 0): "by the end of the third business day after receipt".
   */
  endOfNthBusinessDay(t: EpochSeconds, n: number, options: EndOfNthBusinessDayOptions = {}): EpochSeconds {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive whole number: ${n}`);
    let day = this.localDayOf(t);
    if (options.receivedAfterCloseCountsAsNextDay) {
      const close = this.closeOfBusiness(day);
      if (close === null || t >= close) day = this.nextBusinessDay(day);
    }
    for (let counted = 0; counted < n; counted++) day = this.nextBusinessDay(day);
    return this.closeOfBusiness(day) as EpochSeconds;
  }

  private utcWindowAround(day: DayNumber): [EpochSeconds, EpochSeconds] {
    return [day * SECONDS_PER_DAY - ZONE_MARGIN, (day + 1) * SECONDS_PER_DAY + ZONE_MARGIN];
  }
}

export function compileCalendar(definition: CalendarDefinition): BusinessCalendar {
  return new BusinessCalendar(definition);
}
