import {
  InvalidCommandError,
  SURVEY_EVENT_SCHEMA_VERSIONS,
  surveyDecider,
  upcastSurveyEvent,
  type SurveyCommand,
  type SurveyEvent,
  type SurveyState,
} from '@redress/domain';
import type { EventStore, RecordedEvent } from '@redress/event-store';
import {
  AggregateCommandService,
  streamPerAggregate,
  type AggregateCommandRequest,
  type AggregateCommandResult,
  type Unstamped,
} from './aggregate-command.service';
import { aggregateErrors } from './aggregate-errors';
import { complaintStreamId } from './complaint-stream';
import { ComplaintNotFoundError } from './errors';

/** Every survey response lives in its own stream; a changed response is a new event on the same stream. */
export const SURVEY_STREAM_PREFIX = 'survey-';

export type UnstampedSurveyCommand = Unstamped<SurveyCommand>;
export type SurveyCommandRequest = AggregateCommandRequest<SurveyCommand>;
export type SurveyCommandResult = AggregateCommandResult<SurveyState>;

export interface SurveyView {
  id: string;
  revision: number;
  state: SurveyState;
}

const SURVEY = streamPerAggregate<SurveyCommand, SurveyEvent, SurveyState>({
  streamPrefix: SURVEY_STREAM_PREFIX,
  decider: surveyDecider,
  schemaVersions: SURVEY_EVENT_SCHEMA_VERSIONS,
  upcast: upcastSurveyEvent,
  startingCommands: ['SendSurvey', 'RecordSurveyResponse'],
  errors: aggregateErrors('survey'),
});

/**
 * Records survey invitations and responses. On top of the generic command
 * service it checks what the survey decider cannot see: that a complaint a
 * survey is about exists, and that the command names the stream's survey.
 */
export class SurveyCommandService {
  private readonly commands: AggregateCommandService<SurveyCommand, SurveyEvent, SurveyState>;

  constructor(
    private readonly store: EventStore,
    clock: () => Date = () => new Date(),
  ) {
    this.commands = new AggregateCommandService(SURVEY, store, clock);
  }

  async execute(request: SurveyCommandRequest): Promise<SurveyCommandResult> {
    const command = request.command;
    if ('surveyId' in command && command.surveyId !== request.aggregateId) {
      throw new InvalidCommandError([{ field: 'surveyId', message: 'must be the id of the survey addressed' }]);
    }
    if ('subject' in command && command.subject?.kind === 'COMPLAINT') {
      await this.assertComplaintExists(command.subject.complaintId);
    }
    return this.commands.execute(request);
  }

  async getSurvey(surveyId: string): Promise<SurveyView> {
    const history = await this.history(surveyId);
    return { id: surveyId, revision: history[history.length - 1].revision, state: this.commands.fold(history) };
  }

  async history(surveyId: string): Promise<RecordedEvent[]> {
    const history = await this.store.readStream(SURVEY.streamId(surveyId));
    if (history.length === 0) throw SURVEY.notFound(surveyId);
    return history;
  }

  private async assertComplaintExists(complaintId: string): Promise<void> {
    const first = await this.store.readStream(complaintStreamId(complaintId), { maxCount: 1 });
    if (first.length === 0) throw new ComplaintNotFoundError(complaintId);
  }
}
