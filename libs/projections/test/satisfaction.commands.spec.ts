import { randomUUID } from 'node:crypto';
import {
  AggregateNotFoundError,
  ComplaintNotFoundError,
  IdempotencyKeyReusedError,
  verifyChain,
} from '@redress/application';
import { InvalidCommandError } from '@redress/domain';
import { openSatisfactionFixture, type SatisfactionFixture } from './satisfaction-fixture';

describe('survey command service', () => {
  let fx: SatisfactionFixture;
  let complaintId: string;
  const actor = { id: 'surveyor-1', role: 'agent' };
  const invitation = (surveyId: string, complaint: string) => ({
    type: 'SendSurvey' as const,
    surveyId,
    questionnaire: { id: 'complaint-handling', version: 1 },
    subject: { kind: 'COMPLAINT' as const, complaintId: complaint },
    channel: 'SMS' as const,
  });

  beforeAll(async () => {
    fx = await openSatisfactionFixture();
    complaintId = await fx.receive();
  });
  afterAll(async () => fx.close());

  it('refuses a survey about a complaint that does not exist', async () => {
    const surveyId = randomUUID();
    await expect(fx.survey(surveyId, invitation(surveyId, randomUUID()))).rejects.toBeInstanceOf(
      ComplaintNotFoundError,
    );
    expect(await fx.store.readStream(`survey-${surveyId}`)).toEqual([]);
  });

  it('refuses a command naming another survey than the stream addressed', async () => {
    await expect(fx.survey(randomUUID(), invitation(randomUUID(), complaintId))).rejects.toBeInstanceOf(
      InvalidCommandError,
    );
  });

  it('answers a retried command from the store, and refuses its id for another command', async () => {
    const surveyId = randomUUID();
    const request = { aggregateId: surveyId, commandId: randomUUID(), correlationId: 'c-1', actor };
    const first = await fx.surveys.execute({ ...request, command: invitation(surveyId, complaintId) });
    const again = await fx.surveys.execute({ ...request, command: invitation(surveyId, complaintId) });
    expect(again).toEqual({ ...first, replayed: true });
    await expect(
      fx.surveys.execute({ ...request, command: { type: 'RecordSurveyResponse', surveyId, answers: { CSAT: 4 } } }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await fx.store.readStream(`survey-${surveyId}`)).toHaveLength(1);
  });

  it('records a response and its change on the survey’s own stream, hash-chained like complaints', async () => {
    const surveyId = await fx.invite(complaintId, 'EMAIL');
    await fx.respond(surveyId, { CSAT: 4 });
    const changed = await fx.change(surveyId, { CSAT: 5 });
    expect(changed).toMatchObject({ revision: 2, events: ['SurveyResponseChanged'], replayed: false });
    expect(changed.state.response).toMatchObject({ answers: [{ item: 'CSAT', value: 5 }], changes: 1 });
    const view = await fx.surveys.getSurvey(surveyId);
    expect(view).toMatchObject({ id: surveyId, revision: 2, state: { status: 'RESPONDED' } });
    expect(verifyChain(`survey-${surveyId}`, await fx.store.readStream(`survey-${surveyId}`)).valid).toBe(true);
  });

  it('answers "survey not found" for a change to a survey that does not exist', async () => {
    const error = await fx.change(randomUUID(), { CSAT: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateNotFoundError);
    expect(error).toMatchObject({ code: 'SURVEY_NOT_FOUND' });
  });
});
