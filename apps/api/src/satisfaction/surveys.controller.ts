import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AggregateNotFoundError, type UnstampedSurveyCommand } from '@redress/application';
import type { SurveyCommand } from '@redress/domain';
import { etagOf } from '../http/request-context';
import { validateBody } from '@redress/command-contracts';
import { commandAnswer, commandRequest, isUuid, newAggregateId } from './command-envelope';
import { ExecuteSurveyCommand, GetSurveyQuery } from './satisfaction.cqrs';
import { AnswerSurveyDto, ChangeSurveyDto, RecordSurveyDto, SendSurveyDto, surveySubjectOf } from './survey.dtos';
import { RequireCapability } from '../auth/route-access';

type HeaderMap = Record<string, string | string[] | undefined>;

/**
 * Surveys as events: invitations, responses and changed responses, each
 * survey its own stream (survey-<id>). Answers outside their item's scale are
 * refused with 400 VALIDATION_FAILED naming the item (e.g. answers.NPS).
 */
@ApiTags('surveys')
@Controller('surveys')
export class SurveysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @RequireCapability('surveys.record')
  @HttpCode(201)
  @ApiBody({ type: RecordSurveyDto })
  @ApiOperation({ summary: 'Record a survey response (its invitation is recorded with it)' })
  async record(@Body() body: unknown, @Headers() headers: HeaderMap, @Res({ passthrough: true }) reply: FastifyReply) {
    const { questionnaire, subject, ...response } = await validateBody(RecordSurveyDto, body);
    const surveyId = newAggregateId('survey', headers);
    const command: UnstampedSurveyCommand = {
      type: 'RecordSurveyResponse',
      surveyId,
      questionnaire: { id: questionnaire.id, version: questionnaire.version },
      subject: surveySubjectOf(subject),
      ...response,
    };
    reply.header('location', `/surveys/${surveyId}`);
    return this.execute(surveyId, command, headers, reply);
  }

  @Post('invitations')
  @RequireCapability('surveys.record')
  @HttpCode(201)
  @ApiBody({ type: SendSurveyDto })
  @ApiOperation({ summary: 'Send a survey invitation: the denominator of the response rate' })
  async invite(@Body() body: unknown, @Headers() headers: HeaderMap, @Res({ passthrough: true }) reply: FastifyReply) {
    const { questionnaire, subject, channel } = await validateBody(SendSurveyDto, body);
    const surveyId = newAggregateId('survey', headers);
    const command: UnstampedSurveyCommand = {
      type: 'SendSurvey',
      surveyId,
      questionnaire: { id: questionnaire.id, version: questionnaire.version },
      subject: surveySubjectOf(subject),
      channel,
    };
    reply.header('location', `/surveys/${surveyId}`);
    return this.execute(surveyId, command, headers, reply);
  }

  @Post(':id/answers')
  @RequireCapability('surveys.record')
  @HttpCode(200)
  @ApiBody({ type: AnswerSurveyDto })
  @ApiOperation({ summary: 'Answer an invitation' })
  async answer(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: HeaderMap,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertSurveyId(id);
    const dto = await validateBody(AnswerSurveyDto, body ?? {});
    return this.execute(id, { type: 'RecordSurveyResponse', surveyId: id, ...dto }, headers, reply);
  }

  @Put(':id')
  @RequireCapability('surveys.record')
  @HttpCode(200)
  @ApiBody({ type: ChangeSurveyDto })
  @ApiOperation({ summary: 'Change a response: the new answers supersede all previous ones and re-aggregate' })
  async change(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: HeaderMap,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertSurveyId(id);
    const dto = await validateBody(ChangeSurveyDto, body ?? {});
    return this.execute(id, { type: 'ChangeSurveyResponse', ...dto }, headers, reply);
  }

  @Get(':id')
  @RequireCapability('surveys.read')
  @ApiOperation({ summary: 'A survey: invitation, answers with their scales, revision (ETag)' })
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    assertSurveyId(id);
    const view = await this.queries.execute(new GetSurveyQuery(id));
    reply.header('etag', etagOf(view.revision));
    return { id: view.id, revision: view.revision, status: view.state.status, survey: view.state };
  }

  private async execute(surveyId: string, command: UnstampedSurveyCommand, headers: HeaderMap, reply: FastifyReply) {
    const { request, context } = commandRequest<SurveyCommand>(headers, surveyId, command);
    const result = await this.commands.execute(new ExecuteSurveyCommand(request));
    return commandAnswer(result, context, reply);
  }
}

/** Survey ids the API issues are UUIDs; anything else is answered 404 without touching the store. */
function assertSurveyId(id: string): void {
  if (!isUuid(id)) throw new AggregateNotFoundError('survey', id.slice(0, 100));
}
