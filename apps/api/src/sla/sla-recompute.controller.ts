import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ProjectionRunner,
  slaRecomputePlanner,
  SlaTrackingQueries,
  type SlaTrackingOptions,
} from '@redress/projections';
import { SlaRecomputePlanner, UnavailableTargetPolicyError, type RecomputeCommand, type SlaPolicy } from '@redress/sla';
import { ExecuteComplaintCommand, GetComplaintHistoryQuery } from '../complaints/complaint.cqrs';
import { assertComplaintId, commandAnswer, commandRequest } from '../complaints/complaints.controller';
import { readRequestContext, type RequestContext } from '../http/request-context';
import { RequestValidationError, validateBody } from '@redress/command-contracts';
import { BulkRecomputeSlaPolicyDto, RecomputeQueryDto, RecomputeSlaPolicyDto } from './sla-query.dtos';
import { SLA_TRACKING } from './sla-tracking.config';
import { RequireCapability } from '../auth/route-access';

type HeaderMap = Record<string, string | string[] | undefined>;

const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;
const DEFAULT_BULK_LIMIT = 100;

/**
 * Moving open complaints to another SLA policy version: the audited
 * RecomputeSlaPolicy command, and its dry run, which answers what the command
 * would change and refuses what the command would refuse, appending nothing.
 * The planning is SlaRecomputePlanner's, shared with the management CLI's
 * `sla policy dry-run`.
 */
@ApiTags('sla')
@Controller()
export class SlaRecomputeController {
  private readonly planner: SlaRecomputePlanner;

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(SLA_TRACKING) tracking: SlaTrackingOptions,
    @Inject(SlaTrackingQueries) readModel: SlaTrackingQueries,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {
    this.planner = slaRecomputePlanner({
      catalog: tracking.catalog,
      tracking,
      readModel,
      history: (complaintId) => this.queries.execute(new GetComplaintHistoryQuery(complaintId)),
    });
  }

  @Post('complaints/:id/sla/recompute')
  @RequireCapability('sla.recompute', 'complaint-param')
  @HttpCode(200)
  @ApiOperation({
    summary: "Re-evaluate an open complaint's SLA clocks under another policy version (audited); dryRun=true previews",
    description:
      'The whole history is evaluated under the new version; warnings and breaches already recorded stay in the ' +
      "history and are not recorded again; the new version's alerts not yet recorded are, at once when already due.",
  })
  async recompute(
    @Param('id') id: string,
    @Query() query: unknown,
    @Body() body: unknown,
    @Headers() headers: HeaderMap,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const context = readRequestContext(headers);
    assertComplaintId(id);
    const { dryRun } = await validateBody(RecomputeQueryDto, query);
    const { policyId, version, reason } = await validateBody(RecomputeSlaPolicyDto, body ?? {});
    const now = new Date();
    const plan = await this.planner.plan(id, this.targetPolicy(policyId, version, now), reason, now);
    if (dryRun) return { dryRun: true, complaintId: id, diff: plan.diff };
    const result = await this.execute(id, plan.command, context);
    return { ...commandAnswer(result, context, reply), diff: plan.diff };
  }

  @Post('sla/recompute')
  @RequireCapability('sla.recompute-all')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Recompute every open complaint tracked under one policy (oldest first, up to limit); dryRun=true previews',
    description:
      'Each complaint is recomputed by its own audited command; one refused (closed meanwhile, say) is reported ' +
      'with its error and does not stop the others. With an Idempotency-Key a retried request appends nothing again.',
  })
  async recomputeAll(@Query() query: unknown, @Body() body: unknown, @Headers() headers: HeaderMap) {
    const context = readRequestContext(headers);
    const { dryRun, minPosition } = await validateBody(RecomputeQueryDto, query);
    const request = await validateBody(BulkRecomputeSlaPolicyDto, body ?? {});
    if (minPosition !== undefined) await this.projections.waitFor(minPosition, READ_YOUR_WRITES_TIMEOUT_MS);
    const bulk = { ...request, limit: request.limit ?? DEFAULT_BULK_LIMIT };
    const now = new Date();
    try {
      if (dryRun) return await this.planner.previewAcrossPolicy(bulk, now);
      const done = await this.planner.acrossPolicy(bulk, now, async (complaintId, plan) => {
        const { revision, position } = await this.execute(complaintId, plan.command, context);
        return { revision, position };
      });
      return { dryRun: false, ...done };
    } catch (error) {
      throw asBadTarget(error);
    }
  }

  /** The version asked for, or the newest in effect today; an unknown one is a bad request. */
  private targetPolicy(policyId: string, version: number | undefined, now: Date): SlaPolicy {
    try {
      return this.planner.targetPolicy(policyId, version, now);
    } catch (error) {
      throw asBadTarget(error);
    }
  }

  private execute(complaintId: string, command: RecomputeCommand, context: RequestContext) {
    return this.commands.execute(new ExecuteComplaintCommand(commandRequest(complaintId, command, context)));
  }
}

/** A target policy that is not loaded is the request's fault: 400, naming the version field. */
function asBadTarget(error: unknown): unknown {
  if (!(error instanceof UnavailableTargetPolicyError)) return error;
  return new RequestValidationError([{ field: 'version', message: error.message }]);
}
