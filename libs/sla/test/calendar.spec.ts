import {
  CalendarDefinitionError,
  compileCalendar,
  parseIsoDate,
  toEpochSeconds,
  toIsoInstant,
  type CalendarDefinition,
} from '../src';

/** Fixtures for the cases that break business-time code: weekends, DST both ways, holidays on DST days, 24:00, make-up days. */
const weekdays = (hours: string[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });
const everyDay = (hours: string[]) => ({ ...weekdays(hours), sat: hours, sun: hours });

const CALENDARS = {
  office: { id: 'office', timeZone: 'Europe/London', week: weekdays(['09:00-17:00']) },
  /** A night shift across London's 01:00 DST changes. */
  night: { id: 'night', timeZone: 'Europe/London', week: everyDay(['00:30-03:30']) },
  nightHolidayOnDstDay: {
    id: 'night-holiday',
    timeZone: 'Europe/London',
    week: everyDay(['00:30-03:30']),
    holidays: [{ date: '2026-10-25', name: 'holiday on the fall-back day' }],
  },
  lateFriday: { id: 'late', timeZone: 'Europe/London', week: { fri: ['18:00-24:00'], sat: ['00:00-02:00'] } },
  china: {
    id: 'cn',
    timeZone: 'Asia/Shanghai',
    week: weekdays(['09:00-12:00', '13:00-18:00']),
    holidays: ['2026-02-16', '2026-02-17'].map((date) => ({ date, name: 'Spring Festival' })),
    workingDays: [{ date: '2026-02-14', name: '调休上班' }],
  },
  santiago: { id: 'cl', timeZone: 'America/Santiago', alwaysOpen: true },
  london24x7: { id: 'uk-24x7', timeZone: 'Europe/London', alwaysOpen: true },
} satisfies Record<string, CalendarDefinition>;
type CalendarName = keyof typeof CALENDARS;

const t = (instant: string) => toEpochSeconds(instant);
const H = 3600;

