import { InvalidCommandError } from '../errors';
import { admitCommand } from '../lifecycle-guard';
import { CUSTOMER_TIERS } from '../complaint/vocabulary';
import { canonicalInstant, Violations } from '../complaint/validation';
import { recordedAnswers } from './answers';
import type * as C from './commands';
import type { SurveyEvent } from './events';
import {
  findQuestionnaire,
  QUESTIONNAIRES,
  type QuestionnaireDefinition,
  type QuestionnaireReference,
} from './questionnaires';
import { SURVEY_CHANNELS, type SurveyChannel } from './survey-channels';
import type { SurveyState, SurveyStatus } from './state';

/** How far in the future a response time may lie, to absorb clock skew between survey tools and this service. */
const CLOCK_SKEW_TOLERANCE_MS = 5 * 60 * 1000;

/** The survey lifecycle as data: the statuses that accept each command. */
export const SURVEY_COMMANDS_ALLOWED_IN: Readonly<Record<C.SurveyCommandType, readonly SurveyStatus[]>> = {
  SendSurvey: ['NONE'],
  RecordSurveyResponse: ['NONE', 'SENT'],
  ChangeSurveyResponse: ['RESPONDED'],
};

/** Decides which events a survey command causes; throws a DomainError when it is refused. */
export function decideSurvey(command: C.SurveyCommand, state: SurveyState): SurveyEvent[] {
  const { issuedAtMs, now } = admitCommand('survey', SURVEY_COMMANDS_ALLOWED_IN, command, state.status);
  switch (command.type) {
    case 'SendSurvey': {
      const violations = new Violations().text('surveyId', command.surveyId);
      const questionnaire = checkInvitation(command, violations);
      violations.throwIfAny();
      return [sent(command, questionnaire as QuestionnaireDefinition, now, true)];
    }
    case 'RecordSurveyResponse':
      return state.status === 'NONE'
        ? respondUnsolicited(command, issuedAtMs)
        : respondToInvitation(command, state, issuedAtMs);
    case 'ChangeSurveyResponse': {
      const violations = new Violations().text('reason', command.reason);
      optionalText(violations, 'comment', command.comment);
      const answers = recordedAnswers(questionnaireOf(state), command.answers, violations);
      violations.throwIfAny();
      const data = { surveyId: state.surveyId as string, answers, comment: command.comment ?? null };
      return [{ type: 'SurveyResponseChanged', data: { ...data, reason: command.reason, changedAt: now } }];
    }
  }
}

function respondUnsolicited(command: C.RecordSurveyResponse, issuedAtMs: number): SurveyEvent[] {
  const violations = new Violations().text('surveyId', command.surveyId);
  const questionnaire = checkInvitation(command, violations);
  const respondedAt = responseInstant(command, issuedAtMs, null, violations);
  const answers = questionnaire ? recordedAnswers(questionnaire, command.answers, violations) : [];
  optionalText(violations, 'comment', command.comment);
  violations.throwIfAny();
  const invitation = sent(
    command as Required<C.RecordSurveyResponse>,
    questionnaire as QuestionnaireDefinition,
    respondedAt,
    false,
  );
  return [invitation, responded(command, command.channel as SurveyChannel, answers, respondedAt)];
}

function respondToInvitation(command: C.RecordSurveyResponse, state: SurveyState, issuedAtMs: number): SurveyEvent[] {
  const violations = new Violations();
  const invited = state.questionnaire as QuestionnaireReference;
  if (command.questionnaire !== undefined && questionnaireKey(command.questionnaire) !== questionnaireKey(invited)) {
    violations.add('questionnaire', 'must be the questionnaire of the invitation, or be left out');
  }
  if (command.subject !== undefined && subjectKey(command.subject) !== subjectKey(state.subject)) {
    violations.add('subject', 'must be the subject of the invitation, or be left out');
  }
  violations.oneOf('channel', SURVEY_CHANNELS, command.channel, true);
  const respondedAt = responseInstant(command, issuedAtMs, state.sentAt, violations);
  const answers = recordedAnswers(questionnaireOf(state), command.answers, violations);
  optionalText(violations, 'comment', command.comment);
  violations.throwIfAny();
  return [responded(command, command.channel ?? (state.channel as SurveyChannel), answers, respondedAt)];
}

