import type { SurveySubject } from './commands';
import type { SurveyAnswer } from './events';
import type { QuestionnaireReference } from './questionnaires';
import type { SurveyChannel } from './survey-channels';

export const SURVEY_STATUSES = ['NONE', 'SENT', 'RESPONDED'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export interface SurveyState {
  status: SurveyStatus;
  surveyId: string | null;
  questionnaire: QuestionnaireReference | null;
  subject: SurveySubject | null;
  channel: SurveyChannel | null;
  sentAt: string | null;
  response: {
    channel: SurveyChannel;
    answers: SurveyAnswer[];
    comment: string | null;
    respondedAt: string;
    /** How often the answers were replaced since the first response. */
    changes: number;
  } | null;
}

export const initialSurveyState: SurveyState = {
  status: 'NONE',
  surveyId: null,
  questionnaire: null,
  subject: null,
  channel: null,
  sentAt: null,
  response: null,
};
