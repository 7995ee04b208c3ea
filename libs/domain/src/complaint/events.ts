import type { Compensation, ComplaintObject, CustomerReference, SlaPolicyReference } from './commands';
import type { ComplaintStatus } from './state';
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
  SlaExtensionLevel,
  VerificationMethod,
} from './vocabulary';

/**
 * Domain events of the Complaint aggregate. An event's `data` is its
 * published payload: once a version is released it never changes shape; a
 * changed shape is a new schema version (see `COMPLAINT_EVENT_SCHEMA_VERSIONS`).
 */
interface EventBase<Type extends string, Data> {
  type: Type;
  data: Data;
}

export type ComplaintReceived = EventBase<
  'ComplaintReceived',
  {
    complaintId: string;
    channel: Channel;
    customer: CustomerReference;
    content: string;
    reason: string;
    object: ComplaintObject;
    remedySought: string;
    occurredAt: string;
    receivedAt: string;
  }
>;
export type ComplaintClassified = EventBase<'ComplaintClassified', { category: Category }>;
export type ComplaintReclassified = EventBase<
  'ComplaintReclassified',
  { previousCategory: Category; category: Category; reason: string }
>;
export type ComplaintTriaged = EventBase<'ComplaintTriaged', { grade: Grade; priority: Priority; isComplex: boolean }>;
export type ComplaintMarkedComplex = EventBase<
  'ComplaintMarkedComplex',
  { reason: 'MULTI_DEPARTMENT'; departments: string[] }
>;
export type ComplaintAssigned = EventBase<'ComplaintAssigned', { department: string; assignee: string }>;
export type ComplaintReassigned = EventBase<
  'ComplaintReassigned',
  {
    previousDepartment: string;
    previousAssignee: string;
    department: string;
    assignee: string;
    reason: string;
  }
>;
export type ComplaintEscalated = EventBase<
  'ComplaintEscalated',
  { previousLevel: EscalationLevel | null; level: EscalationLevel; reason: string; team: EscalationTeam | null }
>;
export type RootCauseIdentified = EventBase<
  'RootCauseIdentified',
  {
    rootCause: string;
    category: RootCauseCategory;
    responsibleDepartment: string;
    responsiblePerson: string;
  }
>;
export type ResolutionProposed = EventBase<
  'ResolutionProposed',
  { plan: string; measures: string[]; compensation: Compensation | null }
>;
export type ResolutionExecuted = EventBase<'ResolutionExecuted', { outcome: string; executedAt: string }>;
export type ProgressUpdateSent = EventBase<
  'ProgressUpdateSent',
  {
    progress: string;
    cause: string;
    measures: string;
    stage: string;
    responsiblePerson: string;
    expectedCompletionAt: string;
    sentAt: string;
  }
>;
export type CustomerInformedOfResult = EventBase<
  'CustomerInformedOfResult',
  { result: string; channel: Channel; informedAt: string }
>;
export type CustomerConfirmedResolution = EventBase<'CustomerConfirmedResolution', { confirmedAt: string }>;
export type CustomerRejectedResolution = EventBase<
  'CustomerRejectedResolution',
  { reason: string; rejectedAt: string }
>;
export type ComplaintReopened = EventBase<
  'ComplaintReopened',
  { reason: string; reopenedAt: string; reopenCount: number }
>;
export type FeedbackReportSent = EventBase<
  'FeedbackReportSent',
  { result: string; improvementMeasures: string[]; followUpPlan: string; sentAt: string }
>;
export type FollowUpRecorded = EventBase<
  'FollowUpRecorded',
  {
    channel: FollowUpChannel;
    satisfied: boolean;
    score: number | null;
    notes: string | null;
    followedUpAt: string;
  }
>;
export type EffectVerified = EventBase<
  'EffectVerified',
  { method: VerificationMethod; resolved: boolean; notes: string | null; verifiedAt: string }
>;
export type ComplaintClosed = EventBase<
  'ComplaintClosed',
  { closedAt: string; summary: string | null; resolvedBy: 'CUSTOMER_CONFIRMATION' | 'EFFECT_VERIFICATION' }
