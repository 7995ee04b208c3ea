import { localDay, previousWindow, resolveWindow, windowInstants } from '../src';

const at = (iso: string) => new Date(iso);

describe('reporting windows', () => {
  it('trailing windows are N whole local days ending with the day of asOf', () => {
    expect(resolveWindow('trailing-7d', at('2026-11-10T20:00:00Z'), 'UTC')).toEqual({
      kind: 'trailing-7d',
      from: '2026-11-04',
      to: '2026-11-10',
      label: 'trailing 7 days to 2026-11-10',
      timeZone: 'UTC',
    });
    expect(resolveWindow('trailing-90d', at('2026-03-31T00:00:00Z'), 'UTC')).toMatchObject({ from: '2026-01-01' });
  });

  it('takes the local day in the reporting zone: 20:00 UTC is already the next day in Shanghai', () => {
    expect(resolveWindow('trailing-7d', at('2026-11-10T20:00:00Z'), 'Asia/Shanghai')).toMatchObject({
      from: '2026-11-05',
      to: '2026-11-11',
    });
    expect(localDay('2026-11-10T20:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-11');
    expect(localDay('2026-11-10T20:00:00.000Z', 'UTC')).toBe('2026-11-10');
  });

  it('calendar weeks are ISO weeks (Monday first), also across a year end', () => {
    // 2027-01-01 is a Friday in ISO week 2026-W53 (2026-12-28 … 2027-01-03)
    expect(resolveWindow('week', at('2027-01-01T12:00:00Z'), 'UTC')).toMatchObject({
      from: '2026-12-28',
      to: '2027-01-03',
      label: '2026-W53',
    });
  });

  it('calendar months and quarters', () => {
    expect(resolveWindow('month', at('2028-02-15T00:00:00Z'), 'UTC')).toMatchObject({
      from: '2028-02-01',
      to: '2028-02-29',
      label: '2028-02',
    });
    expect(resolveWindow('quarter', at('2026-11-15T00:00:00Z'), 'UTC')).toMatchObject({
      from: '2026-10-01',
      to: '2026-12-31',
      label: '2026-Q4',
    });
  });

  it('the previous window has the same kind and length, just before', () => {
    const march = resolveWindow('month', at('2026-03-15T00:00:00Z'), 'UTC');
    expect(previousWindow(march)).toMatchObject({ from: '2026-02-01', to: '2026-02-28', label: '2026-02' });
    const q1 = resolveWindow('quarter', at('2026-02-01T00:00:00Z'), 'UTC');
    expect(previousWindow(q1)).toMatchObject({ from: '2025-10-01', to: '2025-12-31', label: '2025-Q4' });
    const trailing = resolveWindow('trailing-30d', at('2026-11-30T00:00:00Z'), 'UTC');
    expect(previousWindow(trailing)).toMatchObject({ from: '2026-10-02', to: '2026-10-31' });
  });

  it('turns local days into UTC instants for timestamp queries', () => {
    const november = resolveWindow('month', at('2026-11-15T00:00:00Z'), 'Asia/Shanghai');
    expect(windowInstants(november)).toEqual({ start: '2026-10-31T16:00:00.000Z', end: '2026-11-30T16:00:00.000Z' });
  });

  it('refuses an unknown time zone', () => {
    expect(() => resolveWindow('month', at('2026-11-15T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });
});
