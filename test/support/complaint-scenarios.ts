import type { UnstampedComplaintCommand } from '@redress/application';

/**
 * Command sequences for tests that need real events of every kind, produced
 * by the decider through the command service (not hand-written fixtures).
 */
type Step = UnstampedComplaintCommand;

export function receiveCommand(complaintId: string, customerId = 'CUST-1'): Step {
  return {
    type: 'ReceiveComplaint',
    complaintId,
    channel: 'EMAIL',
    customer: { id: customerId, tier: 'HIGH_VALUE' },
    content: 'The X200 router drops the connection every hour',
    reason: 'Product does not work as advertised',
    object: { kind: 'PRODUCT', reference: 'ROUTER-X200' },
    remedySought: 'Replace the router',
    occurredAt: '2026-10-01T08:00:00Z',
  };
}

const rootCause: Step = {
  type: 'RecordRootCause',
  rootCause: 'Firmware 1.2 watchdog bug',
  category: 'PRODUCT_SERVICE_DEFECT',
  responsibleDepartment: 'engineering',
  responsiblePerson: 'eng-lead-3',
};

/** Propose (with a voucher), carry out and report a resolution. */
function resolutionCycle(amount: number): Step[] {
  return [
    {
      type: 'ProposeResolution',
      plan: 'Replace the router',
      measures: ['Ship a replacement unit'],
      compensation: { kind: 'VOUCHER', amount, currency: 'CNY' },
    },
    { type: 'ExecuteResolution', outcome: 'Replacement delivered' },
    { type: 'InformCustomerOfResult', result: 'Your router was replaced', channel: 'PHONE' },
  ];
}

/**
 * After `receiveCommand`: a complaint that is reclassified, reassigned to a
 * second department (so marked complex), escalated, rejected once by the
 * customer (reopened), resolved again, followed up, verified, closed and
 * archived. Together with `withdrawalSteps` it yields every event type.
 */
export function eventfulLifecycleSteps(): Step[] {
  return [
    { type: 'ClassifyComplaint', category: 'PRODUCT_FUNCTION' },
    { type: 'ClassifyComplaint', category: 'SYSTEM_TECHNICAL', reason: 'It is a hardware fault' },
    { type: 'TriageComplaint', grade: 'SERIOUS', priority: 'P2', isComplex: false },
    { type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-7' },
    { type: 'AssignComplaint', department: 'engineering', assignee: 'eng-2', reason: 'Needs a firmware engineer' },
    { type: 'EscalateComplaint', level: 'SUPERVISOR', reason: 'Second outage this month' },
    rootCause,
    {
      type: 'SendProgressUpdate',
      progress: 'Fault reproduced in the lab',
      cause: 'The firmware watchdog resets the modem',
      measures: 'A replacement unit is being prepared',
      stage: 'analysis',
      responsiblePerson: 'agent-7',
      expectedCompletionAt: '2030-01-01T12:00:00Z',
    },
    ...resolutionCycle(50),
    { type: 'RecordCustomerResponse', accepted: false, reason: 'It still drops the connection' },
    rootCause,
    ...resolutionCycle(30),
    { type: 'RecordCustomerResponse', accepted: true },
    {
      type: 'SendFeedbackReport',
      result: 'Router replaced',
      improvementMeasures: ['Firmware 1.3 for all units'],
      followUpPlan: 'Call back in 24 hours',
    },
    { type: 'RecordFollowUp', channel: 'PHONE', satisfied: true, score: 5 },
    { type: 'VerifyEffect', method: 'SURVEY', resolved: true },
    { type: 'CloseComplaint', summary: 'Resolved by replacement' },
    { type: 'ArchiveComplaint', archiveCategory: 'PRODUCT_DEFECT' },
  ];
}

/** After `receiveCommand`: the customer withdraws. */
export function withdrawalSteps(): Step[] {
  return [{ type: 'WithdrawComplaint', reason: 'The customer fixed it themselves' }];
}
