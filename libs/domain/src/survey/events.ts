import { versionedEventReader, type DomainEvent } from '../versioned-events';
import type { SurveySubject } from './commands';
import type { QuestionnaireReference } from './questionnaires';
import type { SurveyChannel } from './survey-channels';
import type { AnswerScale, SurveyItem } from './survey-items';

/** One answer, with the scale it was given on, so the event explains itself without the registry. */
export interface SurveyAnswer {
  item: SurveyItem;
  value: number;
  scale: AnswerScale;
}

export type SurveySent = DomainEvent<
  'SurveySent',
  {
    surveyId: string;
    questionnaire: QuestionnaireReference;
    subject: SurveySubject;
    channel: SurveyChannel;
    sentAt: string;
    /** False when the invitation is implied by an unsolicited response. */
    solicited: boolean;
  }
>;
export type SurveyResponded = DomainEvent<
  'SurveyResponded',
  { surveyId: string; channel: SurveyChannel; answers: SurveyAnswer[]; comment: string | null; respondedAt: string }
>;
/** Supersedes every answer of the response; the full new set is in the event. */
export type SurveyResponseChanged = DomainEvent<
  'SurveyResponseChanged',
  { surveyId: string; answers: SurveyAnswer[]; comment: string | null; reason: string; changedAt: string }
>;

export type SurveyEvent = SurveySent | SurveyResponded | SurveyResponseChanged;
export type SurveyEventType = SurveyEvent['type'];

/** Current schema version of every survey event (bump and add an upcaster when a payload changes shape). */
export const SURVEY_EVENT_SCHEMA_VERSIONS: Readonly<Record<SurveyEventType, number>> = {
  SurveySent: 1,
  SurveyResponded: 1,
  SurveyResponseChanged: 1,
};

/** Lifts a stored survey event to the current schema version; unknown types or versions fail loudly. */
export const upcastSurveyEvent = versionedEventReader<SurveyEvent>(SURVEY_EVENT_SCHEMA_VERSIONS);
