/** Folding history into state, and reading stored events back (upcasting). */
import {
  COMPLAINT_EVENT_SCHEMA_VERSIONS,
  COMPLAINT_EVENT_TYPES,
  COMPLAINT_STATUSES,
  UnknownEventError,
  complaintDecider,
  evolveComplaint,
  foldEvents,
  initialComplaintState,
  newHandlingCycle,
  upcastComplaintEvent,
  type ComplaintEvent,
  type ComplaintState,
} from '@redress/domain';
import { DAY, EVENTS, HISTORY, HOUR, at, between, deepFreeze, event, fold } from './given-when-then';

describe('evolveComplaint', () => {
  test.each(COMPLAINT_STATUSES.map((status) => [status]))('folds the %s fixture into that status', (status) => {
    expect(fold(HISTORY[status]).status).toBe(status);
  });

  it('folds the whole happy path into the closed state', () => {
    const { complaintId, ...receipt } = EVENTS.received.data;
    const expected: ComplaintState = {
      ...receipt,
      id: complaintId,
      status: 'CLOSED',
      category: 'SERVICE_QUALITY',
      grade: 'GENERAL',
      priority: 'P3',
      isComplex: false,
      department: 'Billing',
      assignee: 'alice',
      departmentsInvolved: ['Billing'],
      escalationLevel: null,
      escalations: [],
      rootCause: EVENTS.rootCauseIdentified.data,
      rootCauseConfirmedInCycle: true,
      progressUpdateCount: 0,
      lastProgressUpdateAt: null,
      acknowledgedAt: null,
      problemClarifiedAt: null,
      preliminaryHandlingCompletedAt: null,
      detailedFeedbackSentAt: null,
      awaitingCustomerInformation: null,
      incident: null,
      emergencyPlanActivatedAt: null,
      finalResponseSentAt: null,
      earlyResolutionConfirmedAt: null,
      externalAppraisal: null,
      slaAlertKeys: [],
      slaPolicy: null,
      cycle: {
        number: 1,
        resolution: EVENTS.resolutionProposed.data,
        execution: { outcome: 'refund paid; run lock deployed', executedAt: at(2 * DAY) },
        customerInformedAt: at(2 * DAY + HOUR),
        customerDecision: 'CONFIRMED',
        feedbackReportSentAt: at(2 * DAY + 3 * HOUR),
        followUps: [{ channel: 'PHONE', satisfied: true, score: 5, at: at(2 * DAY + 4 * HOUR) }],
        effectVerification: null,
      },
      reopenCount: 0,
      closedAt: at(2 * DAY + 5 * HOUR),
      withdrawal: null,
      archive: null,
      mergedInto: null,
      mergedDuplicates: [],
      effectiveReceivedAt: receipt.receivedAt,
    };
    expect(fold(HISTORY.CLOSED)).toStrictEqual(expected);
  });

  it('starts a new cycle on reopen, keeping the complaint, its owner and the old root cause', () => {
    const closed = fold(HISTORY.CLOSED);
    expect(fold(HISTORY.REOPENED)).toStrictEqual({
      ...closed,
      status: 'REOPENED',
      reopenCount: 1,
      rootCauseConfirmedInCycle: false,
      closedAt: null,
      cycle: newHandlingCycle(2),
    });
  });

  it('numbers cycles and counts reopens across several reopens', () => {
    const twice = fold([
      ...HISTORY.REOPENED,
      ...between('ASSIGNED', 'CLOSED'),
      event('ComplaintReopened', { reason: 'again', reopenedAt: at(9 * DAY), reopenCount: 2 }),
    ]);
    expect(twice).toMatchObject({ status: 'REOPENED', reopenCount: 2, cycle: { number: 3 } });
  });

  it('leaves the status alone when a customer rejection is recorded, until the paired reopen', () => {
    const rejected = fold([
      ...HISTORY.CUSTOMER_INFORMED,
      event('CustomerRejectedResolution', { reason: 'no', rejectedAt: at(3 * DAY) }),
    ]);
    expect(rejected).toMatchObject({ status: 'CUSTOMER_INFORMED', cycle: { number: 1, customerDecision: 'REJECTED' } });
  });

  it('tracks every department involved and keeps a multi-department complaint complex when re-triaged', () => {
    const state = fold([
      ...HISTORY.ASSIGNED,
      event('ComplaintReassigned', {
        previousDepartment: 'Billing',
        previousAssignee: 'alice',
        department: 'Finance',
        assignee: 'erin',
        reason: 'refund',
      }),
      event('ComplaintMarkedComplex', { reason: 'MULTI_DEPARTMENT', departments: ['Billing', 'Finance'] }),
      event('ComplaintReassigned', {
        previousDepartment: 'Finance',
        previousAssignee: 'erin',
        department: 'Billing',
        assignee: 'bob',
        reason: 'back',
      }),
      event('ComplaintTriaged', { grade: 'SERIOUS', priority: 'P2', isComplex: false }),
    ]);
    expect(state).toMatchObject({
      status: 'ASSIGNED',
      department: 'Billing',
      assignee: 'bob',
      departmentsInvolved: ['Billing', 'Finance'],
      isComplex: true,
      grade: 'SERIOUS',
    });
  });

  it('lets a single-department complaint be re-triaged as not complex', () => {
    const state = fold([
      ...HISTORY.ASSIGNED,
      event('ComplaintTriaged', { grade: 'URGENT', priority: 'P1', isComplex: true }),
      EVENTS.triaged,
    ]);
    expect(state.isComplex).toBe(false);
  });

  it('changes the status only on the first classification, not on later ones', () => {
    expect(fold(HISTORY.CLASSIFIED).status).toBe('CLASSIFIED');
    const later = fold([...HISTORY.TRIAGED, event('ComplaintClassified', { category: 'OTHER' })]);
    expect(later).toMatchObject({ status: 'TRIAGED', category: 'OTHER' });
  });

  it('records the escalation ladder in order', () => {
    const state = fold([
      ...HISTORY.RECEIVED,
      event('ComplaintEscalated', { previousLevel: null, level: 'SUPERVISOR', reason: 'angry customer', team: null }),
      event('ComplaintEscalated', { previousLevel: 'SUPERVISOR', level: 'EXECUTIVE', reason: 'press', team: 'LEGAL' }),
    ]);
    expect(state).toMatchObject({
      status: 'RECEIVED',
      escalationLevel: 'EXECUTIVE',
      escalations: [
        { level: 'SUPERVISOR', team: null, reason: 'angry customer' },
        { level: 'EXECUTIVE', team: 'LEGAL', reason: 'press' },
      ],
    });
  });

  it('counts progress updates and remembers the last one', () => {
    const update = (sentAt: string) =>
      event('ProgressUpdateSent', {
        progress: 'refund requested',
        cause: 'double batch',
        measures: 'refund',
        stage: 'RESOLUTION',
        responsiblePerson: 'alice',
        expectedCompletionAt: at(4 * DAY),
        sentAt,
      });
    const state = fold([...HISTORY.ASSIGNED, update(at(DAY)), update(at(DAY + HOUR))]);
    expect(state).toMatchObject({ status: 'ASSIGNED', progressUpdateCount: 2, lastProgressUpdateAt: at(DAY + HOUR) });
  });

  it('records withdrawal and archive', () => {
    expect(fold(HISTORY.WITHDRAWN).withdrawal).toStrictEqual({
      reason: 'the customer found the bank had reversed it',
      at: at(DAY),
    });
    expect(fold(HISTORY.ARCHIVED)).toMatchObject({
      closedAt: at(2 * DAY + 5 * HOUR),
      archive: { category: 'SYSTEM', at: at(10 * DAY) },
    });
  });

  it('never mutates the state it folds into', () => {
    let state = deepFreeze(structuredClone(initialComplaintState));
    for (const e of HISTORY.ARCHIVED) state = deepFreeze(evolveComplaint(state, e));
    expect(state.status).toBe('ARCHIVED');
    expect(initialComplaintState).toMatchObject({
      status: 'NONE',
      cycle: newHandlingCycle(1),
      departmentsInvolved: [],
      escalations: [],
    });
  });

  it('is what foldEvents does with the complaint decider', () => {
    expect(foldEvents(complaintDecider, HISTORY.REOPENED)).toStrictEqual(fold(HISTORY.REOPENED));
  });
});

