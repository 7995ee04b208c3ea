/** Intake and routing: receive, classify, triage, assign, escalate. */
import { InvalidCommandError, PreconditionFailedError, type CustomerReference } from '@redress/domain';
import {
  EVENTS,
  HISTORY,
  MUST_BE_INSTANT,
  MUST_BE_TEXT,
  NOW,
  NOW_MS,
  command,
  event,
  given,
  violation,
} from './given-when-then';

const iso = (ms: number) => new Date(ms).toISOString();
const MINUTE = 60_000;
const DAY_MS = 24 * 60 * MINUTE;

describe('ReceiveComplaint', () => {
  const received = event('ComplaintReceived', {
    ...EVENTS.received.data,
    complaintId: 'cmp-2',
    occurredAt: '2026-03-31T08:00:00.000Z',
    receivedAt: NOW,
  });

  it('records the complaint, received at issuedAt by default', () => {
    const { state } = given().when(command('ReceiveComplaint')).then(received);
    expect(state).toMatchObject({ id: 'cmp-2', status: 'RECEIVED', category: null, receivedAt: NOW });
  });

  it('also classifies the complaint when a category is given at receipt (REQ-05)', () => {
    const { state } = given()
      .when(command('ReceiveComplaint', { category: 'PRODUCT_FUNCTION' }))
      .then(received, event('ComplaintClassified', { category: 'PRODUCT_FUNCTION' }));
    expect(state).toMatchObject({ status: 'CLASSIFIED', category: 'PRODUCT_FUNCTION' });
  });

  it('stores every instant in canonical UTC whatever offset the caller used', () => {
    given()
      .when(
        command('ReceiveComplaint', {
          issuedAt: '2026-04-01T16:00:00+08:00',
          occurredAt: '2026-03-31T10:15+02:00',
          receivedAt: '2026-04-01T03:59:59.25-04:00',
        }),
      )
      .then(
        event('ComplaintReceived', {
          ...received.data,
          occurredAt: '2026-03-31T08:15:00.000Z',
          receivedAt: '2026-04-01T07:59:59.250Z',
        }),
      );
  });

  it('keeps only the CRM reference and tier of the customer, never extra personal data (REQ-48)', () => {
    const customer = { id: 'crm-42', tier: 'ORDINARY', name: 'Zhang San', phone: '13800000000' } as CustomerReference;
    given().when(command('ReceiveComplaint', { customer })).then(received);
  });

  it('reports every missing text at once, in field order', () => {
    given()
      .when(
        command('ReceiveComplaint', {
          customer: { id: ' ', tier: 'ORDINARY' },
          content: '',
          reason: '\n\t',
          object: { kind: 'STAFF', reference: '' },
          remedySought: undefined,
        }),
      )
      .thenThrows(InvalidCommandError, {
        violations: ['customer.id', 'content', 'reason', 'object.reference', 'remedySought'].map((f) =>
          violation(f, MUST_BE_TEXT),
        ),
      });
  });

  it('reports a missing customer or object as a violation rather than crashing', () => {
    given()
      .when(command('ReceiveComplaint', { customer: undefined, object: undefined }))
      .thenThrows(InvalidCommandError, {
        violations: [
          violation('customer.tier', 'must be one of: HIGH_VALUE, ORDINARY'),
          violation('object.kind', 'must be one of: PRODUCT, SERVICE, STAFF, DEPARTMENT, POLICY, SYSTEM, OTHER'),
        ],
      });
  });

  it('refuses values outside a vocabulary and an unknown command type', () => {
    given()
      .when(command('ReceiveComplaint', { channel: 'FAX' as never, category: 'MISC' as never }))
      .thenThrows(InvalidCommandError, {
        violations: [
          violation('channel', expect.stringContaining('must be one of: PHONE')),
          violation('category', expect.stringContaining('must be one of: SERVICE_QUALITY')),
        ],
      });
    given()
      .when({ type: 'DeleteComplaint', issuedAt: NOW } as never)
      .thenThrows(InvalidCommandError, { violations: [violation('type', 'unknown command type "DeleteComplaint"')] });
  });

  describe('occurredAt ≤ receivedAt ≤ issuedAt + 5 min of clock skew', () => {
    it('accepts an occurrence at the very instant of receipt', () => {
      given()
        .when(command('ReceiveComplaint', { occurredAt: NOW }))
        .then(event('ComplaintReceived', { ...received.data, occurredAt: NOW }));
    });

    it('rejects an occurrence after the receipt', () => {
      given()
        .when(command('ReceiveComplaint', { occurredAt: iso(NOW_MS - MINUTE + 1), receivedAt: iso(NOW_MS - MINUTE) }))
        .thenThrows(InvalidCommandError, {
          violations: [violation('occurredAt', 'must not be later than receivedAt')],
        });
    });

    it('rejects an occurrence after issuedAt when receivedAt defaults to it', () => {
      given()
        .when(command('ReceiveComplaint', { occurredAt: iso(NOW_MS + 1) }))
        .thenThrows(InvalidCommandError, {
          violations: [violation('occurredAt', 'must not be later than receivedAt')],
        });
    });

    it('accepts a receipt up to exactly 5 minutes ahead of issuedAt', () => {
      const receivedAt = iso(NOW_MS + 5 * MINUTE);
      given()
        .when(command('ReceiveComplaint', { receivedAt }))
        .then(event('ComplaintReceived', { ...received.data, receivedAt }));
    });

    it('rejects a receipt more than 5 minutes in the future', () => {
      given()
        .when(command('ReceiveComplaint', { receivedAt: iso(NOW_MS + 5 * MINUTE + 1) }))
        .thenThrows(InvalidCommandError, { violations: [violation('receivedAt', 'must not be in the future')] });
    });

    it('reports a future receipt and a later occurrence together', () => {
      given()
        .when(command('ReceiveComplaint', { receivedAt: iso(NOW_MS + DAY_MS), occurredAt: iso(NOW_MS + 2 * DAY_MS) }))
        .thenThrows(InvalidCommandError, {
          violations: [
            violation('receivedAt', 'must not be in the future'),
            violation('occurredAt', 'must not be later than receivedAt'),
          ],
        });
    });
  });

  describe('malformed instants', () => {
    const MALFORMED: [string, unknown][] = [
      ['missing', undefined],
      ['empty', ''],
      ['free text', 'last Tuesday'],
      ['a date only', '2026-03-31'],
      ['a local time without a zone', '2026-03-31T10:00:00'],
      ['a space instead of T', '2026-03-31 10:00:00Z'],
      ['month 13', '2026-13-01T10:00:00Z'],
      ['minute 60', '2026-03-31T10:60:00Z'],
      ['an impossible calendar day (29 February 2026)', '2026-02-29T10:00:00Z'],
      ['a number', 1774951200000],
    ];

    test.each(MALFORMED)('rejects an occurredAt that is %s', (_label, occurredAt) => {
      given()
        .when(command('ReceiveComplaint', { occurredAt: occurredAt as string }))
        .thenThrows(InvalidCommandError, { violations: [violation('occurredAt', MUST_BE_INSTANT)] });
    });

    test.each(MALFORMED.filter(([label]) => label !== 'missing'))(
      'rejects a receivedAt that is %s',
      (_label, receivedAt) => {
        given()
          .when(command('ReceiveComplaint', { receivedAt: receivedAt as string }))
          .thenThrows(InvalidCommandError, { violations: [violation('receivedAt', MUST_BE_INSTANT)] });
      },
    );
  });
});

