import { DateTime } from 'luxon';

/**
 * The reporting windows of issue 6: trailing 7, 30 and 90 days and the
 * calendar week (ISO, Monday first), month and quarter
 * (regulation-and-helpdesks.md §4.3 rule 2; complaint guide §7.2 "定期" and
 * the quarter-end comparison of §4.5). Windows are whole local days in the
 * reporting time zone, and include the day of `asOf` so far.
 */
export const WINDOW_KINDS = ['trailing-7d', 'trailing-30d', 'trailing-90d', 'week', 'month', 'quarter'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];

export interface ReportingWindow {
  kind: WindowKind;
  /** First local day, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last local day, inclusive (YYYY-MM-DD). */
  to: string;
  /** e.g. "2026-W46", "2026-11", "2026-Q4", "trailing 30 days to 2026-11-10". */
  label: string;
  timeZone: string;
}

/** An instant written in UTC the way `toISOString` writes it: its first ten characters are its UTC day. */
const UTC_ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** The local day of an instant in a zone; a plain slice for UTC, which is what rebuilds mostly pay for. */
export function localDay(instant: string, timeZone: string): string {
  if (timeZone === 'UTC') {
    return UTC_ISO_INSTANT.test(instant) ? instant.slice(0, 10) : new Date(instant).toISOString().slice(0, 10);
  }
  return DateTime.fromMillis(Date.parse(instant), { zone: timeZone }).toISODate() as string;
}

/** The window of `kind` that contains `asOf`. */
export function resolveWindow(kind: WindowKind, asOf: Date, timeZone: string): ReportingWindow {
  const day = DateTime.fromJSDate(asOf, { zone: timeZone }).startOf('day');
  if (!day.isValid) throw new RangeError(`unknown time zone ${timeZone}`);
  const trailing = /^trailing-(\d+)d$/.exec(kind);
  if (trailing) {
    const days = Number(trailing[1]);
    return build(kind, day.minus({ days: days - 1 }), day, `trailing ${days} days to ${day.toISODate()}`, timeZone);
  }
  const unit = kind as 'week' | 'month' | 'quarter';
  const start = day.startOf(unit);
  return build(kind, start, start.endOf(unit), periodLabel(unit, start), timeZone);
}

/** The window just before `window`, of the same kind and length: for period-over-period comparisons (REQ-35). */
export function previousWindow(window: ReportingWindow): ReportingWindow {
  // The day before this window lies in the previous calendar period, and ends the previous trailing window.
  const dayBefore = DateTime.fromISO(window.from, { zone: window.timeZone }).minus({ days: 1 });
  return resolveWindow(window.kind, dayBefore.toJSDate(), window.timeZone);
}

/** The window as UTC instants [start, end): for queries over timestamps rather than local days. */
export function windowInstants(window: ReportingWindow): { start: string; end: string } {
  const from = DateTime.fromISO(window.from, { zone: window.timeZone });
  const to = DateTime.fromISO(window.to, { zone: window.timeZone }).plus({ days: 1 });
  return { start: from.toUTC().toISO() as string, end: to.toUTC().toISO() as string };
}

function build(kind: WindowKind, from: DateTime, to: DateTime, label: string, timeZone: string): ReportingWindow {
  return { kind, from: from.toISODate() as string, to: to.toISODate() as string, label, timeZone };
}

function periodLabel(unit: 'week' | 'month' | 'quarter', start: DateTime): string {
  if (unit === 'week') return `${start.weekYear}-W${String(start.weekNumber).padStart(2, '0')}`;
  if (unit === 'month') return start.toFormat('yyyy-MM');
  return `${start.year}-Q${start.quarter}`;
}