/** Checks what an invitation names (questionnaire, subject, channel); returns the questionnaire when known. */
function checkInvitation(
  command: Pick<C.SendSurvey, 'questionnaire' | 'subject' | 'channel'> | C.RecordSurveyResponse,
  violations: Violations,
): QuestionnaireDefinition | undefined {
  violations.oneOf('channel', SURVEY_CHANNELS, command.channel);
  const questionnaire = command.questionnaire ? findQuestionnaire(command.questionnaire) : undefined;
  if (!questionnaire) {
    const known = QUESTIONNAIRES.map((q) => `${q.id} v${q.version}`).join(', ');
    violations.add('questionnaire', `must name a known questionnaire version: ${known}`);
  }
  const subject = command.subject;
  if (subject?.kind === 'COMPLAINT') violations.text('subject.complaintId', subject.complaintId);
  else if (subject?.kind === 'CUSTOMER') {
    violations.text('subject.customerId', subject.customerId);
    // The tier is optional: a periodic survey may reach a customer the CRM has not tiered.
    if (subject.customerTier != null) violations.oneOf('subject.customerTier', CUSTOMER_TIERS, subject.customerTier);
  } else violations.add('subject.kind', 'must be COMPLAINT (with complaintId) or CUSTOMER (with customerId)');
  if (questionnaire && subject && subject.kind !== questionnaire.subjectKind) {
    violations.add('subject.kind', `questionnaire ${questionnaire.id} surveys a ${questionnaire.subjectKind}`);
  }
  return questionnaire;
}

/** The canonical response instant: as given (late keying) or now; never in the future, never before the invitation. */
function responseInstant(
  command: C.RecordSurveyResponse,
  issuedAtMs: number,
  sentAt: string | null,
  violations: Violations,
): string {
  if (command.respondedAt === undefined) return canonicalInstant(issuedAtMs);
  const millis = violations.instant('respondedAt', command.respondedAt);
  if (Number.isNaN(millis)) return '';
  if (millis > issuedAtMs + CLOCK_SKEW_TOLERANCE_MS) violations.add('respondedAt', 'must not be in the future');
  if (sentAt !== null && millis < Date.parse(sentAt)) {
    violations.add('respondedAt', `must not be before the invitation was sent (${sentAt})`);
  }
  return canonicalInstant(millis);
}

function sent(
  command: Pick<C.SendSurvey, 'surveyId' | 'questionnaire' | 'subject' | 'channel'>,
  questionnaire: QuestionnaireDefinition,
  sentAt: string,
  solicited: boolean,
): SurveyEvent {
  const subject: C.SurveySubject =
    command.subject.kind === 'COMPLAINT'
      ? { kind: 'COMPLAINT', complaintId: command.subject.complaintId }
      : {
          kind: 'CUSTOMER',
          customerId: command.subject.customerId,
          customerTier: command.subject.customerTier ?? null,
        };
  return {
    type: 'SurveySent',
    data: {
      surveyId: command.surveyId,
      questionnaire: { id: questionnaire.id, version: questionnaire.version },
      subject,
      channel: command.channel,
      sentAt,
      solicited,
    },
  };
}

function responded(
  command: C.RecordSurveyResponse,
  channel: SurveyChannel,
  answers: ReturnType<typeof recordedAnswers>,
  respondedAt: string,
): SurveyEvent {
  return {
    type: 'SurveyResponded',
    data: { surveyId: command.surveyId, channel, answers, comment: command.comment ?? null, respondedAt },
  };
}

function questionnaireOf(state: SurveyState): QuestionnaireDefinition {
  const questionnaire = state.questionnaire ? findQuestionnaire(state.questionnaire) : undefined;
  // A stored survey always names a released version; one missing from the registry is a deployment error.
  if (!questionnaire)
    throw new InvalidCommandError([{ field: 'questionnaire', message: 'is no longer in the registry' }]);
  return questionnaire;
}

function optionalText(violations: Violations, field: string, value: unknown): void {
  if (value !== undefined) violations.text(field, value);
}

function questionnaireKey(reference: QuestionnaireReference): string {
  return `${reference?.id}@${reference?.version}`;
}

function subjectKey(subject: C.SurveySubject | null): string {
  if (subject?.kind === 'COMPLAINT') return `COMPLAINT:${subject.complaintId}`;
  return `${subject?.kind}:${subject?.customerId}`;
}