describe('ClassifyComplaint', () => {
  it('classifies a received complaint without needing a reason', () => {
    const { state } = given(...HISTORY.RECEIVED)
      .when(command('ClassifyComplaint', { category: 'OTHER', reason: undefined }))
      .then(event('ComplaintClassified', { category: 'OTHER' }));
    expect(state).toMatchObject({ status: 'CLASSIFIED', category: 'OTHER' });
  });

  it('reclassifies a classified complaint with a reason, keeping its status', () => {
    const { state } = given(...HISTORY.ASSIGNED)
      .when(command('ClassifyComplaint', { category: 'SYSTEM_TECHNICAL', reason: 'the cause is a batch job' }))
      .then(
        event('ComplaintReclassified', {
          previousCategory: 'SERVICE_QUALITY',
          category: 'SYSTEM_TECHNICAL',
          reason: 'the cause is a batch job',
        }),
      );
    expect(state).toMatchObject({ status: 'ASSIGNED', category: 'SYSTEM_TECHNICAL' });
  });

  test.each([undefined, '', '   '])('refuses a reclassification whose reason is %p', (reason) => {
    given(...HISTORY.TRIAGED)
      .when(command('ClassifyComplaint', { reason }))
      .thenThrows(InvalidCommandError, { violations: [violation('reason', MUST_BE_TEXT)] });
  });

  it('refuses a reclassification to the same category', () => {
    given(...HISTORY.CLASSIFIED)
      .when(command('ClassifyComplaint', { category: 'SERVICE_QUALITY' }))
      .thenThrows(InvalidCommandError, {
        violations: [violation('category', 'the complaint is already classified as SERVICE_QUALITY')],
      });
  });

  it('reports a same-category reclassification without reason as two violations', () => {
    given(...HISTORY.CLASSIFIED)
      .when(command('ClassifyComplaint', { category: 'SERVICE_QUALITY', reason: undefined }))
      .thenThrows(InvalidCommandError, {
        violations: [
          violation('category', 'the complaint is already classified as SERVICE_QUALITY'),
          violation('reason', MUST_BE_TEXT),
        ],
      });
  });

  it('treats a complaint classified at receipt as classified', () => {
    given(EVENTS.received, EVENTS.classified)
      .when(command('ClassifyComplaint', { category: 'OTHER', reason: undefined }))
      .thenThrows(InvalidCommandError, { violations: [violation('reason', MUST_BE_TEXT)] });
  });
});

