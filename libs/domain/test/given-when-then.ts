/**
 * Given/When/Then for the Complaint decider, plus the fixtures the specs share.
 *
 *   given(...history).when(command).then(...expectedEvents)
 *   given(...history).when(command).thenThrows(ErrorClass, { someField: expected })
 *
 * `given` folds the history with `evolveComplaint` from `initialComplaintState`;
 * `when` runs `decideComplaint` on a deep-frozen copy of that state with a
 * deep-frozen command, so a decider that mutates its inputs fails loudly.
 */
import {
  decideComplaint,
  evolveComplaint,
  initialComplaintState,
  type ComplaintCommand,
  type ComplaintCommandType,
  type ComplaintEvent,
  type ComplaintEventType,
  type ComplaintState,
  type ComplaintStatus,
  type FieldViolation,
} from '@redress/domain';

export type CommandOf<T extends ComplaintCommandType> = Extract<ComplaintCommand, { type: T }>;
export type EventOf<T extends ComplaintEventType> = Extract<ComplaintEvent, { type: T }>;
type ErrorClass<E> = abstract new (...args: never[]) => E;

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function fold(events: readonly ComplaintEvent[], from: ComplaintState = initialComplaintState): ComplaintState {
  return events.reduce(evolveComplaint, from);
}

export function given(...history: ComplaintEvent[]) {
  const state = deepFreeze(structuredClone(fold(history)));
  return {
    state,
    when(command: ComplaintCommand) {
      deepFreeze(command);
      const decide = () => decideComplaint(command, state);
      return {
        /** Asserts the exact events; returns them with the state they fold into. */
        then(...expected: ComplaintEvent[]) {
          const events = decide();
          expect(events).toStrictEqual(expected);
          return { events, state: fold(events, state) };
        },
        /** Runs the decider without asserting; for table-driven specs. */
        result() {
          const events = decide();
          return { events, state: fold(events, state) };
        },
        /** Asserts the error's class and (a subset of) its fields; arrays inside `fields` must match in full. */
        thenThrows<E extends Error>(errorClass: ErrorClass<E>, fields: Partial<E> = {}): E {
          let events: ComplaintEvent[];
          try {
            events = decide();
          } catch (error) {
            expect(error).toBeInstanceOf(errorClass);
            expect(error).toMatchObject(fields);
            return error as E;
          }
          throw new Error(`expected ${command.type} to throw ${errorClass.name}, got ${JSON.stringify(events)}`);
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Time: every fixture event lies before NOW, the issuedAt of sample commands.
// ---------------------------------------------------------------------------

const T0 = Date.parse('2026-03-02T08:00:00.000Z');
/** Canonical UTC instant `minutes` after the fixture's receipt time. */
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
export const HOUR = 60;
export const DAY = 24 * HOUR;
export const NOW = at(30 * DAY);
export const NOW_MS = Date.parse(NOW);

// ---------------------------------------------------------------------------
// Violation messages, as the domain states them.
// ---------------------------------------------------------------------------

export const MUST_BE_TEXT = 'must be a non-empty text';
export const MUST_LIST = 'must list at least one item';
export const MUST_BE_INSTANT = 'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T09:30:00Z';
export const violation = (field: string, message: string): FieldViolation => ({ field, message });

// ---------------------------------------------------------------------------
// Events: one happy path, as an ordered list of steps, sliced per status.
// ---------------------------------------------------------------------------

export const event = <T extends ComplaintEventType>(type: T, data: EventOf<T>['data']): EventOf<T> =>
  ({ type, data }) as EventOf<T>;

export const EVENTS = {
  received: event('ComplaintReceived', {
    complaintId: 'cmp-1',
    channel: 'PHONE',
    customer: { id: 'crm-42', tier: 'ORDINARY' },
    content: 'I was charged twice for my March broadband bill',
    reason: 'duplicate charge',
    object: { kind: 'SERVICE', reference: 'broadband-billing' },
    remedySought: 'refund of the duplicate charge',
    occurredAt: at(-2 * DAY),
    receivedAt: at(0),
  }),
  classified: event('ComplaintClassified', { category: 'SERVICE_QUALITY' }),
  triaged: event('ComplaintTriaged', { grade: 'GENERAL', priority: 'P3', isComplex: false }),
  assigned: event('ComplaintAssigned', { department: 'Billing', assignee: 'alice' }),
  rootCauseIdentified: event('RootCauseIdentified', {
    rootCause: 'the March billing batch ran twice after a scheduler retry',
    category: 'SYSTEM_FAILURE',
    responsibleDepartment: 'Billing IT',
    responsiblePerson: 'carol',
  }),
  resolutionProposed: event('ResolutionProposed', {
    plan: 'refund the duplicate charge and make the batch idempotent',
    measures: ['refund 25.50 CNY', 'add a run lock to the billing batch'],
    compensation: { kind: 'REFUND', amount: 25.5, currency: 'CNY' },
  }),
  resolutionExecuted: event('ResolutionExecuted', {
    outcome: 'refund paid; run lock deployed',
    executedAt: at(2 * DAY),
  }),
  customerInformed: event('CustomerInformedOfResult', {
    result: 'the duplicate charge was refunded on 4 March',
    channel: 'PHONE',
    informedAt: at(2 * DAY + HOUR),
  }),
  customerConfirmed: event('CustomerConfirmedResolution', { confirmedAt: at(2 * DAY + 2 * HOUR) }),
  feedbackReportSent: event('FeedbackReportSent', {
    result: 'duplicate charge refunded',
    improvementMeasures: ['billing batch now takes a run lock'],
    followUpPlan: 'call the customer after the April bill',
    sentAt: at(2 * DAY + 3 * HOUR),
  }),
  followUpRecorded: event('FollowUpRecorded', {
    channel: 'PHONE',
    satisfied: true,
    score: 5,
    notes: null,
    followedUpAt: at(2 * DAY + 4 * HOUR),
  }),
  closed: event('ComplaintClosed', {
    closedAt: at(2 * DAY + 5 * HOUR),
    summary: null,
    resolvedBy: 'CUSTOMER_CONFIRMATION',
  }),
  reopened: event('ComplaintReopened', {
    reason: 'charged twice again in April',
    reopenedAt: at(5 * DAY),
    reopenCount: 1,
  }),
  withdrawn: event('ComplaintWithdrawn', {
    reason: 'the customer found the bank had reversed it',
    withdrawnAt: at(DAY),
  }),
  archived: event('ComplaintArchived', { archiveCategory: 'SYSTEM', archivedAt: at(10 * DAY) }),
  mergedInto: event('ComplaintMergedInto', {
    primaryId: 'cmp-2',
    mergeId: 'merge-1',
    reason: 'the customer called again about the same double charge',
    statusBeforeMerge: 'ASSIGNED',
    mergedAt: at(DAY),
  }),
  duplicateMerged: event('DuplicateComplaintMerged', {
    duplicateId: 'cmp-3',
    mergeId: 'merge-2',
    duplicateReceivedAt: at(-DAY),
    reason: 'the same double charge, reported the day before by e-mail',
    effectiveReceivedAt: at(-DAY),
    mergedAt: at(DAY),
  }),
  informationRequested: event('CustomerInformationRequested', {
    what: 'a copy of the March bank statement',
    requestedAt: at(HOUR),
  }),
  incidentDeclared: event('ServiceIncidentDeclared', {
    incidentType: 'SERVICE_INTERRUPTION',
    description: 'billing portal down for all customers',
    occurredAt: at(-HOUR),
    declaredAt: at(HOUR),
  }),
  appraisalStarted: event('ExternalAppraisalStarted', { kind: 'forensic accounting review', startedAt: at(DAY) }),
  effectVerifiedResolved: event('EffectVerified', {
    method: 'SURVEY',
    resolved: true,
    notes: null,
    verifiedAt: at(2 * DAY + 4 * HOUR),
  }),
};

/** The main line; `reaches` is the status after the step (absent: unchanged). */
const STEPS: readonly { event: ComplaintEvent; reaches?: ComplaintStatus }[] = [
  { event: EVENTS.received, reaches: 'RECEIVED' },
  { event: EVENTS.classified, reaches: 'CLASSIFIED' },
  { event: EVENTS.triaged, reaches: 'TRIAGED' },
  { event: EVENTS.assigned, reaches: 'ASSIGNED' },
  { event: EVENTS.rootCauseIdentified, reaches: 'ROOT_CAUSE_IDENTIFIED' },
  { event: EVENTS.resolutionProposed, reaches: 'RESOLUTION_PROPOSED' },
  { event: EVENTS.resolutionExecuted, reaches: 'RESOLUTION_EXECUTED' },
  { event: EVENTS.customerInformed, reaches: 'CUSTOMER_INFORMED' },
  { event: EVENTS.customerConfirmed, reaches: 'CUSTOMER_CONFIRMED' },
  { event: EVENTS.feedbackReportSent },
  { event: EVENTS.followUpRecorded },
  { event: EVENTS.closed, reaches: 'CLOSED' },
  { event: EVENTS.reopened, reaches: 'REOPENED' },
];

function stepIndex(status: ComplaintStatus): number {
  const index = STEPS.findIndex((step) => step.reaches === status);
  if (index < 0) throw new Error(`no main-line step reaches ${status}`);
  return index;
}

/** Main-line events after `from` was reached, up to and including the step that reaches `to`. */
export function between(from: ComplaintStatus | 'NONE', to: ComplaintStatus): ComplaintEvent[] {
  const start = from === 'NONE' ? 0 : stepIndex(from) + 1;
  return STEPS.slice(start, stepIndex(to) + 1).map((step) => step.event);
}

/** A history that leaves a complaint in each status. */
export const HISTORY: Readonly<Record<ComplaintStatus, readonly ComplaintEvent[]>> = deepFreeze({
  NONE: [],
  RECEIVED: between('NONE', 'RECEIVED'),
  CLASSIFIED: between('NONE', 'CLASSIFIED'),
  TRIAGED: between('NONE', 'TRIAGED'),
  ASSIGNED: between('NONE', 'ASSIGNED'),
  ROOT_CAUSE_IDENTIFIED: between('NONE', 'ROOT_CAUSE_IDENTIFIED'),
  RESOLUTION_PROPOSED: between('NONE', 'RESOLUTION_PROPOSED'),
  RESOLUTION_EXECUTED: between('NONE', 'RESOLUTION_EXECUTED'),
  CUSTOMER_INFORMED: between('NONE', 'CUSTOMER_INFORMED'),
  CUSTOMER_CONFIRMED: between('NONE', 'CUSTOMER_CONFIRMED'),
  CLOSED: between('NONE', 'CLOSED'),
  REOPENED: between('NONE', 'REOPENED'),
  WITHDRAWN: [...between('NONE', 'ASSIGNED'), EVENTS.withdrawn],
  ARCHIVED: [...between('NONE', 'CLOSED'), EVENTS.archived],
  MERGED: [...between('NONE', 'ASSIGNED'), EVENTS.mergedInto],
});

// ---------------------------------------------------------------------------
// Commands: one valid sample per type (issuedAt NOW), overridable per test.
// ---------------------------------------------------------------------------

const SAMPLE_COMMANDS: { [T in ComplaintCommandType]: CommandOf<T> } = {
  ReceiveComplaint: {
    ...EVENTS.received.data,
    type: 'ReceiveComplaint',
    issuedAt: NOW,
    complaintId: 'cmp-2',
    occurredAt: at(29 * DAY),
    receivedAt: undefined,
  },
  ClassifyComplaint: {
    type: 'ClassifyComplaint',
    issuedAt: NOW,
    category: 'SYSTEM_TECHNICAL',
    reason: 'the cause is a batch job',
  },
  TriageComplaint: { type: 'TriageComplaint', issuedAt: NOW, grade: 'SERIOUS', priority: 'P2', isComplex: false },
  AssignComplaint: {
    type: 'AssignComplaint',
    issuedAt: NOW,
    department: 'Billing IT',
    assignee: 'dave',
    reason: 'the fix needs the batch owners',
  },
  EscalateComplaint: {
    type: 'EscalateComplaint',
    issuedAt: NOW,
    level: 'MANAGEMENT',
    reason: 'repeat duplicate charges',
  },
  RecordRootCause: {
    type: 'RecordRootCause',
    issuedAt: NOW,
    rootCause: 'the run lock was not applied to the April batch',
    category: 'PROCESS_NONCOMPLIANCE',
    responsibleDepartment: 'Billing IT',
    responsiblePerson: 'carol',
  },
  ProposeResolution: {
    type: 'ProposeResolution',
    issuedAt: NOW,
    plan: 'refund the April duplicate and audit all batch jobs',
    measures: ['refund the April duplicate'],
  },
  ExecuteResolution: { type: 'ExecuteResolution', issuedAt: NOW, outcome: 'refund paid on 1 April' },
  SendProgressUpdate: {
    type: 'SendProgressUpdate',
    issuedAt: NOW,
    progress: 'the duplicate charge was located in the March billing run',
    cause: 'the billing batch ran twice',
    measures: 'a refund has been requested from Finance',
    stage: 'RESOLUTION',
    responsiblePerson: 'alice',
    expectedCompletionAt: at(32 * DAY),
  },
  InformCustomerOfResult: { type: 'InformCustomerOfResult', issuedAt: NOW, result: 'refund paid', channel: 'EMAIL' },
  RecordCustomerResponse: { type: 'RecordCustomerResponse', issuedAt: NOW, accepted: true },
  SendFeedbackReport: {
    type: 'SendFeedbackReport',
    issuedAt: NOW,
    result: 'refund paid',
    improvementMeasures: ['batch run lock'],
    followUpPlan: 'check the next bill with the customer',
  },
  RecordFollowUp: { type: 'RecordFollowUp', issuedAt: NOW, channel: 'EMAIL', satisfied: true, score: 4 },
  VerifyEffect: { type: 'VerifyEffect', issuedAt: NOW, method: 'SERVICE_FEEDBACK', resolved: true },
  CloseComplaint: { type: 'CloseComplaint', issuedAt: NOW },
  ReopenComplaint: { type: 'ReopenComplaint', issuedAt: NOW, reason: 'the customer was charged twice again' },
  WithdrawComplaint: { type: 'WithdrawComplaint', issuedAt: NOW, reason: 'the customer withdrew by phone' },
  ArchiveComplaint: { type: 'ArchiveComplaint', issuedAt: NOW, archiveCategory: 'SYSTEM' },
  AcknowledgeComplaint: {
    type: 'AcknowledgeComplaint',
    issuedAt: NOW,
    channel: 'SMS',
    message: 'We have your complaint about the double charge and are checking the March billing run',
  },
  ClarifyProblem: {
    type: 'ClarifyProblem',
    issuedAt: NOW,
    summary: 'the customer was billed twice for March; the second charge matches a batch re-run',
  },
  CompletePreliminaryHandling: {
    type: 'CompletePreliminaryHandling',
    issuedAt: NOW,
    summary: 'duplicate charge confirmed and frozen pending refund',
  },
  SendDetailedFeedback: {
    type: 'SendDetailedFeedback',
    issuedAt: NOW,
    feedback: 'the batch re-ran after a scheduler retry; Finance will refund 25.50 CNY by Friday',
  },
  RequestCustomerInformation: {
    type: 'RequestCustomerInformation',
    issuedAt: NOW,
    what: 'the last four digits of the card that was charged',
  },
  RecordCustomerInformation: {
    type: 'RecordCustomerInformation',
    issuedAt: NOW,
    information: 'card ending 4242',
  },
  DeclareServiceIncident: {
    type: 'DeclareServiceIncident',
    issuedAt: NOW,
    incidentType: 'SERVICE_PROCESS_ERROR',
    description: 'the billing batch charged 3,000 customers twice',
    occurredAt: at(30 * DAY - 10),
  },
  ActivateEmergencyPlan: {
    type: 'ActivateEmergencyPlan',
    issuedAt: NOW,
    plan: 'billing incident plan B: freeze the batch, notify affected customers',
  },
  SendFinalResponse: {
    type: 'SendFinalResponse',
    issuedAt: NOW,
    outcome: 'complaint upheld; 25.50 CNY refunded; you may refer this to the ombudsman within 6 months',
  },
  SendHoldingResponse: {
    type: 'SendHoldingResponse',
    issuedAt: NOW,
    reason: 'the bank has not yet confirmed the reversal',
    expectedBy: at(35 * DAY),
  },
  ConfirmEarlyResolution: { type: 'ConfirmEarlyResolution', issuedAt: NOW, summaryCommunicationSent: true },
  NotifySlaExtension: {
    type: 'NotifySlaExtension',
    issuedAt: NOW,
    clock: 'decision',
    level: 1,
    approvedBy: 'head of complaints',
    reason: 'the case needs records from two branches',
  },
  StartExternalAppraisal: { type: 'StartExternalAppraisal', issuedAt: NOW, kind: 'independent device test' },
  CompleteExternalAppraisal: {
    type: 'CompleteExternalAppraisal',
    issuedAt: NOW,
    findings: 'the device meets its specification',
  },
  RecordSlaAlert: {
    type: 'RecordSlaAlert',
    issuedAt: NOW,
    policyId: 'guides-standard',
    policyVersion: 1,
    clock: 'firstResponse',
    cycle: 1,
    key: 'firstResponse#1/breach',
    kind: 'BREACH',
    at: at(30 * DAY - HOUR),
  },
  RecomputeSlaPolicy: {
    type: 'RecomputeSlaPolicy',
    issuedAt: NOW,
    from: { policyId: 'guides-standard', version: 1, digest: 'a'.repeat(64) },
    to: { policyId: 'guides-rapid', version: 1, digest: 'b'.repeat(64) },
    reason: 'walk-in complaints follow the 30-60-90 rule from today',
  },
  MergeComplaint: {
    type: 'MergeComplaint',
    issuedAt: NOW,
    primary: {
      complaintId: 'cmp-2',
      customerId: 'crm-42',
      status: 'ASSIGNED',
      receivedAt: at(DAY),
      mergedInto: null,
      mergedDuplicateCount: 0,
    },
    mergeId: 'merge-1',
    reason: 'the customer called again about the same double charge',
  },
  UnmergeComplaint: { type: 'UnmergeComplaint', issuedAt: NOW, reason: 'a different charge after all' },
  AttachMergedDuplicate: {
    type: 'AttachMergedDuplicate',
    issuedAt: NOW,
    duplicate: {
      complaintId: 'cmp-3',
      customerId: 'crm-42',
      status: 'MERGED',
      receivedAt: at(-DAY),
      mergedInto: 'cmp-1',
      mergedDuplicateCount: 0,
    },
    mergeId: 'merge-2',
    reason: 'the same double charge, reported the day before by e-mail',
  },
  DetachMergedDuplicate: {
    type: 'DetachMergedDuplicate',
    issuedAt: NOW,
    duplicateId: 'cmp-3',
    reason: 'a different charge after all',
  },
};
deepFreeze(SAMPLE_COMMANDS);

export const COMMAND_TYPES = Object.keys(SAMPLE_COMMANDS) as ComplaintCommandType[];

/** A valid sample command of `type`, with `overrides` (set a field to `undefined` to omit it). */
export function command<T extends ComplaintCommandType>(
  type: T,
  overrides: Partial<Omit<CommandOf<T>, 'type'>> = {},
): CommandOf<T> {
  return { ...SAMPLE_COMMANDS[type], ...overrides } as CommandOf<T>;
}
