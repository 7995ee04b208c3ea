import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ComplaintNotFoundError, type MergeOutcome } from '@redress/application';
import { MergeComplaintDto, UnmergeComplaintDto, validateBody } from '@redress/command-contracts';
import { RequireCapability } from '../auth/route-access';
import { readRequestContext, type RequestContext } from '../http/request-context';
import { GetDuplicateCandidatesQuery, MergeComplaintCommand, UnmergeComplaintCommand } from './complaint.cqrs';
import { assertComplaintId, commandAnswer, commandEnvelope } from './complaints.controller';

type HeaderMap = Record<string, string | string[] | undefined>;

/**
 * Duplicates: candidates at intake, and the reversible merge of a repeat
 * complaint into the one that handles it. The addressed complaint (`:id`) is
 * always the duplicate; If-Match and Idempotency-Key apply to it as to any
 * command, and the answer adds the primary's side.
 */
@ApiTags('complaints')
@Controller('complaints')
export class ComplaintMergeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/merge')
  @HttpCode(200)
  @RequireCapability('complaints.merge', 'complaint-param')
  @ApiBody({ type: MergeComplaintDto })
  @ApiOperation({
    summary: 'Merge this complaint (a repeat) into another of the same customer, which keeps the earliest receipt',
    description:
      'Recorded in both histories (ComplaintMergedInto, DuplicateComplaintMerged). The merged complaint accepts ' +
      'nothing but unmerge; the primary’s SLA and regulatory clocks run from the earliest receipt of the two.',
  })
  async merge(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: HeaderMap,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const context = readRequestContext(headers);
    assertComplaintId(id);
    const { primaryId, reason } = await validateBody(MergeComplaintDto, body ?? {});
    const outcome = await this.commands.execute(
      new MergeComplaintCommand({ ...commandEnvelope(id, context), duplicateId: id, primaryId, reason }),
    );
    return answer(outcome, context, reply);
  }

  @Post(':id/unmerge')
  @HttpCode(200)
  @RequireCapability('complaints.merge', 'complaint-param')
  @ApiBody({ type: UnmergeComplaintDto })
  @ApiOperation({
    summary: 'Undo the merge of this complaint: both complaints are as they were before it',
    description: 'Recorded in both histories (ComplaintUnmerged, DuplicateComplaintUnmerged).',
  })
  async unmerge(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: HeaderMap,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const context = readRequestContext(headers);
    assertComplaintId(id);
    const { reason } = await validateBody(UnmergeComplaintDto, body ?? {});
    const outcome = await this.commands.execute(
      new UnmergeComplaintCommand({ ...commandEnvelope(id, context), duplicateId: id, reason }),
    );
    return answer(outcome, context, reply);
  }

  /**
   * Not part of POST /complaints' answer, on purpose: the candidates come from
   * read models, which may not hold the customer's complaints of the last
   * moments yet (the likeliest duplicates: a customer calling twice in a
   * minute), a retried receipt must answer exactly as the first time, which a
   * list that grows cannot, and intake would wait for another round trip.
   * The receipt's answer links here instead (Link rel="duplicate-candidates").
   */
  @Get(':id/duplicate-candidates')
  @RequireCapability('complaints.read', 'complaint-param')
  @ApiOperation({
    summary: "Possible duplicates: the same customer's complaints within the window, scored, with reasons",
    description:
      'From the read models (DUPLICATE_WINDOW_DAYS, default 30); a complaint received a moment ago may not be ' +
      'listed yet (404 until it is). POST /complaints links here (Link rel="duplicate-candidates").',
  })
  async duplicateCandidates(@Param('id') id: string) {
    assertComplaintId(id);
    const view = await this.queries.execute(new GetDuplicateCandidatesQuery(id));
    if (view === null) throw new ComplaintNotFoundError(id);
    return view;
  }
}

function answer(outcome: MergeOutcome, context: RequestContext, reply: FastifyReply) {
  const primary = outcome.primary && {
    id: outcome.primary.complaintId,
    revision: outcome.primary.revision,
    position: outcome.primary.position,
    status: outcome.primary.status,
    events: outcome.primary.events,
  };
  return { ...commandAnswer(outcome.duplicate, context, reply), primary };
}
