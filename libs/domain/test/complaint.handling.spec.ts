/** Analysis, resolution and communication: root cause, resolution, progress updates, result and customer response. */
import { InvalidCommandError, newHandlingCycle, type Compensation } from '@redress/domain';
import {
  EVENTS,
  HISTORY,
  MUST_BE_INSTANT,
  MUST_BE_TEXT,
  MUST_LIST,
  NOW,
  NOW_MS,
  between,
  command,
  event,
  given,
  violation,
} from './given-when-then';

describe('RecordRootCause', () => {
  const identified = event('RootCauseIdentified', {
    rootCause: 'the run lock was not applied to the April batch',
    category: 'PROCESS_NONCOMPLIANCE',
    responsibleDepartment: 'Billing IT',
    responsiblePerson: 'carol',
  });

  test.each([
    ['ASSIGNED', 1],
    ['ROOT_CAUSE_IDENTIFIED', 1],
    ['REOPENED', 2],
  ] as const)(
    'records root cause, responsible department and person in %s, for cycle %i (REQ-13)',
    (status, number) => {
      const { state } = given(...HISTORY[status])
        .when(command('RecordRootCause'))
        .then(identified);
      expect(state).toMatchObject({
        status: 'ROOT_CAUSE_IDENTIFIED',
        rootCause: identified.data,
        rootCauseConfirmedInCycle: true,
        cycle: { number },
      });
    },
  );

  it('requires every text', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('RecordRootCause', { rootCause: '', responsibleDepartment: ' ', responsiblePerson: undefined }))
      .thenThrows(InvalidCommandError, {
        violations: ['rootCause', 'responsibleDepartment', 'responsiblePerson'].map((f) => violation(f, MUST_BE_TEXT)),
      });
  });
});

