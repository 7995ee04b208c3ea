import type { CustomerTier } from '../complaint/vocabulary';
import type { QuestionnaireReference } from './questionnaires';
import type { SurveyChannel } from './survey-channels';

export type SurveySubject =
  | { kind: 'COMPLAINT'; complaintId: string }
  /** A periodic survey of a customer; the tier (from the CRM) lets it be segmented like complaints. */
  | { kind: 'CUSTOMER'; customerId: string; customerTier: CustomerTier | null };

/** Answers as a caller gives them: item → value. The decider checks them against the questionnaire. */
export type GivenAnswers = Record<string, unknown>;

interface SurveyCommandBase<Type extends string> {
  type: Type;
  /** The instant the system accepted the command; the decider never reads a clock. */
  issuedAt: string;
}

/** Invites a customer to answer; invitations are the denominator of the response rate. */
export interface SendSurvey extends SurveyCommandBase<'SendSurvey'> {
  surveyId: string;
  questionnaire: QuestionnaireReference;
  subject: SurveySubject;
  channel: SurveyChannel;
}

/**
 * Records the customer's answers. On an invitation it answers it; without one
 * (a survey taken on the spot) questionnaire, subject and channel are required
 * and the invitation is recorded implicitly, so every response has one.
 */
export interface RecordSurveyResponse extends SurveyCommandBase<'RecordSurveyResponse'> {
  surveyId: string;
  questionnaire?: QuestionnaireReference;
  subject?: SurveySubject;
  /** How the customer answered; defaults to the invitation's channel. */
  channel?: SurveyChannel;
  answers: GivenAnswers;
  /** When the customer answered, for answers keyed in later (paper, phone notes); defaults to `issuedAt`. */
  respondedAt?: string;
  comment?: string;
}

/** Replaces the answers of a response (the customer changed their mind, or a keying error was corrected). */
export interface ChangeSurveyResponse extends SurveyCommandBase<'ChangeSurveyResponse'> {
  answers: GivenAnswers;
  reason: string;
  comment?: string;
}

export type SurveyCommand = SendSurvey | RecordSurveyResponse | ChangeSurveyResponse;
export type SurveyCommandType = SurveyCommand['type'];