describe('TriageComplaint', () => {
  it('records grade, priority and complexity and moves a classified complaint to TRIAGED', () => {
    const { state } = given(...HISTORY.CLASSIFIED)
      .when(command('TriageComplaint', { grade: 'URGENT', priority: 'P1', isComplex: true }))
      .then(event('ComplaintTriaged', { grade: 'URGENT', priority: 'P1', isComplex: true }));
    expect(state).toMatchObject({ status: 'TRIAGED', grade: 'URGENT', priority: 'P1', isComplex: true });
  });

  it('re-triages an owned complaint without changing its status', () => {
    const { state } = given(...HISTORY.ROOT_CAUSE_IDENTIFIED)
      .when(command('TriageComplaint'))
      .then(event('ComplaintTriaged', { grade: 'SERIOUS', priority: 'P2', isComplex: false }));
    expect(state).toMatchObject({ status: 'ROOT_CAUSE_IDENTIFIED', grade: 'SERIOUS', priority: 'P2' });
  });
});

describe('AssignComplaint', () => {
  const reassignedTo = (
    department: string,
    assignee: string,
    previousDepartment = 'Billing',
    previousAssignee = 'alice',
  ) =>
    event('ComplaintReassigned', {
      previousDepartment,
      previousAssignee,
      department,
      assignee,
      reason: 'the fix needs the batch owners',
    });
  const toBillingIt = [
    reassignedTo('Billing IT', 'dave'),
    event('ComplaintMarkedComplex', { reason: 'MULTI_DEPARTMENT', departments: ['Billing', 'Billing IT'] }),
  ];

  it('gives a triaged complaint its first owner, no reason needed', () => {
    const { state } = given(...HISTORY.TRIAGED)
      .when(command('AssignComplaint', { department: 'Billing', assignee: 'alice', reason: undefined }))
      .then(event('ComplaintAssigned', { department: 'Billing', assignee: 'alice' }));
    expect(state).toMatchObject({
      status: 'ASSIGNED',
      department: 'Billing',
      assignee: 'alice',
      departmentsInvolved: ['Billing'],
    });
  });

  it('refuses an owner without department or assignee', () => {
    given(...HISTORY.TRIAGED)
      .when(command('AssignComplaint', { department: '', assignee: ' ' }))
      .thenThrows(InvalidCommandError, {
        violations: [violation('department', MUST_BE_TEXT), violation('assignee', MUST_BE_TEXT)],
      });
  });

  it('reassigns within the same department without marking the complaint complex', () => {
    const { state } = given(...HISTORY.ASSIGNED)
      .when(command('AssignComplaint', { department: 'Billing', assignee: 'bob' }))
      .then(reassignedTo('Billing', 'bob'));
    expect(state).toMatchObject({ assignee: 'bob', isComplex: false, departmentsInvolved: ['Billing'] });
  });

  it('marks the complaint complex when a second department takes it over (REQ-08)', () => {
    const { state } = given(...HISTORY.ASSIGNED)
      .when(command('AssignComplaint'))
      .then(...toBillingIt);
    expect(state).toMatchObject({
      department: 'Billing IT',
      isComplex: true,
      departmentsInvolved: ['Billing', 'Billing IT'],
    });
  });

  it('marks the complaint complex only once', () => {
    given(...HISTORY.ASSIGNED, ...toBillingIt)
      .when(command('AssignComplaint', { department: 'Finance', assignee: 'erin' }))
      .then(reassignedTo('Finance', 'erin', 'Billing IT', 'dave'));
  });

  it('does not mark a complaint complex again when it returns to a department it already involved', () => {
    given(...HISTORY.ASSIGNED, ...toBillingIt)
      .when(command('AssignComplaint', { department: 'Billing', assignee: 'alice' }))
      .then(reassignedTo('Billing', 'alice', 'Billing IT', 'dave'));
  });

  it('does not mark a complaint already triaged as complex', () => {
    given(
      ...HISTORY.TRIAGED.slice(0, -1),
      event('ComplaintTriaged', { grade: 'GENERAL', priority: 'P3', isComplex: true }),
      EVENTS.assigned,
    )
      .when(command('AssignComplaint'))
      .then(reassignedTo('Billing IT', 'dave'));
  });

  test.each([undefined, '', '  '])('refuses a reassignment whose reason is %p', (reason) => {
    given(...HISTORY.RESOLUTION_EXECUTED)
      .when(command('AssignComplaint', { reason }))
      .thenThrows(InvalidCommandError, { violations: [violation('reason', MUST_BE_TEXT)] });
  });

  it('refuses a reassignment to the current owner', () => {
    given(...HISTORY.ASSIGNED)
      .when(command('AssignComplaint', { department: 'Billing', assignee: 'alice' }))
      .thenThrows(InvalidCommandError, {
        violations: [violation('assignee', 'the complaint is already assigned to alice in Billing')],
      });
  });

  it('reports every reassignment violation at once', () => {
    given(...HISTORY.REOPENED)
      .when(command('AssignComplaint', { department: 'Finance', assignee: '', reason: undefined }))
      .thenThrows(InvalidCommandError, {
        violations: [violation('assignee', MUST_BE_TEXT), violation('reason', MUST_BE_TEXT)],
      });
  });
});

