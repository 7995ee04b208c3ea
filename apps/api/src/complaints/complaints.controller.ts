import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  auditHistoryEntry,
  ComplaintNotFoundError,
  deterministicId,
  type ComplaintCommandRequest,
  type ComplaintCommandResult,
  type UnstampedComplaintCommand,
} from '@redress/application';
import { PersonalDataVault } from '@redress/privacy';
import { etagOf, readRequestContext, type RequestContext } from '../http/request-context';
import { withOpenedPersonalData } from '../privacy/opened-personal-data';
import {
  commandRouteNamed,
  COMPLAINT_COMMAND_ROUTES,
  publicCommandNames,
  ReceiveComplaintDto,
  RequestValidationError,
  validateBody,
} from '@redress/command-contracts';
import {
  ExecuteComplaintCommand,
  GetComplaintHistoryQuery,
  GetComplaintQuery,
  VerifyComplaintQuery,
} from './complaint.cqrs';
import { HistoryFilterDto, PointInHistoryDto } from './dto/complaint-query.dtos';

type HeaderMap = Record<string, string | string[] | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * HTTP adapter for complaints: parse and validate the request, send a CQRS
 * message, shape the answer. No domain decision is taken here.
 */
@ApiTags('complaints')
@Controller('complaints')
export class ComplaintsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiBody({ type: ReceiveComplaintDto })
  @ApiOperation({
    summary: 'Receive a complaint',
    description:
      'Answers 201 with a Location header and {id, revision}. Send an Idempotency-Key header to make retries safe. ' +
      'A Link header (rel="duplicate-candidates") points to the possible duplicates of the complaint.',
  })
  async receive(@Body() body: unknown, @Headers() headers: HeaderMap, @Res({ passthrough: true }) reply: FastifyReply) {
    const context = readRequestContext(headers);
    const dto = await validateBody(ReceiveComplaintDto, body);
    // With an idempotency key the complaint id is derived from it, so a retry lands on the same stream and is recognised.
    const complaintId = context.idempotencyKey
      ? deterministicId('complaint', context.actor.id, context.idempotencyKey)
      : randomUUID();
    const request = commandRequest(complaintId, { type: 'ReceiveComplaint', complaintId, ...dto }, context);
    // A random id names no stream yet: the receipt is decided without reading one.
    const result = await this.commands.execute(
      new ExecuteComplaintCommand({ ...request, newAggregate: context.idempotencyKey === undefined }),
    );
    reply.header('location', `/complaints/${complaintId}`);
    // Candidate duplicates are a link, not part of the answer: see ComplaintMergeController.duplicateCandidates.
    reply.header('link', `</complaints/${complaintId}/duplicate-candidates>; rel="duplicate-candidates"`);
    return this.answer(result, context, reply);
  }

  @Post(':id/:command')
  @HttpCode(200)
  @ApiExcludeEndpoint() // documented per command by the OpenAPI setup, from COMPLAINT_COMMAND_ROUTES
  async command(
    @Param('id') id: string,
    @Param('command') name: string,
    @Body() body: unknown,
    @Headers() headers: HeaderMap,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const route = commandRouteNamed(name);
    if (!route) {
      throw new RequestValidationError([
        {
          field: 'command',
          message: `unknown command "${name}"; known: ${COMPLAINT_COMMAND_ROUTES.map((r) => r.name).join(', ')}`,
        },
      ]);
    }
    const context = readRequestContext(headers);
    assertComplaintId(id);
    const dto = await validateBody(route.body, body ?? {});
    const result = await this.execute(id, { type: route.type, ...dto } as UnstampedComplaintCommand, context);
    return this.answer(result, context, reply);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Current state, status, revision (ETag) and the commands allowed now; or the state at a past moment',
    description: '`asOf` gives the state as it was recorded at that instant, `atRevision` right after that revision.',
  })
  async get(
    @Param('id') id: string,
    @Query() query: PointInHistoryDto,
    @Headers() headers: HeaderMap,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertComplaintId(id);
    const point = await validateBody(PointInHistoryDto, query);
    if (point.asOf !== undefined && point.atRevision !== undefined) {
      throw new RequestValidationError([{ field: 'atRevision', message: 'give either asOf or atRevision, not both' }]);
    }
    const view = await this.queries.execute(new GetComplaintQuery(id, point));
    const etag = etagOf(view.revision);
    reply.header('etag', etag);
    if (headers['if-none-match'] === etag) {
      reply.status(304);
      return undefined;
    }
    return {
      id: view.id,
      revision: view.revision,
      status: view.state.status,
      ...(view.asOf !== null && { asOf: view.asOf }),
      allowedCommands: publicCommandNames(view.allowedCommands),
      complaint: await withOpenedPersonalData(view.state, this.vault),
    };
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'Every event of the complaint, in order, with its metadata and a readable description' })
  async history(@Param('id') id: string, @Query() query: HistoryFilterDto) {
    assertComplaintId(id);
    const { from, to, type } = await validateBody(HistoryFilterDto, query);
    const events = await this.queries.execute(new GetComplaintHistoryQuery(id, { from, to, types: type }));
    return { id, events: events.map(auditHistoryEntry) };
  }

  @Get(':id/verify')
  @ApiOperation({ summary: "Recompute the complaint's hash chain and report the first break, if any" })
  async verify(@Param('id') id: string) {
    assertComplaintId(id);
    return this.queries.execute(new VerifyComplaintQuery(id));
  }

  private execute(
    complaintId: string,
    command: UnstampedComplaintCommand,
    context: RequestContext,
  ): Promise<ComplaintCommandResult> {
    return this.commands.execute(new ExecuteComplaintCommand(commandRequest(complaintId, command, context)));
  }

  private answer(result: ComplaintCommandResult, context: RequestContext, reply: FastifyReply) {
    return commandAnswer(result, context, reply);
  }
}

/**
 * A command request from an HTTP request's context. With an Idempotency-Key
 * the command id derives from caller, complaint and key, so a retry is
 * recognised, also for each complaint of a bulk request.
 */
export function commandRequest(
  complaintId: string,
  command: UnstampedComplaintCommand,
  context: RequestContext,
): ComplaintCommandRequest {
  return { complaintId, command, ...commandEnvelope(complaintId, context) };
}

/** A command's id, correlation, actor and expected revision from a request on `complaintId`. */
export function commandEnvelope(complaintId: string, context: RequestContext) {
  return {
    commandId: context.idempotencyKey
      ? deterministicId('command', context.actor.id, complaintId, context.idempotencyKey)
      : randomUUID(),
    correlationId: context.correlationId,
    actor: context.actor,
    expectedRevision: context.ifMatchRevision,
  };
}

/** The answer to a command: its revision (also the ETag), log position, status and events. */
export function commandAnswer(result: ComplaintCommandResult, context: RequestContext, reply: FastifyReply) {
  reply.header('etag', etagOf(result.revision));
  reply.header('x-correlation-id', context.correlationId);
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return {
    id: result.complaintId,
    revision: result.revision,
    position: result.position,
    status: result.status,
    events: result.events,
  };
}

export function assertComplaintId(id: string): void {
  // Ids are UUIDs; anything else cannot name a complaint, so answer 404 without touching the store.
  if (!UUID.test(id)) throw new ComplaintNotFoundError(id.slice(0, 100));
}
