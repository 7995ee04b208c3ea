import fc from 'fast-check';
import { WEEKDAY_KEYS, type CalendarDefinition } from '../../src';

/**
 * Zones for the property tests: DST in both hemispheres, half-hour and
 * 45-minute offsets, a half-hour DST shift, and zones without DST.
 */
export const PROPERTY_ZONES = [
  'Europe/London',
  'America/New_York',
  'Australia/Sydney',
  'America/Santiago',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'Australia/Adelaide',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Shanghai',
] as const;

const DAY = 86400;
const ORDINARY_ANCHORS = ['2026-01-15', '2026-07-20', '2027-02-05'].map(
  (date) => Date.parse(`${date}T12:00:00Z`) / 1000,
);

/** Noon-UTC instants of the days on which a zone's offset changes in 2026-2027, found with Intl alone. */
function transitionDays(timeZone: string): number[] {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const offsetAt = (t: number) => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(t * 1000))) p[part.type] = Number(part.value);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) / 1000 - t;
  };
  const days: number[] = [];
  const start = Date.UTC(2026, 0, 1, 12) / 1000;
  let previous = offsetAt(start);
  for (let t = start + DAY; t < Date.UTC(2028, 0, 1) / 1000; t += DAY) {
    const offset = offsetAt(t);
    if (offset !== previous) days.push(t - DAY / 2);
    previous = offset;
  }
  return days;
}

const anchorsByZone = new Map<string, number[]>();
/**
 * Where cases are centred: every DST change of the zone in 2026-2027, plus
 * ordinary days. Few anchors keep the reference's Intl readings reusable.
 */
export function anchorsFor(timeZone: string): number[] {
  let anchors = anchorsByZone.get(timeZone);
  if (!anchors) anchorsByZone.set(timeZone, (anchors = [...transitionDays(timeZone), ...ORDINARY_ANCHORS]));
  return anchors;
}

function hhmmss(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const s = seconds % 60;
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}${s ? `:${pad(s)}` : ''}`;
}

/** The 97 quarter hours 00:00 … 24:00, formatted once (generation is the hot path of the property test). */
const QUARTER_HOURS = Array.from({ length: 97 }, (_, i) => hhmmss(i * 900));
const timeText = (seconds: number) => (seconds % 900 === 0 ? QUARTER_HOURS[seconds / 900] : hhmmss(seconds));

/**
 * A day's working hours from up to six boundary points (multiples of `grain`
 * seconds; 900 gives quarter hours): sorted, deduplicated, paired up.
 */
function dayHours(points: readonly number[], grain: number): string[] {
  const sorted = [...new Set(points)].sort((a, b) => a - b);
  const intervals: string[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) {
    intervals.push(`${timeText(sorted[i] * grain)}-${timeText(sorted[i + 1] * grain)}`);
  }
  return intervals;
}

function isoDate(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 10);
}

export interface CalendarCase {
  definition: CalendarDefinition;
  /** A second near one of the zone's anchors. */
  at: number;
}

/**
 * A random calendar in a random zone with holidays and make-up working days
 * near a random anchor, and an instant near that anchor.
 */
export function calendarCase(grain: number): fc.Arbitrary<CalendarCase> {
  const point = fc.integer({ min: 0, max: DAY / grain });
  // Flat arrays generate much faster than nested records: 7 days × up to 6 points, then the make-up day's.
  const dayPoints = fc.array(fc.array(point, { maxLength: 6 }), { minLength: 8, maxLength: 8 });
  const dayShifts = (max: number) => fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: max });
  return fc
    .tuple(fc.nat(), fc.nat(), fc.integer({ min: -3 * DAY, max: 3 * DAY }), dayPoints, dayShifts(3), dayShifts(2))
    .map(([zonePick, anchorPick, shift, points, holidayShifts, workingDayShifts]) => {
      const timeZone = PROPERTY_ZONES[zonePick % PROPERTY_ZONES.length];
      const anchors = anchorsFor(timeZone);
      const anchor = anchors[anchorPick % anchors.length];
      const week = WEEKDAY_KEYS.map((_, i) => dayHours(points[i], grain));
      const workingDayHours = dayHours(points[7], grain);
      const holidayDays = [...new Set(holidayShifts)];
      const definition: CalendarDefinition = {
        id: 'random',
        timeZone,
        week: Object.fromEntries(WEEKDAY_KEYS.map((key, i) => [key, week[i]])),
        holidays: holidayDays.map((d) => ({ date: isoDate(anchor + d * DAY), name: `holiday ${d}` })),
        // A make-up day without its own hours borrows Monday's; with neither there is none.
        workingDays: [...new Set(workingDayShifts)]
          .filter((d) => !holidayDays.includes(d) && (workingDayHours.length > 0 || week[0].length > 0))
          .map((d) => ({
            date: isoDate(anchor + d * DAY),
            name: `make-up ${d}`,
            ...(workingDayHours.length > 0 ? { hours: workingDayHours } : {}),
          })),
      };
      return { definition, at: anchor + shift };
    })
    .filter(({ definition }) => Object.values(definition.week ?? {}).some((day) => day.length > 0));
}
