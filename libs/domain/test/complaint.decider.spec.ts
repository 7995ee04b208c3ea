/**
 * The lifecycle as a whole: which command each status accepts, what it emits
 * and where it leads (every allowed pair), that every other pair is refused
 * with CommandNotAllowedError, and the issuedAt every command must carry.
 */
import {
  COMMANDS_ALLOWED_IN,
  COMPLAINT_STATUSES,
  CommandNotAllowedError,
  InvalidCommandError,
  complaintDecider,
  decideComplaint,
  evolveComplaint,
  initialComplaintState,
  type ComplaintCommandType,
  type ComplaintEvent,
  type ComplaintEventType,
  type ComplaintStatus,
} from '@redress/domain';
import { COMMAND_TYPES, EVENTS, HISTORY, command, given, violation } from './given-when-then';

const OWNED: ComplaintStatus[] = ['ASSIGNED', 'ROOT_CAUSE_IDENTIFIED', 'RESOLUTION_PROPOSED', 'REOPENED'];
const OPEN: ComplaintStatus[] = [
  'RECEIVED',
  'CLASSIFIED',
  'TRIAGED',
  ...OWNED,
  'RESOLUTION_EXECUTED',
  'CUSTOMER_INFORMED',
  'CUSTOMER_CONFIRMED',
];
const UNCHANGED = 'unchanged';

interface Transition {
  type: ComplaintCommandType;
  from: ComplaintStatus;
  emits: ComplaintEventType[];
  to: ComplaintStatus;
  /** Events appended to HISTORY[from] without changing its status (e.g. what closing needs). */
  extra: ComplaintEvent[];
}

function rows(
  type: ComplaintCommandType,
  from: ComplaintStatus[],
  emits: ComplaintEventType[],
  to: ComplaintStatus | typeof UNCHANGED,
  extra: ComplaintEvent[] = [],
): Transition[] {
  return from.map((status) => ({ type, from: status, emits, to: to === UNCHANGED ? status : to, extra }));
}

const { feedbackReportSent, followUpRecorded, effectVerifiedResolved } = EVENTS;

