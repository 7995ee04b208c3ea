import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequestValidationError, validateBody } from '@redress/command-contracts';
import {
  previousWindow,
  SATISFACTION_SEGMENT_DIMENSIONS,
  type Estimate,
  type KpiReport,
  type SatisfactionReport,
} from '@redress/projections';
import { RequireCapability } from '../auth/route-access';
import { GetKpisQuery, GetSatisfactionQuery } from '../satisfaction/satisfaction.cqrs';
import { DashboardTrendsQueryDto, DEFAULT_TREND_LENGTH, DEFAULT_TREND_PERIOD } from './dashboard-trends.dto';

/** One figure of one period: the estimate's value and the sample behind it. */
export interface TrendFigure {
  value: number | null;
  n: number;
  lowSample: boolean;
}

export interface TrendPoint {
  label: string;
  from: string;
  to: string;
  csatTop2Box: TrendFigure;
  nps: TrendFigure;
  csi: TrendFigure;
  /** SLA clocks of the complaints received in the period, over every clock: met and breached so far. */
  sla: { met: number; breached: number };
}

const NO_SAMPLE: TrendFigure = { value: null, n: 0, lowSample: true };

/**
 * The dashboard's trend charts in one request: the satisfaction report and
 * the KPI report of each of the last N calendar periods, cut down to the
 * figures the charts draw. Read-only, from the same queries as
 * GET /satisfaction and GET /kpis, so the numbers are theirs.
 */
@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardTrendsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('trends')
  @RequireCapability('reports.read')
  @ApiOperation({
    summary: 'CSAT top-2-box, NPS, CSI and SLA met/breached per calendar period, oldest first',
    description:
      'Each point is GET /satisfaction and GET /kpis of one period (`window` = the period kind). ' +
      '`segment` with `value` follows one segment of the satisfaction figures; SLA counts are for every complaint.',
  })
  async trends(@Query() query: DashboardTrendsQueryDto) {
    const dto = await validateBody(DashboardTrendsQueryDto, query);
    // A trend is one line: one value of one dimension, or everything.
    if (dto.segment !== undefined && dto.value === undefined) {
      throw new RequestValidationError([{ field: 'value', message: 'is needed with segment: the value to follow' }]);
    }
    if (dto.value !== undefined && dto.segment === undefined) {
      throw new RequestValidationError([{ field: 'segment', message: 'is needed with value: its dimension' }]);
    }
    const period = dto.period ?? DEFAULT_TREND_PERIOD;
    const points: TrendPoint[] = [];
    let asOf = new Date();
    for (let i = 0; i < (dto.periods ?? DEFAULT_TREND_LENGTH); i++) {
      const satisfaction = await this.queries.execute(
        new GetSatisfactionQuery({ window: period, asOf, segment: dto.segment, value: dto.value }),
      );
      const kpis = await this.queries.execute(new GetKpisQuery({ window: period, asOf }));
      points.unshift(trendPoint(satisfaction, kpis));
      // Any instant of the previous period will do: noon UTC of its first day lies inside it in every time zone.
      asOf = new Date(`${previousWindow(satisfaction.window).from}T12:00:00Z`);
    }
    // The dimensions a trend may follow, so the page offers exactly what this endpoint accepts.
    const dimensions = SATISFACTION_SEGMENT_DIMENSIONS;
    return { period, segment: dto.segment ?? null, value: dto.value ?? null, dimensions, points };
  }
}

function trendPoint(satisfaction: SatisfactionReport, kpis: KpiReport): TrendPoint {
  const { window } = satisfaction;
  const figures = satisfaction.groups[0]?.figures;
  const slaCompliance = kpis.groups[0]?.slaCompliance ?? [];
  return {
    label: window.label,
    from: window.from,
    to: window.to,
    csatTop2Box: figures ? trendFigure(figures.csatTop2Box) : NO_SAMPLE,
    nps: figures ? trendFigure(figures.nps) : NO_SAMPLE,
    csi: figures ? trendFigure(figures.csi) : NO_SAMPLE,
    sla: {
      met: slaCompliance.reduce((sum, clock) => sum + clock.met, 0),
      breached: slaCompliance.reduce((sum, clock) => sum + clock.breached, 0),
    },
  };
}

function trendFigure({ value, n, lowSample }: Estimate): TrendFigure {
  return { value, n, lowSample };
}