describe('ProposeResolution', () => {
  const proposed = (compensation: Compensation | null = null) =>
    event('ResolutionProposed', {
      plan: 'refund the April duplicate and audit all batch jobs',
      measures: ['refund the April duplicate'],
      compensation,
    });

  it('proposes a plan without compensation', () => {
    const { state } = given(...HISTORY.ROOT_CAUSE_IDENTIFIED)
      .when(command('ProposeResolution'))
      .then(proposed());
    expect(state).toMatchObject({ status: 'RESOLUTION_PROPOSED', cycle: { resolution: proposed().data } });
  });

  it('revises a proposed plan', () => {
    given(...HISTORY.RESOLUTION_PROPOSED)
      .when(command('ProposeResolution'))
      .then(proposed());
  });

  test.each<[string, Compensation]>([
    ['a monetary compensation', { kind: 'COMPENSATION_PAYMENT', amount: 100, currency: 'CNY' }],
    ['a decimal refund', { kind: 'REFUND', amount: 25.5, currency: 'EUR', description: 'April duplicate' }],
    ['a zero amount', { kind: 'DISCOUNT', amount: 0, currency: 'USD' }],
    ['a non-monetary remedy', { kind: 'REPLACEMENT', description: 'a new router' }],
  ])('accepts %s', (_label, compensation) => {
    given(...HISTORY.ROOT_CAUSE_IDENTIFIED)
      .when(command('ProposeResolution', { compensation }))
      .then(proposed(compensation));
  });

  const AMOUNT = 'must be a non-negative number';
  const ISO_4217 = 'must be an ISO 4217 code such as CNY or EUR';
  const CURRENCY_NEEDED = 'is required with an amount';
  test.each<[string, Partial<Compensation>, [string, string][]]>([
    ['an amount without currency', { amount: 10 }, [['compensation.currency', CURRENCY_NEEDED]]],
    ['a lower-case currency', { amount: 10, currency: 'cny' }, [['compensation.currency', ISO_4217]]],
    ['a four-letter currency', { amount: 10, currency: 'EURO' }, [['compensation.currency', ISO_4217]]],
    ['a negative amount', { amount: -1, currency: 'CNY' }, [['compensation.amount', AMOUNT]]],
    ['a NaN amount', { amount: Number.NaN, currency: 'CNY' }, [['compensation.amount', AMOUNT]]],
    ['an infinite amount', { amount: Number.POSITIVE_INFINITY, currency: 'CNY' }, [['compensation.amount', AMOUNT]]],
    [
      'a negative amount without currency',
      { amount: -5 },
      [
        ['compensation.amount', AMOUNT],
        ['compensation.currency', CURRENCY_NEEDED],
      ],
    ],
    ['a refund without an amount', {}, [['compensation.amount', 'is required for REFUND']]],
    [
      'a bogus currency without an amount',
      { kind: 'VOUCHER', currency: 'bogus' },
      [['compensation.currency', ISO_4217]],
    ],
  ])('rejects %s', (_label, compensation, expected) => {
    given(...HISTORY.ROOT_CAUSE_IDENTIFIED)
      .when(command('ProposeResolution', { compensation: { kind: 'REFUND', ...compensation } }))
      .thenThrows(InvalidCommandError, { violations: expected.map(([f, m]) => violation(f, m)) });
  });

  it('keeps only the known compensation fields and copies the measures', () => {
    const measures = ['Ship a unit'];
    const compensation = { kind: 'VOUCHER', amount: 5, currency: 'CNY', internalNote: 'x' } as Compensation;
    const [proposed] = given(...HISTORY.ROOT_CAUSE_IDENTIFIED)
      .when(command('ProposeResolution', { measures, compensation }))
      .result().events;
    expect(proposed.data).toEqual({
      plan: expect.any(String),
      measures,
      compensation: { kind: 'VOUCHER', amount: 5, currency: 'CNY' },
    });
    expect((proposed.data as { measures: string[] }).measures).not.toBe(measures);
  });

  test.each([
    ['no measures', undefined, [violation('measures', MUST_LIST)]],
    ['an empty list', [], [violation('measures', MUST_LIST)]],
    [
      'blank items',
      ['refund', ' ', ''],
      [violation('measures[1]', MUST_BE_TEXT), violation('measures[2]', MUST_BE_TEXT)],
    ],
  ])('rejects %s', (_label, measures, violations) => {
    given(...HISTORY.ROOT_CAUSE_IDENTIFIED)
      .when(command('ProposeResolution', { measures }))
      .thenThrows(InvalidCommandError, { violations });
  });

  it('requires a plan', () => {
    given(...HISTORY.ROOT_CAUSE_IDENTIFIED)
      .when(command('ProposeResolution', { plan: '  ' }))
      .thenThrows(InvalidCommandError, { violations: [violation('plan', MUST_BE_TEXT)] });
  });
});

describe('ExecuteResolution', () => {
  it('records the outcome and the execution instant that starts the follow-up clock (REQ-15)', () => {
    const { state } = given(...HISTORY.RESOLUTION_PROPOSED)
      .when(command('ExecuteResolution', { issuedAt: '2026-04-01T10:00:00+02:00' }))
      .then(event('ResolutionExecuted', { outcome: 'refund paid on 1 April', executedAt: NOW }));
    expect(state).toMatchObject({ status: 'RESOLUTION_EXECUTED', cycle: { execution: { executedAt: NOW } } });
  });

  it('requires an outcome', () => {
    given(...HISTORY.RESOLUTION_PROPOSED)
      .when(command('ExecuteResolution', { outcome: '' }))
      .thenThrows(InvalidCommandError, { violations: [violation('outcome', MUST_BE_TEXT)] });
  });
});