/** The specified lifecycle, written independently of COMMANDS_ALLOWED_IN. */
const TRANSITIONS: Transition[] = [
  ...rows('ReceiveComplaint', ['NONE'], ['ComplaintReceived'], 'RECEIVED'),
  ...rows('ClassifyComplaint', ['RECEIVED'], ['ComplaintClassified'], 'CLASSIFIED'),
  ...rows('ClassifyComplaint', ['CLASSIFIED', 'TRIAGED', ...OWNED], ['ComplaintReclassified'], UNCHANGED),
  ...rows('TriageComplaint', ['CLASSIFIED'], ['ComplaintTriaged'], 'TRIAGED'),
  ...rows('TriageComplaint', ['TRIAGED', ...OWNED], ['ComplaintTriaged'], UNCHANGED),
  ...rows('AssignComplaint', ['TRIAGED'], ['ComplaintAssigned'], 'ASSIGNED'),
  ...rows(
    'AssignComplaint',
    [...OWNED, 'RESOLUTION_EXECUTED'],
    ['ComplaintReassigned', 'ComplaintMarkedComplex'],
    UNCHANGED,
  ),
  ...rows('EscalateComplaint', OPEN, ['ComplaintEscalated'], UNCHANGED),
  ...rows(
    'RecordRootCause',
    ['ASSIGNED', 'ROOT_CAUSE_IDENTIFIED', 'REOPENED'],
    ['RootCauseIdentified'],
    'ROOT_CAUSE_IDENTIFIED',
  ),
  ...rows(
    'ProposeResolution',
    ['ROOT_CAUSE_IDENTIFIED', 'RESOLUTION_PROPOSED'],
    ['ResolutionProposed'],
    'RESOLUTION_PROPOSED',
  ),
  ...rows('ExecuteResolution', ['RESOLUTION_PROPOSED'], ['ResolutionExecuted'], 'RESOLUTION_EXECUTED'),
  ...rows('SendProgressUpdate', [...OWNED, 'RESOLUTION_EXECUTED'], ['ProgressUpdateSent'], UNCHANGED),
  ...rows('InformCustomerOfResult', ['RESOLUTION_EXECUTED'], ['CustomerInformedOfResult'], 'CUSTOMER_INFORMED'),
  ...rows('RecordCustomerResponse', ['CUSTOMER_INFORMED'], ['CustomerConfirmedResolution'], 'CUSTOMER_CONFIRMED'),
  ...rows('SendFeedbackReport', ['CUSTOMER_INFORMED', 'CUSTOMER_CONFIRMED'], ['FeedbackReportSent'], UNCHANGED),
  ...rows(
    'RecordFollowUp',
    ['RESOLUTION_EXECUTED', 'CUSTOMER_INFORMED', 'CUSTOMER_CONFIRMED'],
    ['FollowUpRecorded'],
    UNCHANGED,
  ),
  ...rows('VerifyEffect', ['CUSTOMER_INFORMED', 'CUSTOMER_CONFIRMED'], ['EffectVerified'], UNCHANGED),
  ...rows('CloseComplaint', ['CUSTOMER_INFORMED'], ['ComplaintClosed'], 'CLOSED', [
    feedbackReportSent,
    followUpRecorded,
    effectVerifiedResolved,
  ]),
  ...rows('CloseComplaint', ['CUSTOMER_CONFIRMED'], ['ComplaintClosed'], 'CLOSED', [
    feedbackReportSent,
    followUpRecorded,
  ]),
  ...rows('ReopenComplaint', ['CUSTOMER_CONFIRMED', 'CLOSED'], ['ComplaintReopened'], 'REOPENED'),
  ...rows('WithdrawComplaint', OPEN, ['ComplaintWithdrawn'], 'WITHDRAWN'),
  ...rows('ArchiveComplaint', ['CLOSED', 'WITHDRAWN'], ['ComplaintArchived'], 'ARCHIVED'),
  ...rows('AcknowledgeComplaint', OPEN, ['ComplaintAcknowledged'], UNCHANGED),
  ...rows('ClarifyProblem', ['RECEIVED', 'CLASSIFIED', 'TRIAGED', ...OWNED], ['ProblemClarified'], UNCHANGED),
  ...rows('CompletePreliminaryHandling', ['TRIAGED', ...OWNED], ['PreliminaryHandlingCompleted'], UNCHANGED),
  ...rows('SendDetailedFeedback', [...OWNED, 'RESOLUTION_EXECUTED'], ['DetailedFeedbackSent'], UNCHANGED),
  ...rows('RequestCustomerInformation', OPEN, ['CustomerInformationRequested'], UNCHANGED),
  ...rows('RecordCustomerInformation', OPEN, ['CustomerInformationProvided'], UNCHANGED, [EVENTS.informationRequested]),
  ...rows('DeclareServiceIncident', OPEN, ['ServiceIncidentDeclared'], UNCHANGED),
  ...rows('ActivateEmergencyPlan', OPEN, ['EmergencyPlanActivated'], UNCHANGED, [EVENTS.incidentDeclared]),
  ...rows('SendFinalResponse', OPEN, ['FinalResponseSent'], UNCHANGED),
  ...rows('SendHoldingResponse', OPEN, ['HoldingResponseSent'], UNCHANGED),
  ...rows('ConfirmEarlyResolution', OPEN, ['EarlyResolutionConfirmed'], UNCHANGED),
  ...rows('NotifySlaExtension', OPEN, ['SlaExtensionNotified'], UNCHANGED),
  ...rows('StartExternalAppraisal', OPEN, ['ExternalAppraisalStarted'], UNCHANGED),
  ...rows('CompleteExternalAppraisal', OPEN, ['ExternalAppraisalCompleted'], UNCHANGED, [EVENTS.appraisalStarted]),
  ...rows('RecordSlaAlert', [...OPEN, 'CLOSED', 'WITHDRAWN'], ['SlaBreached'], UNCHANGED),
  ...rows('RecomputeSlaPolicy', OPEN, ['SlaPolicyRecomputed'], UNCHANGED),
  ...rows('MergeComplaint', OPEN, ['ComplaintMergedInto'], 'MERGED'),
  // HISTORY.MERGED was merged while ASSIGNED, the status an unmerge gives back.
  ...rows('UnmergeComplaint', ['MERGED'], ['ComplaintUnmerged'], 'ASSIGNED'),
  ...rows('AttachMergedDuplicate', OPEN, ['DuplicateComplaintMerged'], UNCHANGED),
  ...rows('DetachMergedDuplicate', [...OPEN, 'CLOSED', 'WITHDRAWN'], ['DuplicateComplaintUnmerged'], UNCHANGED, [
    EVENTS.duplicateMerged,
  ]),
];

const pair = (type: string, status: string) => `${type} @ ${status}`;

describe('the lifecycle table', () => {
  it('is exactly the specified one: every allowed (command, status) pair has a transition and no other', () => {
    const allowed = COMMAND_TYPES.flatMap((type) => COMMANDS_ALLOWED_IN[type].map((status) => pair(type, status)));
    expect(allowed.sort()).toEqual(TRANSITIONS.map((t) => pair(t.type, t.from)).sort());
  });

  it('covers every command type and only known statuses', () => {
    expect(Object.keys(COMMANDS_ALLOWED_IN).sort()).toEqual([...COMMAND_TYPES].sort());
    const used = new Set(Object.values(COMMANDS_ALLOWED_IN).flat());
    expect([...used].filter((status) => !COMPLAINT_STATUSES.includes(status))).toEqual([]);
  });

  it('leaves ARCHIVED terminal', () => {
    expect(COMMAND_TYPES.filter((type) => COMMANDS_ALLOWED_IN[type].includes('ARCHIVED'))).toEqual([]);
  });
});

