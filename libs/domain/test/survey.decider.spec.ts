import {
  CommandNotAllowedError,
  InvalidCommandError,
  QUESTIONNAIRES,
  SURVEY_ITEM_SCALES,
  SURVEY_ITEMS,
  decideSurvey,
  evolveSurvey,
  initialSurveyState,
  upcastSurveyEvent,
  UnknownEventError,
  type SendSurvey,
  type SurveyCommand,
  type SurveyEvent,
  type SurveyState,
} from '@redress/domain';
import { deepFreeze } from './given-when-then';

const NOW = '2026-11-10T09:00:00.000Z';
const COMPLAINT_SURVEY = { id: 'complaint-handling', version: 1 };
const ABOUT_COMPLAINT = { kind: 'COMPLAINT', complaintId: 'cmp-1' } as const;

const fold = (events: SurveyEvent[]): SurveyState => events.reduce(evolveSurvey, initialSurveyState);
const decide = (command: SurveyCommand, history: SurveyEvent[] = []) =>
  decideSurvey(deepFreeze(command), deepFreeze(fold(history)));
const violationsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCommandError);
    return (error as InvalidCommandError).violations;
  }
  throw new Error('expected the command to be refused');
};

const invitation: SurveyEvent = {
  type: 'SurveySent',
  data: {
    surveyId: 'srv-1',
    questionnaire: COMPLAINT_SURVEY,
    subject: ABOUT_COMPLAINT,
    channel: 'SMS',
    sentAt: '2026-11-09T09:00:00.000Z',
    solicited: true,
  },
};
const respond = (answers: Record<string, unknown>, extra: Partial<SurveyCommand> = {}): SurveyCommand =>
  ({ type: 'RecordSurveyResponse', issuedAt: NOW, surveyId: 'srv-1', answers, ...extra }) as SurveyCommand;

