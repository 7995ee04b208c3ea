import type {
  ArchiveCategory,
  Category,
  Channel,
  CompensationKind,
  ComplaintObjectKind,
  CustomerTier,
  EscalationLevel,
  EscalationTeam,
  FollowUpChannel,
  Grade,
  IncidentType,
  Priority,
  RootCauseCategory,
  SlaAlertKind,
  SlaExtensionLevel,
  VerificationMethod,
} from './vocabulary';
import type { ComplaintStatus } from './state';

/**
 * Every command carries `issuedAt`, the instant the system accepted it. The
 * decider never reads a clock, so replays and tests are deterministic.
 */
interface CommandBase<Type extends string> {
  type: Type;
  issuedAt: string;
}

export interface CustomerReference {
  /** The customer's id in the enterprise's CRM. */
  id: string;
  tier: CustomerTier;
  /**
   * The customer's personal data (name, contact details, address) as given at
   * intake, sealed with a key of this customer's: the log, the read models and
   * Kafka carry only this envelope, and erasing the customer's key (GDPR,
   * PIPL) makes it unreadable everywhere at once while the history and its
   * hash chain stay intact. The domain never opens it.
   */
  personalData?: SealedPersonalData;
}

/**
 * The customer's personal data in plaintext, as an intake or an import gives
 * it: only ever in memory, sealed (SealedPersonalData) before anything is
 * decided or stored.
 */
export interface PersonalData {
  name?: string;
  phone?: string;
  email?: string;
  address?: string;
}

