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
  Priority,
  RootCauseCategory,
  VerificationMethod,
} from './vocabulary';

/**
 * Every command carries `issuedAt`, the instant the system accepted it. The
 * decider never reads a clock, so replays and tests are deterministic.
 */
interface CommandBase<Type extends string> {
  type: Type;
  issuedAt: string;
}

export interface CustomerReference {
  /** The customer's id in the enterprise's CRM; personal data stays there. */
  id: string;
  tier: CustomerTier;
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
  | ArchiveComplaint;

export type ComplaintCommandType = ComplaintCommand['type'];
