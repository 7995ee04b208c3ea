import type { ComplaintCommandType } from '@redress/domain';
import * as Dto from './dto/complaint-command.dtos';

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
];

const ROUTE_BY_NAME = new Map(COMPLAINT_COMMAND_ROUTES.map((route) => [route.name, route]));
const NAME_BY_TYPE = new Map<string, string>([
  ['ReceiveComplaint', 'receive'],
  ...COMPLAINT_COMMAND_ROUTES.map((route) => [route.type, route.name] as [string, string]),
]);

export function commandRouteNamed(name: string): ComplaintCommandRoute | undefined {
  return ROUTE_BY_NAME.get(name);
}

/** The public (path) name of a domain command type. */
export function commandPathName(type: string): string {
  return NAME_BY_TYPE.get(type) ?? type;
}
