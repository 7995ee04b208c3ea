import type { SurveyItem } from './survey-items';

/** What a survey is about: one complaint's handling, or a customer's periodic relationship survey. */
export const SURVEY_SUBJECT_KINDS = ['COMPLAINT', 'CUSTOMER'] as const;
export type SurveySubjectKind = (typeof SURVEY_SUBJECT_KINDS)[number];

export interface QuestionnaireReference {
  id: string;
  version: number;
}

export interface QuestionnaireDefinition extends QuestionnaireReference {
  title: string;
  /** Satisfaction with complaint handling is surveyed apart from relationship satisfaction (ISO 10002 cl. 9). */
  subjectKind: SurveySubjectKind;
  /** The wording asked, per item; an item absent here is not part of this version. */
  questions: Partial<Record<SurveyItem, string>>;
}

const DIMENSION_QUESTIONS = {
  EFFICIENCY: 'How satisfied are you with how quickly we responded and resolved the matter?',
  RELIABILITY: 'How dependable and consistent was our service?',
  PROFESSIONALISM: 'How accurate, skilled and patient were the staff who helped you?',
  EMOTIONAL: 'How did you feel about the way you were treated?',
  FOLLOW_UP_SUPPORT: 'How satisfied are you with the help you received after the matter was handled?',
  LOYALTY: 'How willing are you to keep using our services?',
} satisfies Partial<Record<SurveyItem, string>>;

/**
 * The registry of questionnaire versions. A released version is never edited:
 * a changed wording or item list is a new version, and every response names
 * the version it answered (REQ-37: questionnaire definitions are versioned).
 */
export const QUESTIONNAIRES: readonly QuestionnaireDefinition[] = [
  {
    id: 'complaint-handling',
    version: 1,
    title: 'Satisfaction with the handling of your complaint',
    subjectKind: 'COMPLAINT',
    questions: {
      ...DIMENSION_QUESTIONS,
      CSAT: 'Overall, how satisfied are you with how your complaint was handled?',
      NPS: 'How likely are you to recommend us to a friend or colleague?',
      CES: 'We made it easy for me to get my complaint handled.',
    },
  },
  {
    id: 'customer-relationship',
    version: 1,
    title: 'Periodic customer satisfaction survey',
    subjectKind: 'CUSTOMER',
    questions: {
      ...DIMENSION_QUESTIONS,
      CSAT: 'Overall, how satisfied are you with our services?',
      NPS: 'How likely are you to recommend us to a friend or colleague?',
      CES: 'It is easy to get things done with us.',
    },
  },
];

export function findQuestionnaire(reference: QuestionnaireReference): QuestionnaireDefinition | undefined {
  return QUESTIONNAIRES.find((q) => q.id === reference.id && q.version === reference.version);
}
