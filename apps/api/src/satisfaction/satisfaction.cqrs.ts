import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler } from '@nestjs/cqrs';
import {
  EarlyWarningCommandService,
  SurveyCommandService,
  type AggregateCommandRequest,
  type AggregateCommandResult,
  type SurveyCommandRequest,
  type SurveyCommandResult,
  type SurveyView,
} from '@redress/application';
import type { EarlyWarningCommand, EarlyWarningState } from '@redress/domain';
import {
  ComplaintKpiQueries,
  EarlyWarningQueries,
  SatisfactionQueries,
  type EarlyWarningView,
  type KpiQuery,
  type KpiReport,
  type ReportingWindow,
  type SatisfactionQuery,
  type SatisfactionReport,
  type WarningQuery,
} from '@redress/projections';

import { EarlyWarningEvaluation, type TriggeredWarning } from './early-warning-evaluation';

/** CQRS envelopes around the application services and read-model queries; the handlers only delegate. */
export class ExecuteSurveyCommand extends Command<SurveyCommandResult> {
  constructor(readonly request: SurveyCommandRequest) {
    super();
  }
}

export class ExecuteEarlyWarningCommand extends Command<AggregateCommandResult<EarlyWarningState>> {
  constructor(readonly request: AggregateCommandRequest<EarlyWarningCommand>) {
    super();
  }
}

export class EvaluateEarlyWarnings extends Command<TriggeredWarning[]> {
  constructor(readonly now: Date) {
    super();
  }
}

export class GetSurveyQuery extends Query<SurveyView> {
  constructor(readonly surveyId: string) {
    super();
  }
}

export class GetSatisfactionQuery extends Query<SatisfactionReport> {
  constructor(readonly query: SatisfactionQuery) {
    super();
  }
}

export class GetKpisQuery extends Query<KpiReport> {
  constructor(readonly query: KpiQuery) {
    super();
  }
}

export class ListWarningsQuery extends Query<{ window: ReportingWindow | null; warnings: EarlyWarningView[] }> {
  constructor(
    readonly query: WarningQuery,
    readonly now: Date,
  ) {
    super();
  }
}

type Constructor<T> = abstract new (...args: never[]) => T;

/**
 * A CQRS handler that only hands its message to a service: `run` says which
 * method. Generated, because every handler here is that one line of code.
 */
function delegatingHandler<Message extends object, Service>(
  decorate: (message: new (...args: never[]) => Message) => ClassDecorator,
  message: new (...args: never[]) => Message,
  service: Constructor<Service>,
  run: (service: Service, message: Message) => unknown,
) {
  class Handler {
    constructor(@Inject(service) private readonly target: Service) {}
    execute(received: Message) {
      return run(this.target, received);
    }
  }
  Object.defineProperty(Handler, 'name', { value: `${message.name}Handler` });
  decorate(message)(Handler);
  return Handler;
}

export const ExecuteSurveyCommandHandler = delegatingHandler(
  CommandHandler,
  ExecuteSurveyCommand,
  SurveyCommandService,
  (s, c) => s.execute(c.request),
);
export const ExecuteEarlyWarningCommandHandler = delegatingHandler(
  CommandHandler,
  ExecuteEarlyWarningCommand,
  EarlyWarningCommandService,
  (s, c) => s.execute(c.request),
);
export const GetSurveyHandler = delegatingHandler(QueryHandler, GetSurveyQuery, SurveyCommandService, (s, q) =>
  s.getSurvey(q.surveyId),
);
export const GetSatisfactionHandler = delegatingHandler(
  QueryHandler,
  GetSatisfactionQuery,
  SatisfactionQueries,
  (s, q) => s.report(q.query),
);
export const GetKpisHandler = delegatingHandler(QueryHandler, GetKpisQuery, ComplaintKpiQueries, (s, q) =>
  s.report(q.query),
);
export const ListWarningsHandler = delegatingHandler(QueryHandler, ListWarningsQuery, EarlyWarningQueries, (s, q) =>
  s.list(q.query, q.now),
);
export const EvaluateEarlyWarningsHandler = delegatingHandler(
  CommandHandler,
  EvaluateEarlyWarnings,
  EarlyWarningEvaluation,
  (s, c) => s.evaluate(c.now),
);
