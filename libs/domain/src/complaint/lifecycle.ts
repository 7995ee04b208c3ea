import type { ComplaintCommandType } from './commands';
import type { ComplaintStatus } from './state';

/** Statuses in which a complaint is still being handled. */
export const OPEN_STATUSES: readonly ComplaintStatus[] = [
  'RECEIVED',
  'CLASSIFIED',
  'TRIAGED',
  'ASSIGNED',
  'ROOT_CAUSE_IDENTIFIED',
  'RESOLUTION_PROPOSED',
  'RESOLUTION_EXECUTED',
  'CUSTOMER_INFORMED',
  'CUSTOMER_CONFIRMED',
  'REOPENED',
];

/** Statuses that have an owner and are in analysis or resolution. */
const OWNED_BEFORE_EXECUTION: readonly ComplaintStatus[] = [
  'ASSIGNED',
  'ROOT_CAUSE_IDENTIFIED',
  'RESOLUTION_PROPOSED',
  'REOPENED',
];

/**
 * The lifecycle as data: in which statuses each command is accepted. The
 * decider consults it before anything else, and a refusal lists what *is*
 * allowed, so callers never have to guess the state machine.
 */
export const COMMANDS_ALLOWED_IN: Readonly<Record<ComplaintCommandType, readonly ComplaintStatus[]>> = {
  ReceiveComplaint: ['NONE'],
  ClassifyComplaint: ['RECEIVED', 'CLASSIFIED', 'TRIAGED', ...OWNED_BEFORE_EXECUTION],
  TriageComplaint: ['CLASSIFIED', 'TRIAGED', ...OWNED_BEFORE_EXECUTION],
  AssignComplaint: ['TRIAGED', ...OWNED_BEFORE_EXECUTION, 'RESOLUTION_EXECUTED'],
  EscalateComplaint: OPEN_STATUSES,
  RecordRootCause: ['ASSIGNED', 'ROOT_CAUSE_IDENTIFIED', 'REOPENED'],
  ProposeResolution: ['ROOT_CAUSE_IDENTIFIED', 'RESOLUTION_PROPOSED'],
  ExecuteResolution: ['RESOLUTION_PROPOSED'],
  SendProgressUpdate: [...OWNED_BEFORE_EXECUTION, 'RESOLUTION_EXECUTED'],
  InformCustomerOfResult: ['RESOLUTION_EXECUTED'],
  RecordCustomerResponse: ['CUSTOMER_INFORMED'],
  SendFeedbackReport: ['CUSTOMER_INFORMED', 'CUSTOMER_CONFIRMED'],
  RecordFollowUp: ['RESOLUTION_EXECUTED', 'CUSTOMER_INFORMED', 'CUSTOMER_CONFIRMED'],
  VerifyEffect: ['CUSTOMER_INFORMED', 'CUSTOMER_CONFIRMED'],
  CloseComplaint: ['CUSTOMER_INFORMED', 'CUSTOMER_CONFIRMED'],
  ReopenComplaint: ['CUSTOMER_CONFIRMED', 'CLOSED'],
  WithdrawComplaint: OPEN_STATUSES,
  ArchiveComplaint: ['CLOSED', 'WITHDRAWN'],
  AcknowledgeComplaint: OPEN_STATUSES,
  ClarifyProblem: ['RECEIVED', 'CLASSIFIED', 'TRIAGED', ...OWNED_BEFORE_EXECUTION],
  CompletePreliminaryHandling: ['TRIAGED', ...OWNED_BEFORE_EXECUTION],
  SendDetailedFeedback: [...OWNED_BEFORE_EXECUTION, 'RESOLUTION_EXECUTED'],
  RequestCustomerInformation: OPEN_STATUSES,
  RecordCustomerInformation: OPEN_STATUSES,
  DeclareServiceIncident: OPEN_STATUSES,
  ActivateEmergencyPlan: OPEN_STATUSES,
  SendFinalResponse: OPEN_STATUSES,
  SendHoldingResponse: OPEN_STATUSES,
  ConfirmEarlyResolution: OPEN_STATUSES,
  NotifySlaExtension: OPEN_STATUSES,
  StartExternalAppraisal: OPEN_STATUSES,
  CompleteExternalAppraisal: OPEN_STATUSES,
  // A deadline missed while the complaint was open is still recorded if the timer only gets to it after closure.
  RecordSlaAlert: [...OPEN_STATUSES, 'CLOSED', 'WITHDRAWN'],
  // A closed complaint's clocks are decided; moving them to another policy would rewrite its verdicts.
  RecomputeSlaPolicy: OPEN_STATUSES,
  // Only a complaint still being handled can be merged, or take in a duplicate; merged, it accepts nothing but
  // its unmerge. A primary gives a duplicate back even once closed or withdrawn (a merge is always reversible);
  // an archived complaint stays as archived, duplicates included.
  MergeComplaint: OPEN_STATUSES,
  UnmergeComplaint: ['MERGED'],
  AttachMergedDuplicate: OPEN_STATUSES,
  DetachMergedDuplicate: [...OPEN_STATUSES, 'CLOSED', 'WITHDRAWN'],
};

const COMMAND_TYPES = Object.keys(COMMANDS_ALLOWED_IN) as ComplaintCommandType[];

/** The commands accepted in `status`, in lifecycle order. */
export function commandsAllowedIn(status: ComplaintStatus): ComplaintCommandType[] {
  return COMMAND_TYPES.filter((type) => COMMANDS_ALLOWED_IN[type].includes(status));
}
