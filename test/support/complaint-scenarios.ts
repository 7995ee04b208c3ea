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
    // The milestones SLA clocks run on: first response, understanding, waiting for the customer, feedback.
    { type: 'AcknowledgeComplaint', channel: 'EMAIL', message: 'We are looking into your router' },
    { type: 'ClarifyProblem', summary: 'The router reboots every hour' },
    { type: 'RequestCustomerInformation', what: 'The serial number on the router label' },
    { type: 'RecordCustomerInformation', information: 'SN 0042-17' },
    { type: 'CompletePreliminaryHandling', summary: 'Fault reproduced in the lab' },
    { type: 'SendDetailedFeedback', feedback: 'A replacement with firmware 1.3 is being prepared' },
    {
      type: 'DeclareServiceIncident',
      incidentType: 'SERVICE_INTERRUPTION',
      description: 'Routers of the same batch reboot hourly',
      occurredAt: '2026-10-01T07:00:00Z',
    },
    { type: 'ActivateEmergencyPlan', plan: 'Firmware incident plan: stop shipping batch 42' },
    { type: 'StartExternalAppraisal', kind: 'Independent lab test of the router' },
    { type: 'CompleteExternalAppraisal', findings: 'The watchdog fires under load' },
    { type: 'NotifySlaExtension', clock: 'decision', level: 1, approvedBy: 'head-of-complaints', reason: 'Lab test' },
    { type: 'SendHoldingResponse', reason: 'Awaiting the replacement', expectedBy: '2030-01-01T12:00:00Z' },
    { type: 'ConfirmEarlyResolution', summaryCommunicationSent: true },
    { type: 'SendFinalResponse', outcome: 'Router replaced; you may refer this to the ombudsman' },
    ...slaAlertSteps(),
    {
      type: 'RecomputeSlaPolicy',
      from: { policyId: 'guides-standard', version: 1, digest: '0'.repeat(64) },
      to: { policyId: 'guides-rapid', version: 1, digest: 'f'.repeat(64) },
      reason: 'The customer moved to the priority service',
    },
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

/** What the SLA timer records for a complaint received on `receiveCommand`'s day: a warning, then the breach. */
export function slaAlertSteps(): Step[] {
  const alert = { policyId: 'guides-standard', policyVersion: 1, clock: 'firstResponse', cycle: 1 } as const;
  return [
    {
      type: 'RecordSlaAlert',
      ...alert,
      key: 'firstResponse#1/warning:50%',
      kind: 'WARNING',
      threshold: '50%',
      at: '2026-10-01T20:00:00Z',
    },
    { type: 'RecordSlaAlert', ...alert, key: 'firstResponse#1/breach', kind: 'BREACH', at: '2026-10-02T08:00:00Z' },
  ];
}
