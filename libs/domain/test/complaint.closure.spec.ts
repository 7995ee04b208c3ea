/** Closing the loop: feedback report, follow-up, effect verification, close, reopen, withdraw, archive. */
import { InvalidCommandError, PreconditionFailedError, newHandlingCycle, type ComplaintEvent } from '@redress/domain';
import {
  EVENTS,
  HISTORY,
  MUST_BE_TEXT,
  MUST_LIST,
  NOW,
  between,
  command,
  event,
  given,
  violation,
} from './given-when-then';

const { feedbackReportSent: report, followUpRecorded: followUp, effectVerifiedResolved: verifiedResolved } = EVENTS;
const verifiedUnresolved = event('EffectVerified', { ...verifiedResolved.data, resolved: false });

const ROOT_CAUSE = 'a root cause must be recorded';
const REPORT = 'the formal feedback report must be sent';
const FOLLOW_UP = 'at least one follow-up must be recorded';
const CONFIRMATION = 'the customer must confirm the resolution, or an effect verification must find it resolved';
const UNRESOLVED = 'the latest effect verification found the problem unresolved; verify again or reopen';

describe('SendFeedbackReport (REQ-17)', () => {
  it('sends the formal report with result, improvement measures and follow-up plan', () => {
    const { state } = given(...HISTORY.CUSTOMER_CONFIRMED)
      .when(command('SendFeedbackReport'))
      .then(
        event('FeedbackReportSent', {
          result: 'refund paid',
          improvementMeasures: ['batch run lock'],
          followUpPlan: 'check the next bill with the customer',
          sentAt: NOW,
        }),
      );
    expect(state).toMatchObject({ status: 'CUSTOMER_CONFIRMED', cycle: { feedbackReportSentAt: NOW } });
  });

  it('reports every missing part of the report at once', () => {
    given(...HISTORY.CUSTOMER_INFORMED)
      .when(command('SendFeedbackReport', { result: '', improvementMeasures: [], followUpPlan: ' ' }))
      .thenThrows(InvalidCommandError, {
        violations: [
          violation('result', MUST_BE_TEXT),
          violation('improvementMeasures', MUST_LIST),
          violation('followUpPlan', MUST_BE_TEXT),
        ],
      });
  });

  it('rejects a blank improvement measure', () => {
    given(...HISTORY.CUSTOMER_INFORMED)
      .when(command('SendFeedbackReport', { improvementMeasures: ['retrain staff', '\t'] }))
      .thenThrows(InvalidCommandError, { violations: [violation('improvementMeasures[1]', MUST_BE_TEXT)] });
  });
});

describe('RecordFollowUp (REQ-22)', () => {
  it('records a follow-up with a score', () => {
    const { state } = given(...HISTORY.CUSTOMER_CONFIRMED)
      .when(command('RecordFollowUp', { notes: 'happy with the refund' }))
      .then(
        event('FollowUpRecorded', {
          channel: 'EMAIL',
          satisfied: true,
          score: 4,
          notes: 'happy with the refund',
          followedUpAt: NOW,
        }),
      );
    expect(state.cycle.followUps).toStrictEqual([{ channel: 'EMAIL', satisfied: true, score: 4, at: NOW }]);
  });

  it('records a follow-up right after execution, without score or notes', () => {
    given(...HISTORY.RESOLUTION_EXECUTED)
      .when(command('RecordFollowUp', { channel: 'PHONE', satisfied: false, score: undefined }))
      .then(
        event('FollowUpRecorded', { channel: 'PHONE', satisfied: false, score: null, notes: null, followedUpAt: NOW }),
      );
  });

  test.each([1, 5])('accepts score %p', (score) => {
    const { events } = given(...HISTORY.CUSTOMER_INFORMED)
      .when(command('RecordFollowUp', { score }))
      .result();
    expect(events).toMatchObject([{ type: 'FollowUpRecorded', data: { score } }]);
  });

  test.each([0, 6, -1, 2.5, Number.NaN, null as unknown as number, '4' as unknown as number])(
    'rejects score %p',
    (score) => {
      given(...HISTORY.CUSTOMER_INFORMED)
        .when(command('RecordFollowUp', { score }))
        .thenThrows(InvalidCommandError, { violations: [violation('score', 'must be a whole number from 1 to 5')] });
    },
  );
});