>;
export type ComplaintWithdrawn = EventBase<'ComplaintWithdrawn', { reason: string; withdrawnAt: string }>;
export type ComplaintArchived = EventBase<
  'ComplaintArchived',
  { archiveCategory: ArchiveCategory; archivedAt: string }
>;

export type ComplaintAcknowledged = EventBase<
  'ComplaintAcknowledged',
  { channel: Channel; message: string | null; acknowledgedAt: string }
>;
export type PreliminaryHandlingCompleted = EventBase<
  'PreliminaryHandlingCompleted',
  { summary: string; completedAt: string }
>;
export type DetailedFeedbackSent = EventBase<'DetailedFeedbackSent', { feedback: string; sentAt: string }>;
export type CustomerInformationRequested = EventBase<
  'CustomerInformationRequested',
  { what: string; requestedAt: string }
>;
export type CustomerInformationProvided = EventBase<
  'CustomerInformationProvided',
  { information: string; providedAt: string }
>;
export type ProblemClarified = EventBase<'ProblemClarified', { summary: string; clarifiedAt: string }>;
export type ServiceIncidentDeclared = EventBase<
  'ServiceIncidentDeclared',
  { incidentType: IncidentType; description: string; occurredAt: string; declaredAt: string }
>;
export type EmergencyPlanActivated = EventBase<'EmergencyPlanActivated', { plan: string; activatedAt: string }>;
export type FinalResponseSent = EventBase<'FinalResponseSent', { outcome: string; sentAt: string }>;
export type HoldingResponseSent = EventBase<
  'HoldingResponseSent',
  { reason: string; expectedBy: string; sentAt: string }
>;
export type EarlyResolutionConfirmed = EventBase<
  'EarlyResolutionConfirmed',
  { summaryCommunicationSent: boolean; confirmedAt: string }
>;
export type SlaExtensionNotified = EventBase<
  'SlaExtensionNotified',
  { clock: string; level: SlaExtensionLevel; approvedBy: string; reason: string; notifiedAt: string }
>;
export type ExternalAppraisalStarted = EventBase<'ExternalAppraisalStarted', { kind: string; startedAt: string }>;
export type ExternalAppraisalCompleted = EventBase<
  'ExternalAppraisalCompleted',
  { findings: string; completedAt: string }
>;

interface SlaAlertData {
  policyId: string;
  policyVersion: number;
  clock: string;
  cycle: number;
  key: string;
}
export type SlaWarningReached = EventBase<'SlaWarningReached', SlaAlertData & { threshold: string; reachedAt: string }>;
export type SlaBreached = EventBase<'SlaBreached', SlaAlertData & { dueAt: string }>;
/** The complaint's SLA clocks are evaluated under `to` from now on, its whole history included. */
export type SlaPolicyRecomputed = EventBase<
  'SlaPolicyRecomputed',
  { from: SlaPolicyReference; to: SlaPolicyReference; reason: string; recomputedAt: string }
>;

/**
 * Merge and unmerge, recorded in both complaints' streams under one merge id
 * (the duplicate's MergeComplaint command id). The duplicate stops being
 * handled on its own while merged; the primary keeps the earliest receipt of
 * itself and its merged duplicates (`effectiveReceivedAt`) for its SLA and
 * regulatory clocks, as NFRA rules for repeat complaints.
 */
export type ComplaintMergedInto = EventBase<
  'ComplaintMergedInto',
  { primaryId: string; mergeId: string; reason: string; statusBeforeMerge: ComplaintStatus; mergedAt: string }
>;
export type ComplaintUnmerged = EventBase<
  'ComplaintUnmerged',
  { primaryId: string; mergeId: string; reason: string; restoredStatus: ComplaintStatus; unmergedAt: string }
>;
export type DuplicateComplaintMerged = EventBase<
  'DuplicateComplaintMerged',
  {
    duplicateId: string;
    mergeId: string;
    duplicateReceivedAt: string;
    reason: string;
    effectiveReceivedAt: string;
    mergedAt: string;
  }
