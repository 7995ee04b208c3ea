import { IANAZone } from 'luxon';
import { SECONDS_PER_DAY, type EpochSeconds } from '../time/instant';

/** A stretch of UTC time, [from, to), over which a zone's UTC offset does not change. */
export interface OffsetSegment {
  from: EpochSeconds;
  to: EpochSeconds;
  /** Local wall-clock time minus UTC, in seconds. */
  offset: number;
}

/** One UTC year of a zone: the instants where a new offset begins, and that offset. */
interface YearTable {
  from: EpochSeconds;
  to: EpochSeconds;
  starts: EpochSeconds[];
  offsets: number[];
}

/**
 * A zone's UTC-offset history, split into constant-offset segments. Business
 * time is computed segment by segment: inside a segment local time is UTC
 * plus a constant, so working hours map to UTC by plain subtraction, and a
 * DST change is just a segment boundary (the skipped hour never occurs, the
 * repeated hour occurs twice).
 *
 * Luxon (ICU's tz data) has no API listing transitions, so each UTC year is
 * sampled once a day and every change is pinned to the second by bisection.
 * That assumes no zone changes its offset twice within 24 hours, which holds
 * for every zone in the current tz database.
 */
export class ZoneOffsets {
  private static readonly cache = new Map<string, ZoneOffsets>();
  private readonly years = new Map<number, YearTable>();
  private readonly zone: IANAZone;

  private constructor(readonly timeZone: string) {
    this.zone = IANAZone.create(timeZone);
  }

  static isValidZone(timeZone: string): boolean {
    // Luxon's check builds an Intl formatter each time; a cached zone is known valid.
    return ZoneOffsets.cache.has(timeZone) || IANAZone.isValidZone(timeZone);
  }

  /** Shared per zone: the tables are immutable facts about the zone. */
  static of(timeZone: string): ZoneOffsets {
    let offsets = ZoneOffsets.cache.get(timeZone);
    if (!offsets) {
      if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`Unknown IANA time zone: ${timeZone}`);
      offsets = new ZoneOffsets(timeZone);
      ZoneOffsets.cache.set(timeZone, offsets);
    }
    return offsets;
  }

  offsetAt(t: EpochSeconds): number {
    return this.segmentAt(t).offset;
  }

  segmentAt(t: EpochSeconds): OffsetSegment {
    const table = this.yearTable(new Date(t * 1_000).getUTCFullYear());
    const { starts, offsets } = table;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return { from: starts[lo], to: lo + 1 < starts.length ? starts[lo + 1] : table.to, offset: offsets[lo] };
  }

  /** The constant-offset segments covering [from, to), clipped to that range. */
  *segments(from: EpochSeconds, to: EpochSeconds): Generator<OffsetSegment> {
    let cursor = from;
    while (cursor < to) {
      const segment = this.segmentAt(cursor);
      const end = Math.min(segment.to, to);
      yield { from: cursor, to: end, offset: segment.offset };
      cursor = end;
    }
  }

  private rawOffset(t: EpochSeconds): number {
    return Math.round(this.zone.offset(t * 1_000) * 60);
  }

  private yearTable(year: number): YearTable {
    let table = this.years.get(year);
    if (!table) {
      table = this.buildYear(year);
      this.years.set(year, table);
    }
    return table;
  }

  private buildYear(year: number): YearTable {
    const from = Date.UTC(year, 0, 1) / 1_000;
    const to = Date.UTC(year + 1, 0, 1) / 1_000;
    const starts = [from];
    const offsets = [this.rawOffset(from)];
    let previous = from;
    let previousOffset = offsets[0];
    for (let sample = from + SECONDS_PER_DAY; previous < to - 1; sample += SECONDS_PER_DAY) {
      const probe = Math.min(sample, to - 1);
      const offset = this.rawOffset(probe);
      if (offset !== previousOffset) {
        starts.push(this.firstSecondWithNewOffset(previous, probe, previousOffset));
        offsets.push(offset);
        previousOffset = offset;
      }
      previous = probe;
    }
    return { from, to, starts, offsets };
  }

  /** Bisects (before, after] for the first second whose offset differs from `before`'s. */
  private firstSecondWithNewOffset(before: EpochSeconds, after: EpochSeconds, oldOffset: number): EpochSeconds {
    let lo = before;
    let hi = after;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.rawOffset(mid) === oldOffset) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}
