import { randomUUID } from 'node:crypto';
import {
  EarlyWarningCommandService,
  SurveyCommandService,
  type UnstampedEarlyWarningCommand,
  type UnstampedSurveyCommand,
} from '@redress/application';
import type { SurveyChannel } from '@redress/domain';
import { openProjectionFixture } from './projection-fixture';

/**
 * The projection fixture (one in-memory PGlite for log and read models) plus
 * the survey and early-warning command services on the same controlled clock.
 */
export async function openSatisfactionFixture() {
  const fx = await openProjectionFixture();
  let now = Date.parse('2026-11-02T09:00:00Z');
  const clock = () => new Date(now);
  const surveys = new SurveyCommandService(fx.store, clock);
  const warnings = new EarlyWarningCommandService(fx.store, clock);
  const actor = { id: 'surveyor-1', role: 'agent' };
  const envelope = { correlationId: randomUUID(), actor };

  return {
    ...fx,
    surveys,
    warnings,
    setNow(iso: string) {
      now = Date.parse(iso);
      fx.setNow(iso);
    },
    async survey(surveyId: string, command: UnstampedSurveyCommand) {
      return surveys.execute({ aggregateId: surveyId, command, commandId: randomUUID(), ...envelope });
    },
    /** Sends the complaint-handling questionnaire about a complaint; returns the survey id. */
    async invite(complaintId: string, channel: SurveyChannel) {
      const surveyId = randomUUID();
      await this.survey(surveyId, {
        type: 'SendSurvey',
        surveyId,
        questionnaire: { id: 'complaint-handling', version: 1 },
        subject: { kind: 'COMPLAINT', complaintId },
        channel,
      });
      return surveyId;
    },
    async respond(surveyId: string, answers: Record<string, number>, respondedAt?: string) {
      return this.survey(surveyId, { type: 'RecordSurveyResponse', surveyId, answers, respondedAt });
    },
    async change(surveyId: string, answers: Record<string, number>) {
      return this.survey(surveyId, { type: 'ChangeSurveyResponse', answers, reason: 'customer changed their rating' });
    },
    async warning(warningId: string, command: UnstampedEarlyWarningCommand) {
      return warnings.execute({ aggregateId: warningId, command, commandId: randomUUID(), ...envelope });
    },
  };
}

export type SatisfactionFixture = Awaited<ReturnType<typeof openSatisfactionFixture>>;

/** The six dimensions in catalog order, as an answers object. */
export function dimensionAnswers(values: [number, number, number, number, number, number]): Record<string, number> {
  const names = ['EFFICIENCY', 'RELIABILITY', 'PROFESSIONALISM', 'EMOTIONAL', 'FOLLOW_UP_SUPPORT', 'LOYALTY'];
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}