>;
export type DuplicateComplaintUnmerged = EventBase<
  'DuplicateComplaintUnmerged',
  { duplicateId: string; mergeId: string; reason: string; effectiveReceivedAt: string; unmergedAt: string }
>;

export type ComplaintEvent =
  | ComplaintReceived
  | ComplaintClassified
  | ComplaintReclassified
  | ComplaintTriaged
  | ComplaintMarkedComplex
  | ComplaintAssigned
  | ComplaintReassigned
  | ComplaintEscalated
  | RootCauseIdentified
  | ResolutionProposed
  | ResolutionExecuted
  | ProgressUpdateSent
  | CustomerInformedOfResult
  | CustomerConfirmedResolution
  | CustomerRejectedResolution
  | ComplaintReopened
  | FeedbackReportSent
  | FollowUpRecorded
  | EffectVerified
  | ComplaintClosed
  | ComplaintWithdrawn
  | ComplaintArchived
  | ComplaintAcknowledged
  | PreliminaryHandlingCompleted
  | DetailedFeedbackSent
  | CustomerInformationRequested
  | CustomerInformationProvided
  | ProblemClarified
  | ServiceIncidentDeclared
  | EmergencyPlanActivated
  | FinalResponseSent
  | HoldingResponseSent
  | EarlyResolutionConfirmed
  | SlaExtensionNotified
  | ExternalAppraisalStarted
  | ExternalAppraisalCompleted
  | SlaWarningReached
  | SlaBreached
  | SlaPolicyRecomputed
  | ComplaintMergedInto
  | ComplaintUnmerged
  | DuplicateComplaintMerged
  | DuplicateComplaintUnmerged;

export type ComplaintEventType = ComplaintEvent['type'];

/**
 * The current schema version of every event type. Every stored event records
 * the version it was written with; bump a version (and add an upcaster in
 * `upcast.ts`) whenever a payload changes shape.
 */
export const COMPLAINT_EVENT_SCHEMA_VERSIONS: Readonly<Record<ComplaintEventType, number>> = {
  // v2: the customer may carry sealed personal data (customer.personalData).
  ComplaintReceived: 2,
  ComplaintClassified: 1,
  ComplaintReclassified: 1,
  ComplaintTriaged: 1,
  ComplaintMarkedComplex: 1,
  ComplaintAssigned: 1,
  ComplaintReassigned: 1,
  ComplaintEscalated: 1,
  RootCauseIdentified: 1,
  ResolutionProposed: 1,
  ResolutionExecuted: 1,
  ProgressUpdateSent: 1,
  CustomerInformedOfResult: 1,
  CustomerConfirmedResolution: 1,
  CustomerRejectedResolution: 1,
  ComplaintReopened: 1,
  FeedbackReportSent: 1,
  FollowUpRecorded: 1,
  EffectVerified: 1,
  ComplaintClosed: 1,
  ComplaintWithdrawn: 1,
  ComplaintArchived: 1,
  ComplaintAcknowledged: 1,
  PreliminaryHandlingCompleted: 1,
  DetailedFeedbackSent: 1,
  CustomerInformationRequested: 1,
  CustomerInformationProvided: 1,
  ProblemClarified: 1,
  ServiceIncidentDeclared: 1,
  EmergencyPlanActivated: 1,
  FinalResponseSent: 1,
  HoldingResponseSent: 1,
  EarlyResolutionConfirmed: 1,
  SlaExtensionNotified: 1,
  ExternalAppraisalStarted: 1,
  ExternalAppraisalCompleted: 1,
  SlaWarningReached: 1,
  SlaBreached: 1,
  SlaPolicyRecomputed: 1,
  ComplaintMergedInto: 1,
  ComplaintUnmerged: 1,
  DuplicateComplaintMerged: 1,
  DuplicateComplaintUnmerged: 1,
};

export const COMPLAINT_EVENT_TYPES = Object.keys(COMPLAINT_EVENT_SCHEMA_VERSIONS) as ComplaintEventType[];

export function isComplaintEventType(type: string): type is ComplaintEventType {
  return Object.prototype.hasOwnProperty.call(COMPLAINT_EVENT_SCHEMA_VERSIONS, type);
}