describe('questionnaire registry', () => {
  it('asks every item of each questionnaire on that item’s one scale, ranges as the issue states', () => {
    expect(SURVEY_ITEM_SCALES).toMatchObject({
      EFFICIENCY: { min: 1, max: 5 },
      LOYALTY: { min: 1, max: 5 },
      CSAT: { min: 1, max: 5 },
      NPS: { min: 0, max: 10 },
      CES: { min: 1, max: 7 },
    });
    for (const questionnaire of QUESTIONNAIRES) {
      expect(
        Object.keys(questionnaire.questions).every((item) => (SURVEY_ITEMS as readonly string[]).includes(item)),
      ).toBe(true);
    }
  });

  it('never registers the same questionnaire version twice', () => {
    const keys = QUESTIONNAIRES.map((q) => `${q.id}@${q.version}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('SendSurvey', () => {
  const send = (overrides: Partial<SendSurvey> = {}): SendSurvey => ({
    type: 'SendSurvey',
    issuedAt: NOW,
    surveyId: 'srv-1',
    questionnaire: COMPLAINT_SURVEY,
    subject: ABOUT_COMPLAINT,
    channel: 'SMS',
    ...overrides,
  });

  it('records the invitation: the denominator of the response rate', () => {
    expect(decide(send())).toStrictEqual([{ ...invitation, data: { ...invitation.data, sentAt: NOW } }]);
  });

  it('refuses an unknown questionnaire version and a subject of the wrong kind', () => {
    const unknown = send({ questionnaire: { id: 'complaint-handling', version: 9 }, channel: 'PIGEON' as never });
    expect(violationsOf(() => decide(unknown)).map((v) => v.field)).toEqual(['channel', 'questionnaire']);
    const wrongKind = send({ subject: { kind: 'CUSTOMER', customerId: 'CUST-1', customerTier: null } });
    expect(violationsOf(() => decide(wrongKind))).toEqual([
      { field: 'subject.kind', message: 'questionnaire complaint-handling surveys a COMPLAINT' },
    ]);
  });

  it('cannot be sent twice on one stream', () => {
    expect(() => decide({ ...respond({}), type: 'SendSurvey' } as SurveyCommand, [invitation])).toThrow(
      CommandNotAllowedError,
    );
  });
});

describe('RecordSurveyResponse', () => {
  it('answers an invitation, storing each answer with its scale, in catalog order', () => {
    const events = decide(respond({ NPS: 9, CSAT: 4, CES: 6 }), [invitation]);
    expect(events).toStrictEqual([
      {
        type: 'SurveyResponded',
        data: {
          surveyId: 'srv-1',
          channel: 'SMS',
          comment: null,
          respondedAt: NOW,
          answers: [
            { item: 'CSAT', value: 4, scale: { min: 1, max: 5 } },
            { item: 'NPS', value: 9, scale: { min: 0, max: 10 } },
            { item: 'CES', value: 6, scale: { min: 1, max: 7 } },
          ],
        },
      },
    ]);
  });

  it('records an unsolicited response with an implicit invitation at the response time, so rates stay honest', () => {
    const events = decide(
      respond(
        { CSAT: 5 },
        {
          questionnaire: { id: 'customer-relationship', version: 1 },
          subject: { kind: 'CUSTOMER', customerId: 'CUST-9', customerTier: 'HIGH_VALUE' },
          channel: 'ON_SITE',
          respondedAt: '2026-11-01T10:00:00+08:00',
        },
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['SurveySent', 'SurveyResponded']);
    expect(events[0].data).toMatchObject({ solicited: false, sentAt: '2026-11-01T02:00:00.000Z', channel: 'ON_SITE' });
    expect(events[1].data).toMatchObject({ respondedAt: '2026-11-01T02:00:00.000Z', channel: 'ON_SITE' });
  });

  it.each([
    ['CSAT', 0, 'must be a whole number from 1 to 5'],
    ['CSAT', 6, 'must be a whole number from 1 to 5'],
    ['NPS', 11, 'must be a whole number from 0 to 10'],
    ['NPS', -1, 'must be a whole number from 0 to 10'],
    ['CES', 8, 'must be a whole number from 1 to 7'],
    ['EFFICIENCY', 3.5, 'must be a whole number from 1 to 5'],
    ['LOYALTY', '5', 'must be a whole number from 1 to 5'],
  ])('rejects %s = %p with a clear error: %s', (item, value, message) => {
    expect(violationsOf(() => decide(respond({ [item]: value }), [invitation]))).toEqual([
      { field: `answers.${item}`, message },
    ]);
  });

  it('lists every bad answer at once, including items the questionnaire does not ask', () => {
    expect(violationsOf(() => decide(respond({ CSAT: 9, MOOD: 3, NPS: 10 }), [invitation]))).toEqual([
      {
        field: 'answers.MOOD',
        message:
          'is not an item of questionnaire complaint-handling v1; items: EFFICIENCY, RELIABILITY, PROFESSIONALISM, EMOTIONAL, FOLLOW_UP_SUPPORT, LOYALTY, CSAT, NPS, CES',
      },
      { field: 'answers.CSAT', message: 'must be a whole number from 1 to 5' },
    ]);
  });

  it('refuses an empty answer set, a response before its invitation and one from the future', () => {
    expect(violationsOf(() => decide(respond({}), [invitation]))).toEqual([
      { field: 'answers', message: 'must give at least one answer, as item → value' },
    ]);
    expect(
      violationsOf(() => decide(respond({ CSAT: 3 }, { respondedAt: '2026-11-08T09:00:00Z' }), [invitation])),
    ).toEqual([
      { field: 'respondedAt', message: 'must not be before the invitation was sent (2026-11-09T09:00:00.000Z)' },
    ]);
    expect(
      violationsOf(() => decide(respond({ CSAT: 3 }, { respondedAt: '2026-11-10T10:00:00Z' }), [invitation])),
    ).toEqual([{ field: 'respondedAt', message: 'must not be in the future' }]);
  });

  it('refuses a response naming another questionnaire or subject than its invitation', () => {
    expect(
      violationsOf(() =>
        decide(respond({ CSAT: 3 }, { subject: { kind: 'COMPLAINT', complaintId: 'cmp-2' } }), [invitation]),
      ),
    ).toEqual([{ field: 'subject', message: 'must be the subject of the invitation, or be left out' }]);
  });

  it('is answered once; a second answer must be a change', () => {
    const answered = [invitation, ...decide(respond({ CSAT: 2 }), [invitation])];
    expect(() => decide(respond({ CSAT: 4 }), answered)).toThrow(
      'RecordSurveyResponse is not allowed while the survey is RESPONDED; allowed: ChangeSurveyResponse',
    );
  });
});

describe('ChangeSurveyResponse', () => {
  const answered = [invitation, ...decide(respond({ CSAT: 2, NPS: 3 }), [invitation])];

  it('supersedes every previous answer with the new full set', () => {
    const change: SurveyCommand = {
      type: 'ChangeSurveyResponse',
      issuedAt: NOW,
      answers: { CSAT: 5 },
      reason: 'keyed wrongly',
    };
    const events = decide(change, answered);
    expect(events).toStrictEqual([
      {
        type: 'SurveyResponseChanged',
        data: {
          surveyId: 'srv-1',
          answers: [{ item: 'CSAT', value: 5, scale: { min: 1, max: 5 } }],
          comment: null,
          reason: 'keyed wrongly',
          changedAt: NOW,
        },
      },
    ]);
    const state = fold([...answered, ...events]);
    expect(state.response).toMatchObject({ answers: [{ item: 'CSAT', value: 5 }], changes: 1, respondedAt: NOW });
  });

  it('validates the new answers like the first ones and needs a reason', () => {
    expect(
      violationsOf(() =>
        decide({ type: 'ChangeSurveyResponse', issuedAt: NOW, answers: { NPS: 12 }, reason: ' ' }, answered),
      ),
    ).toEqual([
      { field: 'reason', message: 'must be a non-empty text' },
      { field: 'answers.NPS', message: 'must be a whole number from 0 to 10' },
    ]);
  });

  it('is not allowed before a response exists', () => {
    expect(() =>
      decide({ type: 'ChangeSurveyResponse', issuedAt: NOW, answers: { CSAT: 5 }, reason: 'x' }, [invitation]),
    ).toThrow(CommandNotAllowedError);
  });
});

describe('survey events', () => {
  it('read back at their current version and refuse a version from the future', () => {
    expect(upcastSurveyEvent({ type: 'SurveySent', schemaVersion: 1, data: invitation.data })).toEqual(invitation);
    expect(() => upcastSurveyEvent({ type: 'SurveySent', schemaVersion: 2, data: {} })).toThrow(UnknownEventError);
    expect(() => upcastSurveyEvent({ type: 'SurveyDeleted', schemaVersion: 1, data: {} })).toThrow(UnknownEventError);
  });
});
