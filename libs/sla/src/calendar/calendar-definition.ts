import { WEEKDAY_KEYS, parseIsoDate, type DayNumber, type WeekdayKey } from '../time/local-days';
import { SECONDS_PER_DAY } from '../time/instant';
import { ZoneOffsets } from './zone-offsets';

/**
 * A business calendar as written in configuration. Working hours are local
 * wall-clock intervals such as `09:00-12:00` (seconds allowed, `24:00` allowed
 * as an end); an instant is business time when its local time falls inside
 * an interval of its local date.
 */
export interface CalendarDefinition {
  id: string;
  name?: string;
  /** IANA zone the working hours are read in, e.g. `Europe/London`. */
  timeZone: string;
  /** 24×7: every second of every day counts (calendar time); no weekly hours, holidays or working days. */
  alwaysOpen?: boolean;
  week?: Partial<Record<WeekdayKey, string[]>>;
  /** Dates with no working hours. */
  holidays?: { date: string; name: string }[];
  /** Make-up working days (e.g. China's 调休 weekends); `hours` defaults to Monday's hours. */
  workingDays?: { date: string; name: string; hours?: string[] }[];
  /** The years whose holidays were curated; informational. */
  coverage?: { from: string; to: string };
  notes?: string;
}

/** Seconds from local midnight: [start, end). */
export type LocalInterval = readonly [start: number, end: number];

export interface CompiledHours {
  /** Index 0 = Monday … 6 = Sunday. */
  week: LocalInterval[][];
  exceptions: Map<DayNumber, LocalInterval[]>;
}

export interface DefinitionIssue {
  /** JSON pointer inside the calendar definition. */
  path: string;
  message: string;
}

export class CalendarDefinitionError extends Error {
  constructor(
    readonly calendarId: string,
    readonly issues: DefinitionIssue[],
  ) {
    super(`Calendar ${calendarId}: ${issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}`);
    this.name = 'CalendarDefinitionError';
  }
}

const TIME = /^([01]\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?$/;
const FULL_DAY: LocalInterval[] = [[0, SECONDS_PER_DAY]];

function parseTimeOfDay(text: string): number | null {
  const match = TIME.exec(text);
  if (!match) return null;
  const seconds = Number(match[1]) * 3_600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
  return seconds <= SECONDS_PER_DAY ? seconds : null;
}

/** Parses `HH:MM[:SS]-HH:MM[:SS]` lists into sorted, non-overlapping intervals, reporting what is wrong. */
function parseHours(texts: readonly string[], path: string, issues: DefinitionIssue[]): LocalInterval[] {
  const intervals: LocalInterval[] = [];
  texts.forEach((text, index) => {
    const [startText, endText, ...rest] = text.split('-').map((part) => part.trim());
    const start = parseTimeOfDay(startText ?? '');
    const end = parseTimeOfDay(endText ?? '');
    if (rest.length > 0 || start === null || end === null) {
      issues.push({ path: `${path}/${index}`, message: `"${text}" is not an interval like 09:00-17:30` });
    } else if (start >= end || start === SECONDS_PER_DAY) {
      issues.push({ path: `${path}/${index}`, message: `"${text}" must end after it starts (use 24:00 for midnight)` });
    } else {
      intervals.push([start, end]);
    }
  });
  intervals.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < intervals.length; i++) {
    if (intervals[i][0] < intervals[i - 1][1]) {
      issues.push({ path, message: 'working intervals overlap' });
      break;
    }
  }
  return intervals;
}

function parseDate(text: string, path: string, issues: DefinitionIssue[]): DayNumber | null {
  const day = parseIsoDate(text);
  if (day === null) issues.push({ path, message: `"${text}" is not a date (YYYY-MM-DD)` });
  return day;
}

/** Validates a definition and turns it into day-keyed interval tables; throws CalendarDefinitionError. */
export function compileHours(definition: CalendarDefinition): CompiledHours {
  const issues: DefinitionIssue[] = [];
  if (!ZoneOffsets.isValidZone(definition.timeZone)) {
    issues.push({ path: '/timeZone', message: `"${definition.timeZone}" is not an IANA time zone` });
  }
  const week = WEEKDAY_KEYS.map((key) =>
    definition.alwaysOpen ? FULL_DAY : parseHours(definition.week?.[key] ?? [], `/week/${key}`, issues),
  );
  for (const key of ['week', 'holidays', 'workingDays'] as const) {
    if (definition.alwaysOpen && definition[key]) {
      issues.push({ path: `/${key}`, message: `an alwaysOpen calendar cannot have ${key}` });
    }
  }
  if (!definition.alwaysOpen && week.every((day) => day.length === 0)) {
    issues.push({ path: '/week', message: 'the week has no working hours' });
  }

  const exceptions = new Map<DayNumber, LocalInterval[]>();
  const holidays = new Set<DayNumber>();
  (definition.holidays ?? []).forEach((holiday, index) => {
    const day = parseDate(holiday.date, `/holidays/${index}/date`, issues);
    if (day === null) return;
    if (holidays.has(day)) issues.push({ path: `/holidays/${index}/date`, message: `${holiday.date} is listed twice` });
    holidays.add(day);
    exceptions.set(day, []);
  });
  (definition.workingDays ?? []).forEach((workingDay, index) => {
    const path = `/workingDays/${index}`;
    const day = parseDate(workingDay.date, `${path}/date`, issues);
    if (day === null) return;
    if (holidays.has(day)) issues.push({ path: `${path}/date`, message: `${workingDay.date} is also a holiday` });
    const hours = workingDay.hours ? parseHours(workingDay.hours, `${path}/hours`, issues) : week[0];
    if (hours.length === 0) issues.push({ path, message: 'a working day needs hours (Monday has none to default to)' });
    exceptions.set(day, hours);
  });

  if (issues.length > 0) throw new CalendarDefinitionError(definition.id, issues);
  return { week, exceptions };
}