describe('upcastComplaintEvent', () => {
  const sample: Record<string, ComplaintEvent> = Object.fromEntries(
    Object.values(HISTORY)
      .flat()
      .map((e) => [e.type, e]),
  );

  it('knows every event type at schema version 1, except ComplaintReceived at 2 (sealed personal data)', () => {
    const { ComplaintReceived, ...others } = COMPLAINT_EVENT_SCHEMA_VERSIONS;
    expect(ComplaintReceived).toBe(2);
    expect(Object.values(others).every((v) => v === 1)).toBe(true);
    expect(COMPLAINT_EVENT_TYPES).toHaveLength(43);
  });

  it('reads a v2 ComplaintReceived with sealed personal data as it is', () => {
    const data = {
      ...sample.ComplaintReceived.data,
      customer: {
        id: 'CUST-1',
        tier: 'ORDINARY',
        personalData: { v: 1, keyId: 'k', iv: 'aXY=', ciphertext: 'Y3Q=', tag: 'dGFn' },
      },
    };
    expect(upcastComplaintEvent({ type: 'ComplaintReceived', schemaVersion: 2, data })).toStrictEqual({
      type: 'ComplaintReceived',
      data,
    });
  });

  test.each(COMPLAINT_EVENT_TYPES.map((type) => [type]))('passes a v1 %s through unchanged', (type) => {
    const data = sample[type]?.data ?? { any: 'payload' };
    expect(upcastComplaintEvent({ type, schemaVersion: 1, data })).toStrictEqual({ type, data });
  });

  it('reads a stored history back into the same state', () => {
    const stored = HISTORY.ARCHIVED.map((e) => ({
      type: e.type,
      schemaVersion: 1,
      data: JSON.parse(JSON.stringify(e.data)),
    }));
    expect(fold(stored.map(upcastComplaintEvent))).toStrictEqual(fold(HISTORY.ARCHIVED));
  });

  test.each([
    ['an unknown type', 'ComplaintTeleported', 1],
    ['a type name that is an Object prototype key', 'toString', 1],
    ['a version from the future', 'ComplaintReceived', 3],
    ['version 0', 'ComplaintClosed', 0],
    ['a negative version', 'ComplaintClosed', -1],
    ['a fractional version', 'ComplaintClosed', 1.5],
    ['a NaN version', 'ComplaintClosed', Number.NaN],
  ])('refuses %s', (_label, type, schemaVersion) => {
    let error: unknown;
    try {
      upcastComplaintEvent({ type, schemaVersion, data: {} });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(UnknownEventError);
    expect(error).toMatchObject({
      name: 'UnknownEventError',
      type,
      schemaVersion,
      message: `cannot read event ${type} v${schemaVersion}: unknown type or a version newer than this build`,
    });
  });
});
