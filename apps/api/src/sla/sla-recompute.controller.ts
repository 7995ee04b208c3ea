import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { foldComplaintHistory } from '@redress/application';
import { decideComplaint, DomainError, PreconditionFailedError, type RecomputeSlaPolicy } from '@redress/domain';
import {
  appliedPolicy,
  clockHistoryOfStream,
  ProjectionRunner,
  SlaTrackingQueries,
  type SlaTrackingOptions,
} from '@redress/projections';
import {
  diffPolicies,
  policyReference,
  toSlaEvents,
  UnknownPolicyError,
  type PolicyDiff,
  type SlaPolicy,
} from '@redress/sla';
import { ExecuteComplaintCommand, GetComplaintHistoryQuery } from '../complaints/complaint.cqrs';
import { assertComplaintId, commandAnswer, commandRequest } from '../complaints/complaints.controller';
import { readRequestContext, type RequestContext } from '../http/request-context';
import { RequestValidationError, validateBody } from '@redress/command-contracts';
import { BulkRecomputeSlaPolicyDto, RecomputeQueryDto, RecomputeSlaPolicyDto } from './sla-query.dtos';
import { SLA_TRACKING } from './sla-tracking.config';
import { RequireCapability } from '../auth/route-access';

type HeaderMap = Record<string, string | string[] | undefined>;
type RecomputeCommand = Omit<RecomputeSlaPolicy, 'issuedAt'>;

const READ_YOUR_WRITES_TIMEOUT_MS = 5_000;
const DEFAULT_BULK_LIMIT = 100;

/**
 * Moving open complaints to another SLA policy version: the audited
 * RecomputeSlaPolicy command, and its dry run, which answers what the command
 * would change (per clock, diffPolicies) and refuses what the command would
 * refuse, appending nothing. The complaint's policy is read from its own
 * stream, as the SLA read model derives it, so a lagging read model cannot
 * make the dry run lie.
 */
@ApiTags('sla')
@Controller()
export class SlaRecomputeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(SLA_TRACKING) private readonly tracking: SlaTrackingOptions,
    @Inject(SlaTrackingQueries) private readonly readModel: SlaTrackingQueries,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
  ) {}

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
    const plan = await this.plan(id, this.targetPolicy(policyId, version, now), reason, now);
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
    const now = new Date();
    const target = this.targetPolicy(request.policyId, request.version, now);
    const ids = await this.readModel.openComplaintsUnder(
      request.fromPolicyId,
      request.fromVersion,
      request.limit ?? DEFAULT_BULK_LIMIT,
    );
    const complaints = [];
    for (const complaintId of ids) {
      try {
        const plan = await this.plan(complaintId, target, request.reason, now);
        if (dryRun) {
          complaints.push({ complaintId, changed: plan.diff.changed, diff: plan.diff });
        } else {
          const { revision, position } = await this.execute(complaintId, plan.command, context);
          complaints.push({ complaintId, changed: plan.diff.changed, revision, position, diff: plan.diff });
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        complaints.push({ complaintId, error: { code: error.code, message: error.message } });
      }
    }
    return {
      dryRun: dryRun === true,
      from: { policyId: request.fromPolicyId, version: request.fromVersion ?? null },
      to: policyReference(target),
      complaints,
    };
  }

  /** The version asked for, or the newest in effect today; an unknown one is a bad request. */
  private targetPolicy(policyId: string, version: number | undefined, now: Date): SlaPolicy {
    const versions = this.tracking.catalog.versions(policyId).map((policy) => policy.version);
    if (version !== undefined) {
      const policy = this.tracking.catalog.find(policyId, version);
      if (policy) return policy;
      throw new RequestValidationError([
        {
          field: 'version',
          message: `SLA policy ${policyId} has no version ${version}; loaded: ${versions.join(', ')}`,
        },
      ]);
    }
    try {
      return this.tracking.catalog.forNewComplaint(policyId, now);
    } catch (error) {
      if (!(error instanceof UnknownPolicyError)) throw error;
      throw new RequestValidationError([
        {
          field: 'version',
          message: `no version of ${policyId} is in effect today; give one of ${versions.join(', ')}`,
        },
      ]);
    }
  }

  /**
   * The command and what it would change. The same pure decider checks it
   * against the complaint's current state, so the dry run refuses exactly
   * what the command would (a closed complaint, the policy already applied).
   */
  private async plan(
    complaintId: string,
    to: SlaPolicy,
    reason: string,
    now: Date,
  ): Promise<{ command: RecomputeCommand; diff: PolicyDiff }> {
    const recorded = await this.queries.execute(new GetComplaintHistoryQuery(complaintId));
    const state = foldComplaintHistory(recorded);
    const history = toSlaEvents(recorded);
    const applied = appliedPolicy(history, this.tracking);
    if (!applied) {
      throw new PreconditionFailedError('RecomputeSlaPolicy', state.status, [
        'the complaint is not tracked under any SLA policy: none was in effect when it was received',
      ]);
    }
    const from = { policyId: applied.policy.id, version: applied.policy.version, digest: applied.digest };
    const command: RecomputeCommand = { type: 'RecomputeSlaPolicy', from, to: policyReference(to), reason };
    decideComplaint({ ...command, issuedAt: now.toISOString() }, state);
    // The clocks as the SLA read model evaluates them: a merged primary's from its earliest receipt.
    return { command, diff: diffPolicies(applied.policy, to, clockHistoryOfStream(history), now) };
  }

  private execute(complaintId: string, command: RecomputeCommand, context: RequestContext) {
    return this.commands.execute(new ExecuteComplaintCommand(commandRequest(complaintId, command, context)));
  }
}