describe('VerifyEffect (REQ-26)', () => {
  test.each([true, false])('records the verification result (resolved: %p)', (resolved) => {
    const { state } = given(...HISTORY.CUSTOMER_INFORMED)
      .when(command('VerifyEffect', { method: 'SURVEY', resolved, notes: 'survey of 3 April' }))
      .then(event('EffectVerified', { method: 'SURVEY', resolved, notes: 'survey of 3 April', verifiedAt: NOW }));
    expect(state.cycle.effectVerification).toStrictEqual({ method: 'SURVEY', resolved, at: NOW });
  });

  it('records null notes when none are given', () => {
    given(...HISTORY.CUSTOMER_CONFIRMED)
      .when(command('VerifyEffect'))
      .then(event('EffectVerified', { method: 'SERVICE_FEEDBACK', resolved: true, notes: null, verifiedAt: NOW }));
  });
});

describe('CloseComplaint (REQ-25)', () => {
  const closed = (resolvedBy: 'CUSTOMER_CONFIRMATION' | 'EFFECT_VERIFICATION', summary: string | null = null) =>
    event('ComplaintClosed', { closedAt: NOW, summary, resolvedBy });

  it('closes a confirmed complaint once the report and a follow-up exist', () => {
    const { state } = given(...HISTORY.CUSTOMER_CONFIRMED, report, followUp)
      .when(command('CloseComplaint', { summary: 'refunded; batch fixed' }))
      .then(closed('CUSTOMER_CONFIRMATION', 'refunded; batch fixed'));
    expect(state).toMatchObject({ status: 'CLOSED', closedAt: NOW });
  });

  it('closes by effect verification when the customer never confirmed', () => {
    given(...HISTORY.CUSTOMER_INFORMED, report, followUp, verifiedResolved)
      .when(command('CloseComplaint'))
      .then(closed('EFFECT_VERIFICATION'));
  });

  it('credits the customer confirmation when there is also a resolved verification', () => {
    given(...HISTORY.CUSTOMER_CONFIRMED, verifiedResolved, report, followUp)
      .when(command('CloseComplaint'))
      .then(closed('CUSTOMER_CONFIRMATION'));
  });

  it('counts a follow-up recorded right after execution, before the customer was informed', () => {
    given(...HISTORY.RESOLUTION_EXECUTED, followUp, EVENTS.customerInformed, EVENTS.customerConfirmed, report)
      .when(command('CloseComplaint'))
      .then(closed('CUSTOMER_CONFIRMATION'));
  });

  /** Reaches a status through a history that skips RootCauseIdentified in the current cycle (not reachable by commands). */
  const reopenedWithoutRootCause = [...HISTORY.REOPENED, ...between('ROOT_CAUSE_IDENTIFIED', 'CUSTOMER_CONFIRMED')];

  test.each<[string, ComplaintEvent[], string[]]>([
    ['nothing after informing the customer', [...HISTORY.CUSTOMER_INFORMED], [REPORT, FOLLOW_UP, CONFIRMATION]],
    ['no feedback report', [...HISTORY.CUSTOMER_CONFIRMED, followUp], [REPORT]],
    ['no follow-up', [...HISTORY.CUSTOMER_CONFIRMED, report], [FOLLOW_UP]],
    ['neither confirmation nor verification', [...HISTORY.CUSTOMER_INFORMED, report, followUp], [CONFIRMATION]],
    [
      'only an unresolved verification',
      [...HISTORY.CUSTOMER_INFORMED, report, followUp, verifiedUnresolved],
      [UNRESOLVED],
    ],
    [
      'a resolved verification later found unresolved',
      [...HISTORY.CUSTOMER_INFORMED, verifiedResolved, report, followUp, verifiedUnresolved],
      [UNRESOLVED],
    ],
    [
      'a confirmation contradicted by a later unresolved verification',
      [...HISTORY.CUSTOMER_CONFIRMED, report, followUp, verifiedUnresolved],
      [UNRESOLVED],
    ],
    ['no root cause in the current cycle', [...reopenedWithoutRootCause, report, followUp], [ROOT_CAUSE]],
    ['no root cause and nothing else', reopenedWithoutRootCause, [ROOT_CAUSE, REPORT, FOLLOW_UP]],
  ])('refuses with %s, listing each unmet condition', (_label, history, unmetConditions) => {
    const status = given(...history).state.status;
    given(...history)
      .when(command('CloseComplaint'))
      .thenThrows(PreconditionFailedError, {
        code: 'PRECONDITION_FAILED',
        command: 'CloseComplaint',
        status,
        unmetConditions,
      });
  });

  it('explains every unmet condition in the message', () => {
    const error = given(...HISTORY.CUSTOMER_CONFIRMED)
      .when(command('CloseComplaint'))
      .thenThrows(PreconditionFailedError);
    expect(error.message).toBe(`CloseComplaint cannot be accepted yet: ${REPORT}; ${FOLLOW_UP}`);
  });
});