/** Personal data encrypted with one customer's key (AES-256-GCM; base64 fields). */
export interface SealedPersonalData {
  /** The envelope's format version. */
  v: 1;
  /** Which of the customer's keys sealed it: after an erasure a new key never opens older envelopes. */
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

export interface ComplaintObject {
  kind: ComplaintObjectKind;
  /** What exactly: a product code, a branch, an employee number, a policy name. */
  reference: string;
}

export interface Compensation {
  kind: CompensationKind;
  /** Minor-unit-free decimal amount, e.g. 25.5; absent for non-monetary remedies. */
  amount?: number;
  /** ISO 4217 code, required with an amount. */
  currency?: string;
  description?: string;
}

export interface ReceiveComplaint extends CommandBase<'ReceiveComplaint'> {
  /** Chosen by the caller's adapter (random, or derived from an idempotency key). */
  complaintId: string;
  channel: Channel;
  customer: CustomerReference;
  content: string;
  reason: string;
  object: ComplaintObject;
  remedySought: string;
  occurredAt: string;
  /** When the complaint reached the organisation; defaults to `issuedAt`. Starts every SLA clock. */
  receivedAt?: string;
  /** Classification may happen at registration (complaint guide REQ-05). */
  category?: Category;
}

export interface ClassifyComplaint extends CommandBase<'ClassifyComplaint'> {
  category: Category;
  /** Required when the complaint is already classified (a reclassification). */
  reason?: string;
}

export interface TriageComplaint extends CommandBase<'TriageComplaint'> {
  grade: Grade;
  priority: Priority;
  isComplex: boolean;
}

export interface AssignComplaint extends CommandBase<'AssignComplaint'> {
  department: string;
  assignee: string;
  /** Required when the complaint already has an owner (a reassignment). */
  reason?: string;
}

export interface EscalateComplaint extends CommandBase<'EscalateComplaint'> {
  level: EscalationLevel;
  reason: string;
  team?: EscalationTeam;
}

export interface RecordRootCause extends CommandBase<'RecordRootCause'> {
  rootCause: string;
  category: RootCauseCategory;
  responsibleDepartment: string;
  responsiblePerson: string;
}

export interface ProposeResolution extends CommandBase<'ProposeResolution'> {
  plan: string;
  measures: string[];
  compensation?: Compensation;
}

export interface ExecuteResolution extends CommandBase<'ExecuteResolution'> {
  outcome: string;
}

export interface SendProgressUpdate extends CommandBase<'SendProgressUpdate'> {
  progress: string;
  cause: string;
  measures: string;
  stage: string;
  responsiblePerson: string;
  expectedCompletionAt: string;
}

export interface InformCustomerOfResult extends CommandBase<'InformCustomerOfResult'> {
  result: string;
  channel: Channel;
}

export interface RecordCustomerResponse extends CommandBase<'RecordCustomerResponse'> {
  accepted: boolean;
  /** Required when the customer rejects the result. */
  reason?: string;
}

export interface SendFeedbackReport extends CommandBase<'SendFeedbackReport'> {
  result: string;
  improvementMeasures: string[];
  followUpPlan: string;
}

export interface RecordFollowUp extends CommandBase<'RecordFollowUp'> {
  channel: FollowUpChannel;
  satisfied: boolean;
  /** 1–5 (002 §2.2). */
  score?: number;
  notes?: string;
}

export interface VerifyEffect extends CommandBase<'VerifyEffect'> {
  method: VerificationMethod;
  resolved: boolean;
  notes?: string;
}

export interface CloseComplaint extends CommandBase<'CloseComplaint'> {
  summary?: string;
}

export interface ReopenComplaint extends CommandBase<'ReopenComplaint'> {
  reason: string;
}

export interface WithdrawComplaint extends CommandBase<'WithdrawComplaint'> {
  reason: string;
}

export interface ArchiveComplaint extends CommandBase<'ArchiveComplaint'> {
  archiveCategory: ArchiveCategory;
}

/** The first response to the customer: the complaint has been received and is being handled (REQ-20). */
export interface AcknowledgeComplaint extends CommandBase<'AcknowledgeComplaint'> {
  channel: Channel;
  message?: string;
}

/** Preliminary handling of a complex complaint is done (002 §3.1, 48 h; REQ-21). */
export interface CompletePreliminaryHandling extends CommandBase<'CompletePreliminaryHandling'> {
  summary: string;
}

/** Detailed feedback on a complex complaint (002 §3.1, 72 h; REQ-21). */
export interface SendDetailedFeedback extends CommandBase<'SendDetailedFeedback'> {
  feedback: string;
}

/** Handling waits for the customer to supply something; SLA clocks may pause meanwhile. */
export interface RequestCustomerInformation extends CommandBase<'RequestCustomerInformation'> {
  what: string;
}

/** The customer supplied what was asked for; ends the wait. */
export interface RecordCustomerInformation extends CommandBase<'RecordCustomerInformation'> {
  information: string;
}

/** The problem is understood (the "60" of the 30-60-90 rule), before a root cause may be known. */
export interface ClarifyProblem extends CommandBase<'ClarifyProblem'> {
  summary: string;
}

/** The complaint is (part of) a service incident (service guides REQ-34); starts the 15-minute activation clock. */
export interface DeclareServiceIncident extends CommandBase<'DeclareServiceIncident'> {
  incidentType: IncidentType;
  description: string;
  /** When the incident happened; the activation clock counts from here. */
  occurredAt: string;
}

/** The emergency plan is in force (service guides REQ-23). */
export interface ActivateEmergencyPlan extends CommandBase<'ActivateEmergencyPlan'> {
  plan: string;
}

/** The regulatory final response: the firm's last word, with referral rights where the rules require them. */
export interface SendFinalResponse extends CommandBase<'SendFinalResponse'> {
  outcome: string;
}

/** A holding reply: why the final response is late and when it will come (FCA, CFPB, PSD2). */
export interface SendHoldingResponse extends CommandBase<'SendHoldingResponse'> {
  reason: string;
  expectedBy: string;
}

/** Resolved to the customer's satisfaction early (FCA DISP 1.5, ASIC RG 271 within 5 business days). */
export interface ConfirmEarlyResolution extends CommandBase<'ConfirmEarlyResolution'> {
  summaryCommunicationSent: boolean;
}

/** An SLA deadline is extended with notice to the complainant (NFRA: level 1 to 30 days, level 2 to 60). */
export interface NotifySlaExtension extends CommandBase<'NotifySlaExtension'> {
  /** The policy clock being extended, e.g. "decision". */
  clock: string;
  level: SlaExtensionLevel;
  approvedBy: string;
  reason: string;
}

/** External appraisal, testing or assessment starts; regulators exclude it from the limit. */
export interface StartExternalAppraisal extends CommandBase<'StartExternalAppraisal'> {
  kind: string;
}

export interface CompleteExternalAppraisal extends CommandBase<'CompleteExternalAppraisal'> {
  findings: string;
}

/**
 * Records a warning or breach an SLA timer found reached, into the
 * complaint's own history. Issued by the timer, never by people.
 */
export interface RecordSlaAlert extends CommandBase<'RecordSlaAlert'> {
  policyId: string;
  policyVersion: number;
  clock: string;
  cycle: number;
  /** Unique per complaint and stable (`<clock>#<cycle>/<warning:75%|breach>`): the same alert is recorded once. */
  key: string;
  kind: SlaAlertKind;
  /** The warning threshold, e.g. "75%" or "30m-before-due"; absent for a breach. */
  threshold?: string;
  /** When the threshold was crossed or the deadline passed; never later than the command. */
  at: string;
}

/** An SLA policy version as a complaint records it; the digest of its file tells an in-place edit apart. */
export interface SlaPolicyReference {
  policyId: string;
  version: number;
  /** sha256 of the policy document as loaded (64 hex digits). */
  digest: string;
}

/**
 * Moves an open complaint's SLA clocks from one policy version to another.
 * Policy changes otherwise apply to new complaints only; this is the audited
 * way to apply one to a complaint already running, and the SLA read model
 * then evaluates the complaint's whole history under `to`.
 */
export interface RecomputeSlaPolicy extends CommandBase<'RecomputeSlaPolicy'> {
  /** The policy the caller saw the complaint tracked under. */
  from: SlaPolicyReference;
  to: SlaPolicyReference;
  reason: string;
}

/**
 * What the merge process read of the other complaint of a merge when it
 * issued the command: the decider cannot read another stream, so the facts
 * the cross-complaint rules need travel in the command (see merge-rules.ts).
 */
export interface MergeCounterpart {
  complaintId: string;
  customerId: string;
  status: ComplaintStatus;
  receivedAt: string;
  /** The complaint it is itself merged into, if any. */
  mergedInto: string | null;
  /** How many duplicates are merged into it. */
  mergedDuplicateCount: number;
}

/** Merges this complaint (the duplicate) into `primary`; issued by the merge process, recorded on the duplicate. */
export interface MergeComplaint extends CommandBase<'MergeComplaint'> {
  primary: MergeCounterpart;
  /** The command's own id, recorded by both sides so the pair can be matched (and completed) later. */
  mergeId: string;
  reason: string;
}

/** Undoes the merge of this complaint (the duplicate); it returns to the status it had when merged. */
export interface UnmergeComplaint extends CommandBase<'UnmergeComplaint'> {
  reason: string;
}

/** The primary's side of a merge: the duplicate's receipt now counts for the primary's clocks. */
export interface AttachMergedDuplicate extends CommandBase<'AttachMergedDuplicate'> {
  duplicate: MergeCounterpart;
  /** The command id of the duplicate's MergeComplaint, which both sides record. */
  mergeId: string;
  reason: string;
}

/** The primary's side of an unmerge. */
export interface DetachMergedDuplicate extends CommandBase<'DetachMergedDuplicate'> {
  duplicateId: string;
  reason: string;
}

export type ComplaintCommand =
  | ReceiveComplaint
  | ClassifyComplaint
  | TriageComplaint
  | AssignComplaint
  | EscalateComplaint
  | RecordRootCause
  | ProposeResolution
  | ExecuteResolution
  | SendProgressUpdate
  | InformCustomerOfResult
  | RecordCustomerResponse
  | SendFeedbackReport
  | RecordFollowUp
  | VerifyEffect
  | CloseComplaint
  | ReopenComplaint
  | WithdrawComplaint
  | ArchiveComplaint
  | AcknowledgeComplaint
  | CompletePreliminaryHandling
  | SendDetailedFeedback
  | RequestCustomerInformation
  | RecordCustomerInformation
  | ClarifyProblem
  | DeclareServiceIncident
  | ActivateEmergencyPlan
  | SendFinalResponse
  | SendHoldingResponse
  | ConfirmEarlyResolution
  | NotifySlaExtension
  | StartExternalAppraisal
  | CompleteExternalAppraisal
  | RecordSlaAlert
  | RecomputeSlaPolicy
  | MergeComplaint
  | UnmergeComplaint
  | AttachMergedDuplicate
  | DetachMergedDuplicate;

export type ComplaintCommandType = ComplaintCommand['type'];
