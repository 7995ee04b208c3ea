import type { Compensation, ComplaintObject, CustomerReference, SlaPolicyReference } from './commands';
import type {
  ArchiveCategory,
  Category,
  Channel,
  EscalationLevel,
  EscalationTeam,
  FollowUpChannel,
  Grade,
  IncidentType,
  Priority,
  RootCauseCategory,
  VerificationMethod,
} from './vocabulary';

/**
 * Lifecycle statuses, after 002 §1.2 and the merged lifecycle of the
 * complaint guide §1.13. `NONE` is the state before anything was received.
 */
export const COMPLAINT_STATUSES = [
  'NONE',
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
  'CLOSED',
  'WITHDRAWN',
  'ARCHIVED',
  /** Merged into another complaint (the primary), which carries its handling until an unmerge. */
  'MERGED',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export interface Escalation {
  level: EscalationLevel;
  team: EscalationTeam | null;
  reason: string;
}

/**
 * What the current handling cycle has produced. A reopen starts a new cycle:
 * closing again needs a fresh resolution, report, follow-up and confirmation.
 */
export interface HandlingCycle {
  number: number;
  resolution: { plan: string; measures: string[]; compensation: Compensation | null } | null;
  execution: { outcome: string; executedAt: string } | null;
  customerInformedAt: string | null;
  customerDecision: 'CONFIRMED' | 'REJECTED' | null;
  feedbackReportSentAt: string | null;
  followUps: { channel: FollowUpChannel; satisfied: boolean; score: number | null; at: string }[];
  effectVerification: { method: VerificationMethod; resolved: boolean; at: string } | null;
}

export interface ComplaintState {
  id: string | null;
  status: ComplaintStatus;
  channel: Channel | null;
  customer: CustomerReference | null;
  content: string | null;
  reason: string | null;
  object: ComplaintObject | null;
  remedySought: string | null;
  occurredAt: string | null;
  receivedAt: string | null;
  category: Category | null;
  grade: Grade | null;
  priority: Priority | null;
  isComplex: boolean;
  department: string | null;
  assignee: string | null;
  /** Every department that has owned the complaint; two or more make it complex (REQ-08). */
  departmentsInvolved: string[];
  escalationLevel: EscalationLevel | null;
  escalations: Escalation[];
  rootCause: {
    rootCause: string;
    category: RootCauseCategory;
    responsibleDepartment: string;
    responsiblePerson: string;
  } | null;
  /** Set when the current cycle's root cause was recorded; cleared by a reopen. */
  rootCauseConfirmedInCycle: boolean;
  progressUpdateCount: number;
  lastProgressUpdateAt: string | null;
  /** The first response (acknowledgement); given once per complaint. */
  acknowledgedAt: string | null;
  problemClarifiedAt: string | null;
  /** Preliminary handling is completed once per complaint (REQ-21). */
  preliminaryHandlingCompletedAt: string | null;
  /** The latest detailed feedback; it may be sent again as the analysis moves on. */
  detailedFeedbackSentAt: string | null;
  /** What the customer was asked for and since when; null while nothing is awaited. */
  awaitingCustomerInformation: { what: string; since: string } | null;
  /** Declared once; the emergency plan is activated once for it. */
  incident: { type: IncidentType; occurredAt: string; declaredAt: string } | null;
  emergencyPlanActivatedAt: string | null;
  /** The latest regulatory final response. */
  finalResponseSentAt: string | null;
  earlyResolutionConfirmedAt: string | null;
  /** The external appraisal in progress, if any. */
  externalAppraisal: { kind: string; since: string } | null;
  /** Keys of the SLA warnings and breaches recorded, each once. */
  slaAlertKeys: string[];
  /**
   * The SLA policy set by the latest recompute; null while the complaint keeps
   * the one chosen at receipt (by configuration, recorded in the SLA read model).
   */
  slaPolicy: SlaPolicyReference | null;
  cycle: HandlingCycle;
  reopenCount: number;
  closedAt: string | null;
  withdrawal: { reason: string; at: string } | null;
  archive: { category: ArchiveCategory; at: string } | null;
  /** Set while this complaint is merged into a primary; the status it had is restored by an unmerge. */
  mergedInto: { primaryId: string; mergeId: string; statusBeforeMerge: ComplaintStatus; at: string } | null;
  /** The duplicates merged into this complaint, in merge order. */
  mergedDuplicates: { duplicateId: string; mergeId: string; receivedAt: string }[];
  /** The earliest receipt of this complaint and its merged duplicates: what its SLA and regulatory clocks start from. */
  effectiveReceivedAt: string | null;
}

export function newHandlingCycle(number: number): HandlingCycle {
  return {
    number,
    resolution: null,
    execution: null,
    customerInformedAt: null,
    customerDecision: null,
    feedbackReportSentAt: null,
    followUps: [],
    effectVerification: null,
  };
}

export const initialComplaintState: ComplaintState = {
  id: null,
  status: 'NONE',
  channel: null,
  customer: null,
  content: null,
  reason: null,
  object: null,
  remedySought: null,
  occurredAt: null,
  receivedAt: null,
  category: null,
  grade: null,
  priority: null,
  isComplex: false,
  department: null,
  assignee: null,
  departmentsInvolved: [],
  escalationLevel: null,
  escalations: [],
  rootCause: null,
  rootCauseConfirmedInCycle: false,
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
  cycle: newHandlingCycle(1),
  reopenCount: 0,
  closedAt: null,
  withdrawal: null,
  archive: null,
  mergedInto: null,
  mergedDuplicates: [],
  effectiveReceivedAt: null,
};
