import { InvalidCommandError } from '../errors';
import type { ComplaintCommand, ComplaintCommandType } from './commands';
import { COMMANDS_ALLOWED_IN } from './lifecycle';
import { Violations } from './validation';
import * as V from './vocabulary';

type VocabularyField = [path: string, values: readonly string[], optional?: 'optional'];

/**
 * Which command fields take a value from a closed vocabulary. The decider
 * checks them itself rather than trusting each adapter (HTTP, Kafka, import)
 * to have done so, so no out-of-vocabulary value can ever reach an event.
 */
const VOCABULARY_FIELDS: Readonly<Record<ComplaintCommandType, readonly VocabularyField[]>> = {
  ReceiveComplaint: [
    ['channel', V.CHANNELS],
    ['customer.tier', V.CUSTOMER_TIERS],
    ['object.kind', V.COMPLAINT_OBJECT_KINDS],
    ['category', V.CATEGORIES, 'optional'],
  ],
  ClassifyComplaint: [['category', V.CATEGORIES]],
  TriageComplaint: [
    ['grade', V.GRADES],
    ['priority', V.PRIORITIES],
  ],
  AssignComplaint: [],
  EscalateComplaint: [
    ['level', V.ESCALATION_LEVELS],
    ['team', V.ESCALATION_TEAMS, 'optional'],
  ],
  RecordRootCause: [['category', V.ROOT_CAUSE_CATEGORIES]],
  ProposeResolution: [['compensation.kind', V.COMPENSATION_KINDS, 'optional']],
  ExecuteResolution: [],
  SendProgressUpdate: [],
  InformCustomerOfResult: [['channel', V.CHANNELS]],
  RecordCustomerResponse: [],
  SendFeedbackReport: [],
  RecordFollowUp: [['channel', V.FOLLOW_UP_CHANNELS]],
  VerifyEffect: [['method', V.VERIFICATION_METHODS]],
  CloseComplaint: [],
  ReopenComplaint: [],
  WithdrawComplaint: [],
  ArchiveComplaint: [['archiveCategory', V.ARCHIVE_CATEGORIES]],
  AcknowledgeComplaint: [['channel', V.CHANNELS]],
  ClarifyProblem: [],
  CompletePreliminaryHandling: [],
  SendDetailedFeedback: [],
  RequestCustomerInformation: [],
  RecordCustomerInformation: [],
  DeclareServiceIncident: [['incidentType', V.INCIDENT_TYPES]],
  ActivateEmergencyPlan: [],
  SendFinalResponse: [],
  SendHoldingResponse: [],
  ConfirmEarlyResolution: [],
  NotifySlaExtension: [],
  StartExternalAppraisal: [],
  CompleteExternalAppraisal: [],
  RecordSlaAlert: [['kind', V.SLA_ALERT_KINDS]],
  RecomputeSlaPolicy: [],
  MergeComplaint: [],
  UnmergeComplaint: [],
  AttachMergedDuplicate: [],
  DetachMergedDuplicate: [],
};

/** Boolean command fields, checked for the same reason. */
const FLAG_FIELDS: Partial<Record<ComplaintCommandType, readonly string[]>> = {
  TriageComplaint: ['isComplex'],
  RecordCustomerResponse: ['accepted'],
  RecordFollowUp: ['satisfied'],
  VerifyEffect: ['resolved'],
  ConfirmEarlyResolution: ['summaryCommunicationSent'],
};

export function isComplaintCommandType(type: unknown): type is ComplaintCommandType {
  return typeof type === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS_ALLOWED_IN, type);
}

/** Refuses an unknown command type or any value outside its vocabulary, listing every such field. */
export function assertCommandVocabulary(command: ComplaintCommand): void {
  const type: unknown = (command as { type?: unknown } | null)?.type;
  if (!isComplaintCommandType(type)) {
    throw new InvalidCommandError([{ field: 'type', message: `unknown command type ${JSON.stringify(type)}` }]);
  }
  const violations = new Violations();
  for (const [path, values, optional] of VOCABULARY_FIELDS[command.type]) {
    violations.oneOf(path, values, valueAt(command, path), optional === 'optional');
  }
  for (const path of FLAG_FIELDS[command.type] ?? []) {
    if (typeof valueAt(command, path) !== 'boolean') violations.add(path, 'must be true or false');
  }
  violations.throwIfAny();
}

function valueAt(source: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
      source,
    );
}
