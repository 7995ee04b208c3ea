import fc from 'fast-check';
import { compileCalendar, type CalendarDefinition } from '../src';
import {
  bruteAddBusinessTime,
  bruteBusinessSecondsBetween,
  bruteIsBusinessTime,
  type Step,
} from './support/brute-force-calendar';
import { PROPERTY_ZONES, calendarCase } from './support/calendar-arbitraries';

/**
 * The business-time arithmetic against an independent brute-force reference
 * (support/brute-force-calendar.ts) over random calendars with holidays and
 * make-up days, in twelve zones, centred on every DST change of 2026-2027.
 *
 * Each case checks businessSecondsBetween over a span, addBusinessTime of a
 * duration that ends inside that span (so the reference never walks far),
 * isBusinessTime, and that the fast add and between are inverse for longer
 * durations the reference would be slow to walk.
 */
const HOUR = 3600;
const DAY = 86400;

/** Mostly spans within half a day (the reference walks them), one in eight up to a long weekend. */
const span = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: DAY / 2 }), weight: 7 },
  fc.integer({ min: 0, max: 3 * DAY }),
);

/** A plain comparison: jest's expect costs more than the arithmetic under test, 400,000 times over. */
function agree(actual: unknown, expected: unknown, what: string, definition: CalendarDefinition): void {
  if (actual !== expected) {
    throw new Error(
      `${what}: fast ${String(actual)} but reference ${String(expected)} in ${JSON.stringify(definition)}`,
    );
  }
}

/**
 * Between over [at, at + length), then add of a fraction of what the span
 * held (so the reference's walk ends inside the span). Returns the calendar.
 */
function checkSpan(definition: CalendarDefinition, step: Step, at: number, length: number, fraction: number) {
  const calendar = compileCalendar(definition);
  const inSpan = bruteBusinessSecondsBetween(definition, step, at, at + length);
  agree(calendar.businessSecondsBetween(at, at + length), inSpan, `between(${at}, +${length})`, definition);
  const duration = Math.floor(inSpan * fraction);
  const end = bruteAddBusinessTime(definition, step, at, duration);
  agree(calendar.addBusinessTime(at, duration), end, `add(${at}, ${duration})`, definition);
  return calendar;
}

describe('business-time arithmetic agrees with the brute-force reference', () => {
  it(`quarter-hour calendars: 100,000 cases over ${PROPERTY_ZONES.length} zones`, () => {
    fc.assert(
      fc.property(
        calendarCase(900),
        span,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 3 * DAY }),
        ({ definition, at }, length, fraction, longDuration) => {
          const calendar = checkSpan(definition, 'blocks', at, length, fraction);
          agree(calendar.isBusinessTime(at), bruteIsBusinessTime(definition, at), `isBusinessTime(${at})`, definition);
          const far = calendar.addBusinessTime(at, longDuration);
          agree(
            calendar.businessSecondsBetween(at, far),
            longDuration,
            `between(add(${at}, ${longDuration}))`,
            definition,
          );
        },
      ),
      { seed: 20260105, numRuns: 100_000 },
    );
  });

  it('boundaries at arbitrary seconds, stepped second by second: 2,000 cases', () => {
    fc.assert(
      fc.property(
        calendarCase(1),
        fc.integer({ min: 0, max: 2 * HOUR }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ definition, at }, length, fraction) => {
          checkSpan(definition, 'seconds', at, length, fraction);
        },
      ),
      { seed: 20260106, numRuns: 2_000 },
    );
  });
});