describe('SendProgressUpdate (REQ-18)', () => {
  const update = command('SendProgressUpdate');
  const sent = event('ProgressUpdateSent', {
    progress: update.progress,
    cause: update.cause,
    measures: update.measures,
    stage: update.stage,
    responsiblePerson: update.responsiblePerson,
    expectedCompletionAt: update.expectedCompletionAt,
    sentAt: NOW,
  });
  const VAGUE_MESSAGE = (value: string) =>
    `"${value}" is a vague stock phrase; state concretely what has been done, why and what happens next (002 §3.2)`;

  it('sends a structured update and counts it', () => {
    const { state } = given(...HISTORY.RESOLUTION_EXECUTED)
      .when(update)
      .then(sent);
    expect(state).toMatchObject({ status: 'RESOLUTION_EXECUTED', progressUpdateCount: 1, lastProgressUpdateAt: NOW });
  });

  it('stores expectedCompletionAt in canonical UTC', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('SendProgressUpdate', { expectedCompletionAt: '2026-04-03T18:00:00+08:00' }))
      .then(event('ProgressUpdateSent', { ...sent.data, expectedCompletionAt: '2026-04-03T10:00:00.000Z' }));
  });

  test.each(['progress', 'cause', 'measures', 'stage', 'responsiblePerson'] as const)('requires %s', (field) => {
    given(...HISTORY.ASSIGNED)
      .when(command('SendProgressUpdate', { [field]: ' ' }))
      .thenThrows(InvalidCommandError, { violations: [violation(field, MUST_BE_TEXT)] });
  });

  it('rejects a free-text-only update, naming every missing field', () => {
    given(...HISTORY.ASSIGNED)
      .when({ type: 'SendProgressUpdate', issuedAt: NOW, progress: 'we fixed it' } as never)
      .thenThrows(InvalidCommandError, {
        violations: [
          ...['cause', 'measures', 'stage', 'responsiblePerson'].map((f) => violation(f, MUST_BE_TEXT)),
          violation('expectedCompletionAt', MUST_BE_INSTANT),
        ],
      });
  });

  const VAGUE = [
    '正在处理中',
    '正在处理中。',
    '我们正在调查',
    '我们正在调查！',
    '处理中',
    '正在處理中',
    '我們正在調查',
    '正在調查…',
    'in progress',
    'In Progress...',
    'We are investigating.',
    'we are looking into it',
    'Under review',
    'being handled',
    'PENDING',
    'ongoing',
    'TBD',
    'N/A',
    '...',
  ];

  describe.each(['progress', 'cause', 'measures'] as const)('rejects a vague stock phrase as %s', (field) => {
    test.each(VAGUE)('%p', (value) => {
      given(...HISTORY.ASSIGNED)
        .when(command('SendProgressUpdate', { [field]: value }))
        .thenThrows(InvalidCommandError, { violations: [violation(field, VAGUE_MESSAGE(value))] });
    });
  });

  it('reports every vague field at once', () => {
    given(...HISTORY.REOPENED)
      .when(command('SendProgressUpdate', { progress: '正在处理中', cause: '我们正在调查', measures: 'in progress' }))
      .thenThrows(InvalidCommandError, {
        violations: [
          violation('progress', VAGUE_MESSAGE('正在处理中')),
          violation('cause', VAGUE_MESSAGE('我们正在调查')),
          violation('measures', VAGUE_MESSAGE('in progress')),
        ],
      });
  });

  test.each([
    '正在处理中：退款申请已于3月16日提交财务部，预计3月18日到账',
    'We are investigating the March billing batch, which ran twice',
    'refund in progress: Finance approved it on 16 March',
  ])('accepts a concrete statement that contains a stock phrase: %p', (progress) => {
    given(...HISTORY.ASSIGNED)
      .when(command('SendProgressUpdate', { progress }))
      .then(event('ProgressUpdateSent', { ...sent.data, progress }));
  });

  test.each([
    ['equal to issuedAt', NOW],
    ['before issuedAt', new Date(NOW_MS - 1).toISOString()],
  ])('rejects an expectedCompletionAt %s', (_label, expectedCompletionAt) => {
    given(...HISTORY.ASSIGNED)
      .when(command('SendProgressUpdate', { expectedCompletionAt }))
      .thenThrows(InvalidCommandError, { violations: [violation('expectedCompletionAt', 'must be in the future')] });
  });

  it('accepts an expectedCompletionAt one millisecond after issuedAt', () => {
    const expectedCompletionAt = new Date(NOW_MS + 1).toISOString();
    given(...HISTORY.ASSIGNED)
      .when(command('SendProgressUpdate', { expectedCompletionAt }))
      .then(event('ProgressUpdateSent', { ...sent.data, expectedCompletionAt }));
  });

  test.each(['soon', '2026-04-03', '2026-04-03T10:00:00'])(
    'rejects a malformed expectedCompletionAt %p',
    (expectedCompletionAt) => {
      given(...HISTORY.ASSIGNED)
        .when(command('SendProgressUpdate', { expectedCompletionAt }))
        .thenThrows(InvalidCommandError, { violations: [violation('expectedCompletionAt', MUST_BE_INSTANT)] });
    },
  );
});

