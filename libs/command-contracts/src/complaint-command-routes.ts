import type { ComplaintCommandType } from '@redress/domain';
import * as Dto from './complaint-command.dtos';
import { MERGE_COMMAND_PATHS } from './complaint-merge.dtos';

export interface ComplaintCommandRoute {
  /** The path segment: POST /complaints/:id/<name>. */
  name: string;
  type: Exclude<ComplaintCommandType, 'ReceiveComplaint'>;
  body: new () => object;
  summary: string;
}

/**
 * The lifecycle commands as one table: it drives routing, body validation,
 * the OpenAPI paths and the names used in "allowed commands" answers.
 */
export const COMPLAINT_COMMAND_ROUTES: readonly ComplaintCommandRoute[] = [
  {
    name: 'classify',
    type: 'ClassifyComplaint',
    body: Dto.ClassifyComplaintDto,
    summary: 'Classify into one of the five categories, or reclassify with a reason',
  },
  {
    name: 'triage',
    type: 'TriageComplaint',
    body: Dto.TriageComplaintDto,
    summary: 'Grade, prioritise and flag a complex / multi-department complaint',
  },
  {
    name: 'assign',
    type: 'AssignComplaint',
    body: Dto.AssignComplaintDto,
    summary: 'Assign, or reassign with a reason, to a department and assignee',
  },
  {
    name: 'escalate',
    type: 'EscalateComplaint',
    body: Dto.EscalateComplaintDto,
    summary: 'Escalate to a higher level, with a reason',
  },
  {
    name: 'root-cause',
    type: 'RecordRootCause',
    body: Dto.RecordRootCauseDto,
    summary: 'Record the root cause and who is responsible',
  },
  {
    name: 'propose-resolution',
    type: 'ProposeResolution',
    body: Dto.ProposeResolutionDto,
    summary: 'Propose a resolution plan, measures and optional compensation',
  },
  {
    name: 'execute-resolution',
    type: 'ExecuteResolution',
    body: Dto.ExecuteResolutionDto,
    summary: 'Record that the resolution was carried out',
  },
  {
    name: 'progress-update',
    type: 'SendProgressUpdate',
    body: Dto.SendProgressUpdateDto,
    summary: 'Send the customer a structured progress update',
  },
  {
    name: 'inform-customer',
    type: 'InformCustomerOfResult',
    body: Dto.InformCustomerOfResultDto,
    summary: 'Inform the customer of the result',
  },
  {
    name: 'customer-response',
    type: 'RecordCustomerResponse',
    body: Dto.RecordCustomerResponseDto,
    summary: "Record the customer's confirmation or rejection (a rejection reopens)",
  },
  {
    name: 'feedback-report',
    type: 'SendFeedbackReport',
    body: Dto.SendFeedbackReportDto,
    summary: 'Send the formal feedback report',
  },
  {
    name: 'follow-up',
    type: 'RecordFollowUp',
    body: Dto.RecordFollowUpDto,
    summary: 'Record a follow-up with the customer',
  },
  {
    name: 'verify-effect',
    type: 'VerifyEffect',
    body: Dto.VerifyEffectDto,
    summary: 'Record whether the resolution took effect',
  },
  {
    name: 'close',
    type: 'CloseComplaint',
    body: Dto.CloseComplaintDto,
    summary: 'Close the loop (needs root cause, report, follow-up and confirmation or verification)',
  },
  { name: 'reopen', type: 'ReopenComplaint', body: Dto.ReasonDto, summary: 'Reopen a confirmed or closed complaint' },
  {
    name: 'withdraw',
    type: 'WithdrawComplaint',
    body: Dto.ReasonDto,
    summary: 'Record that the customer withdrew the complaint',
  },
  {
    name: 'archive',
    type: 'ArchiveComplaint',
    body: Dto.ArchiveComplaintDto,
    summary: 'Archive a closed or withdrawn complaint',
  },
  {
    name: 'acknowledge',
    type: 'AcknowledgeComplaint',
    body: Dto.AcknowledgeComplaintDto,
    summary: 'Give the first response: the complaint is received and being handled (once per complaint)',
  },
  {
    name: 'clarify-problem',
    type: 'ClarifyProblem',
    body: Dto.SummaryDto,
    summary: 'Record that the problem is understood, before a root cause may be known',
  },
  {
    name: 'preliminary-handling',
    type: 'CompletePreliminaryHandling',
    body: Dto.SummaryDto,
    summary: 'Record that preliminary handling is completed (once per complaint)',
  },
  {
    name: 'detailed-feedback',
    type: 'SendDetailedFeedback',
    body: Dto.SendDetailedFeedbackDto,
    summary: 'Send the customer detailed feedback on the handling',
  },
  {
    name: 'request-information',
    type: 'RequestCustomerInformation',
    body: Dto.RequestCustomerInformationDto,
    summary: 'Ask the customer for information; clocks configured to pause wait meanwhile',
  },
  {
    name: 'information-received',
    type: 'RecordCustomerInformation',
    body: Dto.RecordCustomerInformationDto,
    summary: 'Record the information the customer supplied, ending the wait',
  },
  {
    name: 'declare-incident',
    type: 'DeclareServiceIncident',
    body: Dto.DeclareServiceIncidentDto,
    summary: 'Declare the complaint a service incident (once), starting the emergency-activation clock',
  },
  {
    name: 'activate-emergency-plan',
    type: 'ActivateEmergencyPlan',
    body: Dto.ActivateEmergencyPlanDto,
    summary: 'Record the emergency plan activated, after an incident or an escalation to the emergency team',
  },
  {
    name: 'final-response',
    type: 'SendFinalResponse',
    body: Dto.SendFinalResponseDto,
    summary: 'Send the regulatory final response',
  },
  {
    name: 'holding-response',
    type: 'SendHoldingResponse',
    body: Dto.SendHoldingResponseDto,
    summary: 'Send a holding response: why the final response is late and when it will come',
  },
  {
    name: 'early-resolution',
    type: 'ConfirmEarlyResolution',
    body: Dto.ConfirmEarlyResolutionDto,
    summary: "Confirm the complaint resolved early to the customer's satisfaction (once)",
  },
  {
    name: 'notify-extension',
    type: 'NotifySlaExtension',
    body: Dto.NotifySlaExtensionDto,
    summary: "Record an approved extension of a clock's deadline, notified to the customer",
  },
  {
    name: 'start-appraisal',
    type: 'StartExternalAppraisal',
    body: Dto.StartExternalAppraisalDto,
    summary: 'Start an external appraisal, test or assessment (excluded from regulatory limits)',
  },
  {
    name: 'complete-appraisal',
    type: 'CompleteExternalAppraisal',
    body: Dto.CompleteExternalAppraisalDto,
    summary: 'Complete the external appraisal in progress',
  },
];

const ROUTE_BY_NAME = new Map(COMPLAINT_COMMAND_ROUTES.map((route) => [route.name, route]));
const NAME_BY_TYPE = new Map<string, string>([
  ['ReceiveComplaint', 'receive'],
  ...COMPLAINT_COMMAND_ROUTES.map((route) => [route.type, route.name] as [string, string]),
  ...MERGE_COMMAND_PATHS.map((route) => [route.type, route.name] as [string, string]),
]);

export function commandRouteNamed(name: string): ComplaintCommandRoute | undefined {
  return ROUTE_BY_NAME.get(name);
}

/** The public (path) name of a domain command type. */
export function commandPathName(type: string): string {
  return NAME_BY_TYPE.get(type) ?? type;
}

/**
 * The commands a caller can send, by path name: command types without a
 * route (e.g. RecordSlaAlert, which only the SLA timer issues) are left out
 * of "allowed commands" answers, since no request could carry them.
 */
export function publicCommandNames(types: readonly string[]): string[] {
  return types.filter((type) => NAME_BY_TYPE.has(type)).map(commandPathName);
}
