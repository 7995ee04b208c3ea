import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AggregateNotFoundError, type UnstampedEarlyWarningCommand } from '@redress/application';
import type { EarlyWarningCommand } from '@redress/domain';
import {
  kpiLines,
  satisfactionFigureLines,
  type EarlyWarningView,
  type KpiLine,
  type SatisfactionFigureLine,
  type WindowKind,
} from '@redress/projections';
import { RequestValidationError, validateBody } from '@redress/command-contracts';
import { commandAnswer, commandRequest, isUuid } from './command-envelope';
import { toCsv } from './csv';
import { KpiQueryDto, SatisfactionQueryDto, WarningQueryDto } from './report-query.dto';
import {
  EvaluateEarlyWarnings,
  ExecuteEarlyWarningCommand,
  GetKpisQuery,
  GetSatisfactionQuery,
  ListWarningsQuery,
} from './satisfaction.cqrs';
import { AcknowledgeWarningDto, ResolveWarningDto } from './survey.dtos';
import { RequireCapability } from '../auth/route-access';

type HeaderMap = Record<string, string | string[] | undefined>;

const DEFAULT_WINDOW: WindowKind = 'trailing-30d';

const SATISFACTION_COLUMNS: (keyof SatisfactionFigureLine)[] = [
  'window',
  'from',
  'to',
  'segment',
  'segmentValue',
  'figure',
  'value',
  'n',
  'ci95Low',
  'ci95High',
  'responseRate',
  'minimumN',
  'lowSample',
];
const KPI_COLUMNS: (keyof KpiLine)[] = [
  'window',
  'from',
  'to',
  'segment',
  'segmentValue',
  'kpi',
  'value',
  'n',
  'ci95Low',
  'ci95High',
  'lowSample',
];
type WarningLine = Omit<EarlyWarningView, 'window' | 'segment' | 'evidence'> & Record<string, unknown>;
const WARNING_COLUMNS: string[] = [
  'id',
  'ruleId',
  'indicator',
  'windowKind',
  'windowFrom',
  'windowTo',
  'segment',
  'segmentValue',
  'value',
  'threshold',
  'direction',
  'owner',
  'deadline',
  'overdue',
  'status',
  'triggeredAt',
  'acknowledgedAt',
  'resolvedAt',
  'resolution',
  'evidence',
];

/** Satisfaction indices, complaint KPIs and early warnings, as JSON or as a CSV export (?format=csv). */
@ApiTags('satisfaction and KPIs')
@Controller()
export class ReportsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('satisfaction')
  @RequireCapability('reports.read')
  @ApiOperation({
    summary: 'CSAT (top-2-box and mean), NPS, CES, CSI and the six dimensions, with n, response rate and 95 % CI',
  })
  async satisfaction(@Query() query: SatisfactionQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const dto = await validateBody(SatisfactionQueryDto, query);
    const report = await this.queries.execute(new GetSatisfactionQuery(reportQuery(dto)));
    if (dto.format !== 'csv') return report;
    return csv(
      reply,
      `satisfaction-${report.window.from}-${report.window.to}`,
      toCsv(SATISFACTION_COLUMNS, satisfactionFigureLines(report)),
    );
  }

  @Get('kpis')
  @RequireCapability('reports.read')
  @ApiOperation({ summary: 'Complaint KPIs of the complaints received in the window, per segment' })
  async kpis(@Query() query: KpiQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const dto = await validateBody(KpiQueryDto, query);
    const report = await this.queries.execute(new GetKpisQuery(reportQuery(dto)));
    if (dto.format !== 'csv') return report;
    return csv(reply, `kpis-${report.window.from}-${report.window.to}`, toCsv(KPI_COLUMNS, kpiLines(report)));
  }

  @Get('warnings')
  @RequireCapability('reports.read')
  @ApiOperation({ summary: 'Early warnings, newest first; window filters by trigger time' })
  async warnings(@Query() query: WarningQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const dto = await validateBody(WarningQueryDto, query);
    if (dto.value !== undefined && !dto.segment) throw valueWithoutSegment();
    const asOf = dto.at ? new Date(dto.at) : undefined;
    const list = await this.queries.execute(
      new ListWarningsQuery(
        { window: dto.window, asOf, status: dto.status, segment: dto.segment, value: dto.value },
        new Date(),
      ),
    );
    if (dto.format !== 'csv') return list;
    const lines: WarningLine[] = list.warnings.map(({ window, segment, evidence, ...warning }) => ({
      ...warning,
      windowKind: window.kind,
      windowFrom: window.from,
      windowTo: window.to,
      segment: segment?.dimension ?? 'all',
      segmentValue: segment?.value ?? null,
      evidence: evidence.join(' '),
    }));
    return csv(reply, 'warnings', toCsv(WARNING_COLUMNS as (keyof WarningLine & string)[], lines));
  }

  @Post('warnings/evaluations')
  @RequireCapability('warnings.manage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Evaluate the early-warning rules now (they also run periodically); lists the warnings raised',
  })
  async evaluateWarnings() {
    const evaluatedAt = new Date();
    const triggered = await this.commands.execute(new EvaluateEarlyWarnings(evaluatedAt));
    return { evaluatedAt: evaluatedAt.toISOString(), triggered };
  }

  @Post('warnings/:id/acknowledge')
  @RequireCapability('warnings.manage')
  @HttpCode(200)
  @ApiBody({ type: AcknowledgeWarningDto })
  @ApiOperation({ summary: 'Acknowledge an early warning' })
  async acknowledge(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: HeaderMap,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const dto = await validateBody(AcknowledgeWarningDto, body ?? {});
    return this.executeWarning(id, { type: 'AcknowledgeEarlyWarning', ...dto }, headers, reply);
  }

  @Post('warnings/:id/resolve')
  @RequireCapability('warnings.manage')
  @HttpCode(200)
  @ApiBody({ type: ResolveWarningDto })
  @ApiOperation({ summary: 'Resolve an early warning' })
  async resolve(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: HeaderMap,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const dto = await validateBody(ResolveWarningDto, body ?? {});
    return this.executeWarning(id, { type: 'ResolveEarlyWarning', ...dto }, headers, reply);
  }

  private async executeWarning(
    id: string,
    command: UnstampedEarlyWarningCommand,
    headers: HeaderMap,
    reply: FastifyReply,
  ) {
    if (!isUuid(id)) throw new AggregateNotFoundError('early warning', id.slice(0, 100));
    const { request, context } = commandRequest<EarlyWarningCommand>(headers, id, command);
    const result = await this.commands.execute(new ExecuteEarlyWarningCommand(request));
    return commandAnswer(result, context, reply);
  }
}

function reportQuery<Segment>(dto: { window?: WindowKind; at?: string; segment?: Segment; value?: string }) {
  if (dto.value !== undefined && dto.segment === undefined) throw valueWithoutSegment();
  return {
    window: dto.window ?? DEFAULT_WINDOW,
    asOf: dto.at ? new Date(dto.at) : undefined,
    segment: dto.segment,
    value: dto.value,
  };
}

function valueWithoutSegment(): RequestValidationError {
  return new RequestValidationError([{ field: 'value', message: 'needs segment: the dimension the value belongs to' }]);
}

function csv(reply: FastifyReply, name: string, body: string): string {
  reply.header('content-type', 'text/csv; charset=utf-8');
  reply.header('content-disposition', `attachment; filename="${name}.csv"`);
  return body;
}