describe('InformCustomerOfResult', () => {
  it('records the result communicated and the channel', () => {
    const { state } = given(...HISTORY.RESOLUTION_EXECUTED)
      .when(command('InformCustomerOfResult'))
      .then(event('CustomerInformedOfResult', { result: 'refund paid', channel: 'EMAIL', informedAt: NOW }));
    expect(state).toMatchObject({ status: 'CUSTOMER_INFORMED', cycle: { customerInformedAt: NOW } });
  });

  it('requires a result', () => {
    given(...HISTORY.RESOLUTION_EXECUTED)
      .when(command('InformCustomerOfResult', { result: '' }))
      .thenThrows(InvalidCommandError, { violations: [violation('result', MUST_BE_TEXT)] });
  });
});

describe('RecordCustomerResponse (REQ-16, REQ-27)', () => {
  const rejected = (reason: string, reopenCount: number) => [
    event('CustomerRejectedResolution', { reason, rejectedAt: NOW }),
    event('ComplaintReopened', { reason: `customer rejected the resolution: ${reason}`, reopenedAt: NOW, reopenCount }),
  ];

  it('records a confirmation', () => {
    const { state } = given(...HISTORY.CUSTOMER_INFORMED)
      .when(command('RecordCustomerResponse', { accepted: true, reason: 'ignored' }))
      .then(event('CustomerConfirmedResolution', { confirmedAt: NOW }));
    expect(state).toMatchObject({ status: 'CUSTOMER_CONFIRMED', cycle: { customerDecision: 'CONFIRMED' } });
  });

  it('reopens the complaint into a new cycle when the customer rejects the result', () => {
    const { state } = given(...HISTORY.CUSTOMER_INFORMED)
      .when(command('RecordCustomerResponse', { accepted: false, reason: 'the refund never arrived' }))
      .then(...rejected('the refund never arrived', 1));
    expect(state).toMatchObject({ status: 'REOPENED', reopenCount: 1, rootCauseConfirmedInCycle: false });
    expect(state.cycle).toStrictEqual(newHandlingCycle(2));
    expect(state.rootCause).toStrictEqual(EVENTS.rootCauseIdentified.data);
  });

  it('increments the reopen count of a complaint reopened before', () => {
    given(...HISTORY.REOPENED, ...between('ASSIGNED', 'CUSTOMER_INFORMED'))
      .when(command('RecordCustomerResponse', { accepted: false, reason: 'still charged twice' }))
      .then(...rejected('still charged twice', 2));
  });

  test.each([undefined, '', '   '])('requires a reason for a rejection, refusing %p', (reason) => {
    given(...HISTORY.CUSTOMER_INFORMED)
      .when(command('RecordCustomerResponse', { accepted: false, reason }))
      .thenThrows(InvalidCommandError, { violations: [violation('reason', MUST_BE_TEXT)] });
  });
});