describe('EscalateComplaint', () => {
  const escalated = (previousLevel: 'SUPERVISOR' | null, level: 'SUPERVISOR' | 'MANAGEMENT' | 'EXECUTIVE') =>
    event('ComplaintEscalated', { previousLevel, level, reason: 'repeat duplicate charges', team: null });
  const atLevel = (level: 'SUPERVISOR' | 'MANAGEMENT' | 'EXECUTIVE') =>
    event('ComplaintEscalated', { previousLevel: null, level, reason: 'first escalation', team: null });

  it('escalates a complaint that was never escalated, without a team', () => {
    const { state } = given(...HISTORY.RECEIVED)
      .when(command('EscalateComplaint'))
      .then(escalated(null, 'MANAGEMENT'));
    expect(state).toMatchObject({ status: 'RECEIVED', escalationLevel: 'MANAGEMENT' });
  });

  it('records the specialist team it brings in', () => {
    given(...HISTORY.CUSTOMER_CONFIRMED)
      .when(command('EscalateComplaint', { level: 'EXECUTIVE', team: 'LEGAL' }))
      .then(
        event('ComplaintEscalated', {
          previousLevel: null,
          level: 'EXECUTIVE',
          reason: 'repeat duplicate charges',
          team: 'LEGAL',
        }),
      );
  });

  it('escalates strictly higher, naming the previous level', () => {
    given(...HISTORY.ASSIGNED, atLevel('SUPERVISOR'))
      .when(command('EscalateComplaint'))
      .then(escalated('SUPERVISOR', 'MANAGEMENT'));
  });

  test.each([
    ['MANAGEMENT', 'MANAGEMENT', 'EXECUTIVE'],
    ['MANAGEMENT', 'SUPERVISOR', 'EXECUTIVE'],
    ['SUPERVISOR', 'SUPERVISOR', 'MANAGEMENT, EXECUTIVE'],
    ['EXECUTIVE', 'MANAGEMENT', 'none left'],
    ['EXECUTIVE', 'EXECUTIVE', 'none left'],
  ] as const)('refuses, once at %s, an escalation to %s (higher: %s)', (current, level, higher) => {
    given(...HISTORY.ASSIGNED, atLevel(current))
      .when(command('EscalateComplaint', { level }))
      .thenThrows(PreconditionFailedError, {
        code: 'PRECONDITION_FAILED',
        command: 'EscalateComplaint',
        status: 'ASSIGNED',
        unmetConditions: [`the complaint is already escalated to ${current}; escalate to a higher level (${higher})`],
      });
  });

  it('refuses an escalation without a reason before looking at the level', () => {
    given(...HISTORY.ASSIGNED, atLevel('EXECUTIVE'))
      .when(command('EscalateComplaint', { reason: ' ' }))
      .thenThrows(InvalidCommandError, { violations: [violation('reason', MUST_BE_TEXT)] });
  });
});