describe('ReopenComplaint (REQ-27)', () => {
  const reopened = (reopenCount: number) =>
    event('ComplaintReopened', { reason: 'the customer was charged twice again', reopenedAt: NOW, reopenCount });

  it('reopens a closed complaint into a fresh handling cycle', () => {
    const { state } = given(...HISTORY.CLOSED)
      .when(command('ReopenComplaint'))
      .then(reopened(1));
    expect(state).toMatchObject({
      status: 'REOPENED',
      reopenCount: 1,
      closedAt: null,
      rootCauseConfirmedInCycle: false,
    });
    expect(state.cycle).toStrictEqual(newHandlingCycle(2));
  });

  it('reopens a confirmed complaint before closure', () => {
    const { state } = given(...HISTORY.CUSTOMER_CONFIRMED)
      .when(command('ReopenComplaint'))
      .then(reopened(1));
    expect(state.status).toBe('REOPENED');
  });

  it('counts every reopen', () => {
    given(...HISTORY.REOPENED, ...between('ASSIGNED', 'CLOSED'))
      .when(command('ReopenComplaint'))
      .then(reopened(2));
  });

  test.each([undefined, '', ' '])('requires a reason, refusing %p', (reason) => {
    given(...HISTORY.CLOSED)
      .when(command('ReopenComplaint', { reason }))
      .thenThrows(InvalidCommandError, { violations: [violation('reason', MUST_BE_TEXT)] });
  });

  describe('the new cycle', () => {
    it('no longer counts the old report, follow-up and confirmation towards closing', () => {
      given(...HISTORY.REOPENED, ...between('ASSIGNED', 'CUSTOMER_INFORMED'))
        .when(command('CloseComplaint'))
        .thenThrows(PreconditionFailedError, {
          status: 'CUSTOMER_INFORMED',
          unmetConditions: [REPORT, FOLLOW_UP, CONFIRMATION],
        });
    });

    it('no longer counts the old effect verification', () => {
      const verifiedThenClosed = [
        ...HISTORY.CUSTOMER_INFORMED,
        report,
        followUp,
        verifiedResolved,
        event('ComplaintClosed', { closedAt: NOW, summary: null, resolvedBy: 'EFFECT_VERIFICATION' }),
      ];
      given(...verifiedThenClosed, EVENTS.reopened, ...between('ASSIGNED', 'CUSTOMER_INFORMED'), report, followUp)
        .when(command('CloseComplaint'))
        .thenThrows(PreconditionFailedError, { unmetConditions: [CONFIRMATION] });
    });

    it('closes again once the new cycle is complete', () => {
      given(...HISTORY.REOPENED, ...between('ASSIGNED', 'CUSTOMER_CONFIRMED'), report, followUp)
        .when(command('CloseComplaint'))
        .then(event('ComplaintClosed', { closedAt: NOW, summary: null, resolvedBy: 'CUSTOMER_CONFIRMATION' }));
    });
  });
});

describe('WithdrawComplaint', () => {
  it('withdraws an open complaint', () => {
    const { state } = given(...HISTORY.TRIAGED)
      .when(command('WithdrawComplaint'))
      .then(event('ComplaintWithdrawn', { reason: 'the customer withdrew by phone', withdrawnAt: NOW }));
    expect(state).toMatchObject({
      status: 'WITHDRAWN',
      withdrawal: { reason: 'the customer withdrew by phone', at: NOW },
    });
  });

  test.each([undefined, '', '\n'])('requires a reason, refusing %p', (reason) => {
    given(...HISTORY.RECEIVED)
      .when(command('WithdrawComplaint', { reason }))
      .thenThrows(InvalidCommandError, { violations: [violation('reason', MUST_BE_TEXT)] });
  });
});

describe('ArchiveComplaint (REQ-29)', () => {
  test.each(['CLOSED', 'WITHDRAWN'] as const)('archives a %s complaint under its archive category', (status) => {
    const { state } = given(...HISTORY[status])
      .when(command('ArchiveComplaint', { archiveCategory: 'PRODUCT_DEFECT' }))
      .then(event('ComplaintArchived', { archiveCategory: 'PRODUCT_DEFECT', archivedAt: NOW }));
    expect(state).toMatchObject({ status: 'ARCHIVED', archive: { category: 'PRODUCT_DEFECT', at: NOW } });
  });
});