describe('business calendar fixtures', () => {
  const between: [string, CalendarName, string, string, number][] = [
    ['a weekend holds no business time', 'office', '2026-03-06T16:00:00Z', '2026-03-09T10:00:00Z', 2 * H],
    ['spring forward: 00:30-03:30 holds two hours', 'night', '2026-03-28T23:00:00Z', '2026-03-29T04:00:00Z', 2 * H],
    ['fall back: 00:30-03:30 holds four hours', 'night', '2026-10-24T23:00:00Z', '2026-10-25T04:00:00Z', 4 * H],
    [
      'a holiday on the fall-back day holds none',
      'nightHolidayOnDstDay',
      '2026-10-24T23:00:00Z',
      '2026-10-25T04:00:00Z',
      0,
    ],
    [
      '24:00 joins Friday night to Saturday morning',
      'lateFriday',
      '2026-03-06T23:00:00Z',
      '2026-03-07T01:00:00Z',
      2 * H,
    ],
    [
      'a make-up Saturday works, the Spring Festival does not',
      'china',
      '2026-02-13T09:00:00+08:00',
      '2026-02-18T00:00:00+08:00',
      16 * H,
    ],
    [
      '24x7 on the spring-forward day: 23 hours from midnight to midnight',
      'london24x7',
      '2026-03-29T00:00:00Z',
      '2026-03-29T23:00:00Z',
      23 * H,
    ],
    ['reversed bounds give a negative amount', 'office', '2026-03-09T10:00:00Z', '2026-03-09T09:00:00Z', -H],
  ];
  it.each(between)('businessSecondsBetween: %s', (_, name, from, to, expected) => {
    expect(compileCalendar(CALENDARS[name]).businessSecondsBetween(t(from), t(to))).toBe(expected);
  });

  const add: [string, CalendarName, string, number, string][] = [
    ['Friday after close rolls to Monday', 'office', '2026-03-06T18:00:00Z', H, '2026-03-09T10:00:00.000Z'],
    [
      'eight hours from 09:00 end at 17:00 the same day',
      'office',
      '2026-03-09T09:00:00Z',
      8 * H,
      '2026-03-09T17:00:00.000Z',
    ],
    ['zero from outside business hours stays put', 'office', '2026-03-07T12:00:00Z', 0, '2026-03-07T12:00:00.000Z'],
    ['across the spring-forward gap', 'night', '2026-03-29T00:30:00Z', H, '2026-03-29T01:30:00.000Z'],
    ['through the repeated hour of fall back', 'night', '2026-10-24T23:30:00Z', 3 * H, '2026-10-25T02:30:00.000Z'],
    ['past 24:00 into Saturday', 'lateFriday', '2026-03-06T20:00:00Z', 5 * H, '2026-03-07T01:00:00.000Z'],
    ['over the Spring Festival', 'china', '2026-02-15T12:00:00+08:00', 9 * H, '2026-02-19T02:00:00.000Z'],
  ];
  it.each(add)('addBusinessTime: %s', (_, name, start, seconds, expected) => {
    expect(toIsoInstant(compileCalendar(CALENDARS[name]).addBusinessTime(t(start), seconds))).toBe(expected);
  });

  const nthDay: [string, string, number, boolean, string][] = [
    ['Monday morning, third business day', '2026-03-02T10:00:00Z', 3, false, '2026-03-05T17:00:00.000Z'],
    ['Monday after close, receipt day kept', '2026-03-02T18:00:00Z', 3, false, '2026-03-05T17:00:00.000Z'],
    ['Monday after close, counted from Tuesday', '2026-03-02T18:00:00Z', 3, true, '2026-03-06T17:00:00.000Z'],
    ['Saturday, counted from Monday', '2026-03-07T11:00:00Z', 3, true, '2026-03-12T17:00:00.000Z'],
    ['Saturday, receipt day kept', '2026-03-07T11:00:00Z', 3, false, '2026-03-11T17:00:00.000Z'],
  ];
  it.each(nthDay)('endOfNthBusinessDay: %s', (_, start, n, afterClose, expected) => {
    const office = compileCalendar(CALENDARS.office);
    expect(
      toIsoInstant(office.endOfNthBusinessDay(t(start), n, { receivedAfterCloseCountsAsNextDay: afterClose })),
    ).toBe(expected);
  });

  const dayEnds: [string, CalendarName, string, string][] = [
    ['an ordinary London day ends at local midnight', 'london24x7', '2026-03-02', '2026-03-03T00:00:00.000Z'],
    [
      'Santiago falls back at midnight: the day ends after the repeated hour',
      'santiago',
      '2026-04-04',
      '2026-04-05T04:00:00.000Z',
    ],
    [
      'Santiago springs forward at midnight: the day ends where 01:00 begins',
      'santiago',
      '2026-09-05',
      '2026-09-06T04:00:00.000Z',
    ],
  ];
  it.each(dayEnds)('endOfLocalDay: %s', (_, name, date, expected) => {
    expect(toIsoInstant(compileCalendar(CALENDARS[name]).endOfLocalDay(parseIsoDate(date) as number))).toBe(expected);
  });

  it('knows business days, close of business and the last business second', () => {
    const china = compileCalendar(CALENDARS.china);
    expect([
      china.isBusinessDay('2026-02-14'),
      china.isBusinessDay('2026-02-15'),
      china.isBusinessDay('2026-02-16'),
    ]).toEqual([true, false, false]);
    expect(toIsoInstant(china.closeOfBusiness(parseIsoDate('2026-02-14') as number) as number)).toBe(
      '2026-02-14T10:00:00.000Z',
    );
    expect(china.closeOfBusiness(parseIsoDate('2026-02-15') as number)).toBeNull();
    const office = compileCalendar(CALENDARS.office);
    expect([
      office.isBusinessTime(t('2026-03-09T16:59:59Z')),
      office.isBusinessTime(t('2026-03-09T17:00:00Z')),
    ]).toEqual([true, false]);
  });

  const invalid: [string, Partial<CalendarDefinition>, string][] = [
    ['an unknown zone', { timeZone: 'Mars/Olympus' }, '/timeZone: "Mars/Olympus" is not an IANA time zone'],
    ['overlapping hours', { week: { mon: ['09:00-12:00', '11:00-13:00'] } }, '/week/mon: working intervals overlap'],
    [
      'hours ending before they start',
      { week: { mon: ['17:00-09:00'] } },
      '/week/mon/0: "17:00-09:00" must end after it starts',
    ],
    ['a week without hours', { week: {} }, '/week: the week has no working hours'],
    [
      'a 24x7 calendar with holidays',
      { alwaysOpen: true, week: undefined, holidays: [{ date: '2026-01-01', name: 'x' }] },
      '/holidays: an alwaysOpen calendar cannot have holidays',
    ],
    [
      'a date that does not exist',
      { holidays: [{ date: '2026-02-30', name: 'x' }] },
      '/holidays/0/date: "2026-02-30" is not a date',
    ],
    [
      'a holiday that is also a working day',
      { holidays: [{ date: '2026-01-03', name: 'x' }], workingDays: [{ date: '2026-01-03', name: 'y' }] },
      '/workingDays/0/date: 2026-01-03 is also a holiday',
    ],
  ];
  it.each(invalid)('rejects %s', (_, change, message) => {
    const definition = { ...CALENDARS.office, ...change } as CalendarDefinition;
    expect(() => compileCalendar(definition)).toThrow(CalendarDefinitionError);
    expect(() => compileCalendar(definition)).toThrow(message);
  });
});
