import type { CalendarDefinition } from '../../src';

/**
 * An independent reference for business-time arithmetic, for the property
 * tests. It shares nothing with the fast implementation but the definition:
 * no luxon, no offset segments, no day numbers. It asks Intl directly for
 * the local date, weekday and time of an instant and checks the definition's
 * strings against them, stepping through time instead of computing.
 *
 * Two step sizes:
 * - `blocks`: 15-minute UTC blocks. Valid when every working-hours boundary
 *   lies on a quarter hour, since every zone under test has offsets and
 *   transitions on quarter hours; then business-ness is constant inside a
 *   block (asserted on every block: the local clock must advance 899 s).
 * - `seconds`: second by second, with the local time of each second derived
 *   from its block's Intl reading; for boundaries at arbitrary seconds.
 */
const BLOCK = 900;
const WEEKDAYS = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' } as const;

interface LocalReading {
  date: string;
  weekday: (typeof WEEKDAYS)[keyof typeof WEEKDAYS];
  secondOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const blockReadings = new Map<string, ZoneReadings>();

function readIntl(timeZone: string, t: number): LocalReading {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(new Date(t * 1000))) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS[parts.weekday as keyof typeof WEEKDAYS],
    secondOfDay: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second),
  };
}

function readingsOf(timeZone: string): ZoneReadings {
  let readings = blockReadings.get(timeZone);
  if (!readings) blockReadings.set(timeZone, (readings = { raw: new Map(), checked: new Map() }));
  return readings;
}

/** The local wall clock as seconds on a naive timeline, to compare two readings. */
function wallSeconds(reading: LocalReading): number {
  const [year, month, day] = reading.date.split('-').map(Number);
  return Date.UTC(year, month - 1, day) / 1000 + reading.secondOfDay;
}

interface ZoneReadings {
  raw: Map<number, LocalReading>;
  checked: Map<number, LocalReading>;
}

function readBlock(zone: ZoneReadings, timeZone: string, block: number): LocalReading {
  let reading = zone.raw.get(block);
  if (!reading) zone.raw.set(block, (reading = readIntl(timeZone, block * BLOCK)));
  return reading;
}

/**
 * The local reading at the start of a block, checked (once) to hold for the
 * whole block: the wall clock must advance exactly 900 s to the next block
 * or, when it does not (an offset change at the block boundary), 899 s to the
 * block's last second.
 */
function blockReading(zone: ZoneReadings, timeZone: string, block: number): LocalReading {
  const known = zone.checked.get(block);
  if (known) return known;
  const reading = readBlock(zone, timeZone, block);
  if (wallSeconds(readBlock(zone, timeZone, block + 1)) - wallSeconds(reading) !== BLOCK) {
    const last = readIntl(timeZone, block * BLOCK + BLOCK - 1);
    if (wallSeconds(last) - wallSeconds(reading) !== BLOCK - 1) {
      throw new Error(`${timeZone}: the offset changes inside block ${block}; the reference cannot step by blocks`);
    }
  }
  zone.checked.set(block, reading);
  return reading;
}

function toSeconds(text: string): number {
  const [h, m, s] = text.split(':').map(Number);
  return h * 3600 + m * 60 + (s ?? 0);
}

/** The working intervals of a local reading's date: a plain lookup in the definition's strings. */
function hoursFor(definition: CalendarDefinition, local: LocalReading): number[][] {
  if (definition.alwaysOpen) return [[0, 86400]];
  if (definition.holidays?.some((h) => h.date === local.date)) return [];
  const makeUp = definition.workingDays?.find((w) => w.date === local.date);
  const hours = makeUp ? (makeUp.hours ?? definition.week?.mon ?? []) : (definition.week?.[local.weekday] ?? []);
  return hours.map((interval) => interval.split('-').map(toSeconds));
}

function contains(hours: number[][], secondOfDay: number): boolean {
  for (const [start, end] of hours) if (start <= secondOfDay && secondOfDay < end) return true;
  return false;
}

export type Step = 'blocks' | 'seconds';

/** Business-ness of each second in [from, to) as runs: calls `visit(runStart, runEnd, working)` in order. */
function walk(
  definition: CalendarDefinition,
  step: Step,
  from: number,
  limit: number,
  visit: (start: number, end: number, working: boolean) => boolean,
): void {
  const readings = readingsOf(definition.timeZone);
  let date = '';
  let hours: number[][] = [];
  for (let block = Math.floor(from / BLOCK); block * BLOCK < limit; block++) {
    const reading = blockReading(readings, definition.timeZone, block);
    if (reading.date !== date) [date, hours] = [reading.date, hoursFor(definition, reading)];
    const start = Math.max(from, block * BLOCK);
    const end = Math.min(limit, block * BLOCK + BLOCK);
    if (step === 'blocks') {
      if (visit(start, end, contains(hours, reading.secondOfDay))) return;
      continue;
    }
    for (let t = start; t < end; t++) {
      if (visit(t, t + 1, contains(hours, reading.secondOfDay + (t - block * BLOCK)))) return;
    }
  }
}

export function bruteBusinessSecondsBetween(definition: CalendarDefinition, step: Step, a: number, b: number): number {
  let total = 0;
  walk(definition, step, a, b, (start, end, working) => {
    if (working) total += end - start;
    return false;
  });
  return total;
}

export function bruteAddBusinessTime(
  definition: CalendarDefinition,
  step: Step,
  start: number,
  seconds: number,
): number {
  if (seconds === 0) return start;
  let remaining = seconds;
  let result: number | null = null;
  walk(definition, step, start, start + 400 * 86400, (from, to, working) => {
    if (!working) return false;
    if (remaining <= to - from) {
      result = from + remaining;
      return true;
    }
    remaining -= to - from;
    return false;
  });
  if (result === null) throw new Error('brute force: no working time within 400 days');
  return result;
}

export function bruteIsBusinessTime(definition: CalendarDefinition, t: number): boolean {
  const block = Math.floor(t / BLOCK);
  const reading = blockReading(readingsOf(definition.timeZone), definition.timeZone, block);
  return contains(hoursFor(definition, reading), reading.secondOfDay + (t - block * BLOCK));
}