describe('every allowed transition', () => {
  test.each(TRANSITIONS.map((t) => [t.type, t.from, t.emits.join(' + '), t.to, t] as const))(
    '%s in %s emits %s and leads to %s',
    (type, from, _emits, to, transition) => {
      const result = given(...HISTORY[from], ...transition.extra)
        .when(command(type))
        .result();
      expect(result.events.map((e) => e.type)).toEqual(transition.emits);
      expect(result.state.status).toBe(to);
    },
  );
});

describe('every refused transition', () => {
  const refused = COMPLAINT_STATUSES.flatMap((status) =>
    COMMAND_TYPES.filter((type) => !COMMANDS_ALLOWED_IN[type].includes(status)).map((type) => [type, status] as const),
  );

  it('is the complement of the allowed ones', () => {
    expect(refused.length + TRANSITIONS.length).toBe(COMPLAINT_STATUSES.length * COMMAND_TYPES.length);
  });

  test.each(refused)('%s is refused while %s', (type, status) => {
    const allowedCommands = COMMAND_TYPES.filter((t) =>
      TRANSITIONS.some((row) => row.type === t && row.from === status),
    );
    given(...HISTORY[status])
      .when(command(type))
      .thenThrows(CommandNotAllowedError, { code: 'COMMAND_NOT_ALLOWED', command: type, status, allowedCommands });
  });

  it('explains the refusal and says when nothing is allowed any more', () => {
    const error = given(...HISTORY.ARCHIVED)
      .when(command('ReopenComplaint'))
      .thenThrows(CommandNotAllowedError, { status: 'ARCHIVED', allowedCommands: [] });
    expect(error.message).toBe('ReopenComplaint is not allowed while the complaint is ARCHIVED; allowed: none');
  });

  it('lists the allowed commands in lifecycle order in the message', () => {
    const error = given(...HISTORY.CLOSED)
      .when(command('CloseComplaint'))
      .thenThrows(CommandNotAllowedError);
    expect(error.message).toBe(
      'CloseComplaint is not allowed while the complaint is CLOSED; allowed: ReopenComplaint, ArchiveComplaint, RecordSlaAlert, DetachMergedDuplicate',
    );
  });

  it('checks the status before the fields, so an invalid command in the wrong status is refused for its status', () => {
    given(...HISTORY.RECEIVED)
      .when(command('ReceiveComplaint', { content: '', issuedAt: 'not a date' }))
      .thenThrows(CommandNotAllowedError, { status: 'RECEIVED' });
  });

  it('refuses a second receipt of the same complaint', () => {
    given(...HISTORY.RECEIVED)
      .when(command('ReceiveComplaint', { complaintId: 'cmp-1' }))
      .thenThrows(CommandNotAllowedError, { command: 'ReceiveComplaint', status: 'RECEIVED' });
  });
});

describe('issuedAt', () => {
  const firstAllowed = COMMAND_TYPES.map((type) => [type, COMMANDS_ALLOWED_IN[type][0]] as const);

  test.each(firstAllowed)('%s (in %s) is rejected when issuedAt is not an instant', (type, status) => {
    given(...HISTORY[status])
      .when(command(type, { issuedAt: 'yesterday' }))
      .thenThrows(InvalidCommandError, {
        code: 'INVALID_COMMAND',
        violations: [violation('issuedAt', 'must be an ISO-8601 instant')],
      });
  });

  test.each([
    ['empty', ''],
    ['a date without a time', '2026-04-01'],
    ['a local time without a zone', '2026-04-01T09:00:00'],
    ['a space instead of T', '2026-04-01 09:00:00Z'],
    ['month 13', '2026-13-01T09:00:00Z'],
    ['hour 25', '2026-04-01T25:00:00Z'],
    ['an impossible calendar day (30 February)', '2026-02-30T09:00:00Z'],
    ['epoch milliseconds', 1775034000000 as unknown as string],
  ])('is rejected when it is %s', (_label, issuedAt) => {
    given(...HISTORY.RESOLUTION_PROPOSED)
      .when(command('ExecuteResolution', { issuedAt }))
      .thenThrows(InvalidCommandError, { violations: [violation('issuedAt', 'must be an ISO-8601 instant')] });
  });

  it('stamps events in canonical UTC whatever offset the caller used', () => {
    given(...HISTORY.CUSTOMER_CONFIRMED)
      .when(command('ReopenComplaint', { issuedAt: '2026-04-01T17:30:00.5+08:00' }))
      .then({
        type: 'ComplaintReopened',
        data: {
          reason: 'the customer was charged twice again',
          reopenedAt: '2026-04-01T09:30:00.500Z',
          reopenCount: 1,
        },
      });
  });
});

describe('the decider', () => {
  it('is pure: the same command on the same state gives the same events', () => {
    const state = given(...HISTORY.RESOLUTION_EXECUTED).state;
    const cmd = command('InformCustomerOfResult');
    expect(decideComplaint(cmd, state)).toStrictEqual(decideComplaint(cmd, state));
  });

  it('is exposed as a Decider of decide, evolve and the initial state', () => {
    expect(complaintDecider).toEqual({
      decide: decideComplaint,
      evolve: evolveComplaint,
      initialState: initialComplaintState,
    });
  });
});
