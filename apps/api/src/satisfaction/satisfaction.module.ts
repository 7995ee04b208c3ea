import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EarlyWarningCommandService, SurveyCommandService } from '@redress/application';
import { EVENT_STORE, type EventStore, type SqlClient } from '@redress/event-store';
import {
  ComplaintKpiQueries,
  EarlyWarningPlanner,
  EarlyWarningQueries,
  loadEarlyWarningRules,
  SatisfactionQueries,
  SlaTrackingCompliance,
  type KpiSettings,
  type SatisfactionSettings,
  type SlaComplianceSource,
} from '@redress/projections';
import { READ_MODEL_DB } from '../persistence.module';
import {
  DEFAULT_EVALUATION_INTERVAL_MS,
  EarlyWarningEvaluation,
  EVALUATION_INTERVAL_MS,
} from './early-warning-evaluation';
import { ReportsController } from './reports.controller';
import {
  EvaluateEarlyWarningsHandler,
  ExecuteEarlyWarningCommandHandler,
  ExecuteSurveyCommandHandler,
  GetKpisHandler,
  GetSatisfactionHandler,
  GetSurveyHandler,
  ListWarningsHandler,
} from './satisfaction.cqrs';
import { SurveysController } from './surveys.controller';

export interface SatisfactionModuleOptions {
  satisfaction?: Partial<SatisfactionSettings>;
  kpis?: Partial<KpiSettings>;
  /** Where SLA compliance per clock comes from; defaults to the SLA tracking read model. */
  sla?: SlaComplianceSource;
  /** Early-warning rules file; defaults to the shipped early-warning-rules.json. */
  earlyWarningRulesPath?: string;
  /** How often the early-warning rules are evaluated; 0 evaluates only on demand (POST /warnings/evaluations). */
  earlyWarningEvaluationIntervalMs?: number;
}

/**
 * Surveys, satisfaction indices, complaint KPIs and early warnings over HTTP.
 * The read models themselves run in the projection runner (SATISFACTION_PROJECTIONS
 * in ALL_PROJECTIONS); the early-warning rules are evaluated periodically
 * and on demand (EarlyWarningEvaluation).
 */
@Module({})
export class SatisfactionModule {
  static forRoot(options: SatisfactionModuleOptions = {}): DynamicModule {
    return {
      module: SatisfactionModule,
      imports: [CqrsModule],
      controllers: [SurveysController, ReportsController],
      providers: [
        {
          provide: SurveyCommandService,
          useFactory: (store: EventStore) => new SurveyCommandService(store),
          inject: [EVENT_STORE],
        },
        {
          provide: EarlyWarningCommandService,
          useFactory: (store: EventStore) => new EarlyWarningCommandService(store),
          inject: [EVENT_STORE],
        },
        {
          provide: SatisfactionQueries,
          useFactory: (db: SqlClient) => new SatisfactionQueries(db, options.satisfaction),
          inject: [READ_MODEL_DB],
        },
        {
          provide: ComplaintKpiQueries,
          useFactory: (db: SqlClient) =>
            new ComplaintKpiQueries(db, options.kpis, options.sla ?? new SlaTrackingCompliance(db)),
          inject: [READ_MODEL_DB],
        },
        {
          provide: EarlyWarningQueries,
          useFactory: (db: SqlClient) => new EarlyWarningQueries(db, options.kpis?.timeZone),
          inject: [READ_MODEL_DB],
        },
        {
          provide: EarlyWarningPlanner,
          useFactory: (kpis: ComplaintKpiQueries, satisfaction: SatisfactionQueries, warnings: EarlyWarningQueries) =>
            new EarlyWarningPlanner({
              kpis,
              satisfaction,
              warnings,
              rules: loadEarlyWarningRules(options.earlyWarningRulesPath),
            }),
          inject: [ComplaintKpiQueries, SatisfactionQueries, EarlyWarningQueries],
        },
        {
          provide: EVALUATION_INTERVAL_MS,
          useValue: options.earlyWarningEvaluationIntervalMs ?? DEFAULT_EVALUATION_INTERVAL_MS,
        },
        EarlyWarningEvaluation,
        ExecuteSurveyCommandHandler,
        ExecuteEarlyWarningCommandHandler,
        GetSurveyHandler,
        GetSatisfactionHandler,
        GetKpisHandler,
        ListWarningsHandler,
        EvaluateEarlyWarningsHandler,
      ],
      exports: [EarlyWarningEvaluation],
    };
  }
}
