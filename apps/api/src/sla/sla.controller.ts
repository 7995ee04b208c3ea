import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ComplaintNotFoundError } from '@redress/application';
import { ProjectionRunner, SlaTrackingQueries } from '@redress/projections';
import { assertComplaintId } from '../complaints/complaints.controller';
import { RequestValidationError, validateBody } from '@redress/command-contracts';
import { AtRiskQueryDto, ComplaintSlaQueryDto, ComplianceQueryDto } from './sla-query.dtos';
import { RequireCapability } from '../auth/route-access';

const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;
const DEFAULT_AT_RISK_LIMIT = 50;

/**
 * SLA clocks as the tracking read model sees them, evaluated at the instant
 * of the request. Plain reads of one read model, so no query bus in between.
 */
@ApiTags('sla')
@Controller()
export class SlaController {
  constructor(
    @Inject(SlaTrackingQueries) private readonly tracking: SlaTrackingQueries,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

  @Get('complaints/:id/sla')
  @RequireCapability('complaints.read', 'complaint-param')
  @ApiOperation({
    summary: "A complaint's SLA clocks: target, elapsed, remaining, status and paused intervals, per clock and cycle",
    description: '`at` evaluates the clocks as of another instant; the policy is the version recorded at receipt.',
  })
  async complaintSla(@Param('id') id: string, @Query() query: ComplaintSlaQueryDto) {
    assertComplaintId(id);
    const { at, minPosition } = await validateBody(ComplaintSlaQueryDto, query);
    await this.catchUp(minPosition);
    const view = await this.tracking.complaintSla(id, at ? new Date(at) : new Date());
    if (!view) throw new ComplaintNotFoundError(id);
    return view;
  }

  @Get('sla/at-risk')
  @RequireCapability('sla.query', 'department-query')
  @ApiOperation({ summary: 'Running clocks ordered by time to breach (already breached first), with filters' })
  async atRisk(@Query() query: AtRiskQueryDto) {
    const { minPosition, withinMinutes, limit, policy, ...filter } = await validateBody(AtRiskQueryDto, query);
    await this.catchUp(minPosition);
    const now = new Date();
    const dueBefore = withinMinutes === undefined ? undefined : new Date(now.getTime() + withinMinutes * 60_000);
    const clocks = await this.tracking.atRisk(
      { ...filter, policyId: policy, dueBefore, limit: limit ?? DEFAULT_AT_RISK_LIMIT },
      now,
    );
    return { at: now.toISOString(), clocks };
  }

  @Get('sla/compliance')
  @RequireCapability('sla.query')
  @ApiOperation({
    summary: 'Met and breached clocks of the complaints received in [from, to), per policy and clock, optionally split',
    description: 'A running clock already past due counts as breached; one not yet due is not decided.',
  })
  async compliance(@Query() query: ComplianceQueryDto) {
    const { minPosition, from, to, groupBy, policy, clock } = await validateBody(ComplianceQueryDto, query);
    if (Date.parse(from) >= Date.parse(to)) {
      throw new RequestValidationError([{ field: 'to', message: 'must be later than from' }]);
    }
    await this.catchUp(minPosition);
    const now = new Date();
    const start = new Date(from).toISOString();
    const end = new Date(to).toISOString();
    const rows = await this.tracking.complianceByPolicy(
      { start, end, segment: groupBy ?? null, policyId: policy, clock },
      now,
    );
    return { at: now.toISOString(), from: start, to: end, groupBy: groupBy ?? null, rows };
  }

  @Get('sla/policies')
  @RequireCapability('sla.query')
  @ApiOperation({
    summary: 'Every SLA policy version as configured, and the selection rules choosing the one a new complaint gets',
  })
  policies() {
    return { policies: this.tracking.policies(new Date()), selection: this.tracking.selection() };
  }

  private async catchUp(minPosition: number | undefined): Promise<void> {
    if (minPosition !== undefined) await this.projections.waitFor(minPosition, READ_YOUR_WRITES_TIMEOUT_MS);
  }
}
