import { SECONDS_PER_DAY } from './instant';

/**
 * Local calendar dates as day numbers: the count of days from 1970-01-01 to
 * the date, independent of any time zone. Calendars key their weekly hours,
 * holidays and make-up working days by these numbers.
 */
export type DayNumber = number;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** The day number of `YYYY-MM-DD`, or null when the text is not a real date. */
export function parseIsoDate(text: string): DayNumber | null {
  const match = ISO_DATE.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const millis = Date.UTC(year, month - 1, day);
  const back = new Date(millis);
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
  return millis / (SECONDS_PER_DAY * 1_000);
}

export function formatDayNumber(day: DayNumber): string {
  return new Date(day * SECONDS_PER_DAY * 1_000).toISOString().slice(0, 10);
}

export function isoWeekdayOf(day: DayNumber): IsoWeekday {
  // Day 0, 1970-01-01, was a Thursday (ISO weekday 4).
  return (((((day + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}
