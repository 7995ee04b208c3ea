import type { SqlExecutor } from '@redress/event-store';
import { resolveWindow, type ReportingWindow, type WindowKind } from './reporting-window';
import { ALL_SEGMENT, SATISFACTION_COUNTERS, type SatisfactionSegmentDimension } from './satisfaction-counters';
import { satisfactionFigures, type Figure, type SatisfactionFigures } from './satisfaction-figures';
import { satisfactionSettings, type SatisfactionSettings } from './satisfaction-settings';
import { SATISFACTION_TABLES } from './satisfaction-tables';

export interface SatisfactionQuery {
  window: WindowKind;
  /** Any instant inside the window wanted; defaults to now. */
  asOf?: Date;
  /** Break the figures down by this dimension; absent: one group for everything. */
  segment?: SatisfactionSegmentDimension;
  /** Only this segment value (with `segment`). */
  value?: string;
}

export interface SatisfactionGroup {
  /** null for the total; `value` null for responses without a value on that dimension (e.g. customer surveys by category). */
  segment: { dimension: SatisfactionSegmentDimension; value: string | null } | null;
  figures: SatisfactionFigures;
}

export interface SatisfactionReport {
  window: ReportingWindow;
  segmentBy: SatisfactionSegmentDimension | null;
  groups: SatisfactionGroup[];
}

const SUMS = SATISFACTION_COUNTERS.map((name) => `sum(${name})::float8 AS ${name}`).join(', ');

/**
 * Reads the satisfaction read model: one index range scan per request (the
 * window's days of one dimension), summed per segment value, then the
 * formulas of satisfaction-figures.ts.
 */
export class SatisfactionQueries {
  readonly settings: SatisfactionSettings;

  constructor(
    private readonly db: SqlExecutor,
    settings: Partial<SatisfactionSettings> = {},
  ) {
    this.settings = satisfactionSettings(settings);
  }

  async report(query: SatisfactionQuery): Promise<SatisfactionReport> {
    const window = resolveWindow(query.window, query.asOf ?? new Date(), this.settings.timeZone);
    return this.reportFor(window, query.segment, query.value);
  }

  /** The figures of an already resolved window (e.g. the previous period, for a comparison). */
  async reportFor(
    window: ReportingWindow,
    segment?: SatisfactionSegmentDimension,
    value?: string,
  ): Promise<SatisfactionReport> {
    const params: unknown[] = [segment ?? ALL_SEGMENT, window.from, window.to];
    const onlyValue = segment && value !== undefined ? `AND value = $${params.push(value)}` : '';
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT value, ${SUMS} FROM ${SATISFACTION_TABLES.daily}
       WHERE dimension = $1 AND day BETWEEN $2::date AND $3::date ${onlyValue}
       GROUP BY value ORDER BY value`,
      params,
    );
    const groups = rows.map((row) => ({
      segment: segment ? { dimension: segment, value: row.value === '' ? null : String(row.value) } : null,
      figures: satisfactionFigures(
        SATISFACTION_COUNTERS.map((name) => Number(row[name])),
        this.settings,
      ),
    }));
    if (!segment && groups.length === 0) {
      // No survey in the window: the total still answers, with n = 0 everywhere.
      groups.push({
        segment: null,
        figures: satisfactionFigures(
          SATISFACTION_COUNTERS.map(() => 0),
          this.settings,
        ),
      });
    }
    return { window, segmentBy: segment ?? null, groups };
  }
}

/** One line per figure of a report, for tabular exports (CSV). */
export interface SatisfactionFigureLine {
  window: string;
  from: string;
  to: string;
  segment: string;
  segmentValue: string | null;
  figure: string;
  value: number | null;
  n: number;
  ci95Low: number | null;
  ci95High: number | null;
  responseRate: number | null;
  minimumN: number;
  lowSample: boolean;
}

export function satisfactionFigureLines(report: SatisfactionReport): SatisfactionFigureLine[] {
  return report.groups.flatMap((group) => {
    const { dimensions, responses: _responses, ...indices } = group.figures;
    const named: [string, Figure][] = [
      ...Object.entries(indices),
      ...Object.entries(dimensions).map(([name, figure]) => [`dimension.${name}`, figure] as [string, Figure]),
    ];
    return named.map(([name, figure]) => ({
      window: report.window.label,
      from: report.window.from,
      to: report.window.to,
      segment: group.segment?.dimension ?? 'all',
      segmentValue: group.segment?.value ?? null,
      figure: name,
      value: figure.value,
      n: figure.n,
      ci95Low: figure.ci95?.low ?? null,
      ci95High: figure.ci95?.high ?? null,
      responseRate: figure.responseRate,
      minimumN: figure.minimumN,
      lowSample: figure.lowSample,
    }));
  });
}
