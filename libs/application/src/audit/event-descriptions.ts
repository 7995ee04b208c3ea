import type { ComplaintEvent } from '@redress/domain';

type Describer<E extends ComplaintEvent['type']> = (data: Extract<ComplaintEvent, { type: E }>['data']) => string;

/** A sentence per event type, for auditors reading a history without the schema at hand. */
const DESCRIPTIONS: { [E in ComplaintEvent['type']]: Describer<E> } = {
  ComplaintReceived: (d) =>
    `Complaint received via ${d.channel} from customer ${d.customer.id} (${d.customer.tier}) about ${d.object.kind} ${d.object.reference}`,
  ComplaintClassified: (d) => `Classified as ${d.category}`,
  ComplaintReclassified: (d) => `Reclassified from ${d.previousCategory} to ${d.category}: ${d.reason}`,
  ComplaintTriaged: (d) => `Triaged as ${d.grade}, priority ${d.priority}${d.isComplex ? ', complex' : ''}`,
  ComplaintMarkedComplex: (d) => `Marked complex: it involves ${d.departments.join(', ')}`,
  ComplaintAssigned: (d) => `Assigned to ${d.assignee} in ${d.department}`,
  ComplaintReassigned: (d) =>
    `Reassigned from ${d.previousAssignee} (${d.previousDepartment}) to ${d.assignee} (${d.department}): ${d.reason}`,
  ComplaintEscalated: (d) => `Escalated to ${d.level}${d.team ? ` (${d.team})` : ''}: ${d.reason}`,
  RootCauseIdentified: (d) =>
    `Root cause (${d.category}): ${d.rootCause}; responsible: ${d.responsiblePerson}, ${d.responsibleDepartment}`,
  ResolutionProposed: (d) =>
    `Resolution proposed: ${d.plan}${d.compensation ? `; compensation ${d.compensation.kind}${d.compensation.amount !== undefined ? ` ${d.compensation.amount} ${d.compensation.currency}` : ''}` : ''}`,
  ResolutionExecuted: (d) => `Resolution carried out: ${d.outcome}`,
  ProgressUpdateSent: (d) =>
    `Progress update (${d.stage}) by ${d.responsiblePerson}: ${d.progress}; expected completion ${d.expectedCompletionAt}`,
  CustomerInformedOfResult: (d) => `Customer informed of the result via ${d.channel}: ${d.result}`,
  CustomerConfirmedResolution: () => 'Customer confirmed the resolution',
  CustomerRejectedResolution: (d) => `Customer rejected the resolution: ${d.reason}`,
  ComplaintReopened: (d) => `Reopened (${d.reopenCount}× so far): ${d.reason}`,
  FeedbackReportSent: (d) => `Formal feedback report sent: ${d.result}; follow-up plan: ${d.followUpPlan}`,
  FollowUpRecorded: (d) =>
    `Follow-up via ${d.channel}: customer ${d.satisfied ? 'satisfied' : 'not satisfied'}${d.score !== null ? `, score ${d.score}/5` : ''}`,
  EffectVerified: (d) => `Effect verified by ${d.method}: ${d.resolved ? 'resolved' : 'not resolved'}`,
  ComplaintClosed: (d) =>
    `Closed (${d.resolvedBy === 'CUSTOMER_CONFIRMATION' ? 'confirmed by the customer' : 'verified effective'})`,
  ComplaintWithdrawn: (d) => `Withdrawn: ${d.reason}`,
  ComplaintArchived: (d) => `Archived as ${d.archiveCategory}`,
  ComplaintAcknowledged: (d) => `Acknowledged to the customer via ${d.channel}${d.message ? `: ${d.message}` : ''}`,
  ProblemClarified: (d) => `Problem clarified: ${d.summary}`,
  PreliminaryHandlingCompleted: (d) => `Preliminary handling completed: ${d.summary}`,
  DetailedFeedbackSent: (d) => `Detailed feedback sent: ${d.feedback}`,
  CustomerInformationRequested: (d) => `Customer asked for: ${d.what}`,
  CustomerInformationProvided: (d) => `Customer provided: ${d.information}`,
  ServiceIncidentDeclared: (d) =>
    `Service incident declared (${d.incidentType}, occurred ${d.occurredAt}): ${d.description}`,
  EmergencyPlanActivated: (d) => `Emergency plan activated: ${d.plan}`,
  FinalResponseSent: (d) => `Final response sent: ${d.outcome}`,
  HoldingResponseSent: (d) => `Holding response sent (final response expected by ${d.expectedBy}): ${d.reason}`,
  EarlyResolutionConfirmed: (d) =>
    `Resolved early${d.summaryCommunicationSent ? ', summary resolution communication sent' : ''}`,
  SlaExtensionNotified: (d) =>
    `Deadline of ${d.clock} extended (level ${d.level}, approved by ${d.approvedBy}), customer notified: ${d.reason}`,
  ExternalAppraisalStarted: (d) => `External appraisal started: ${d.kind}`,
  ExternalAppraisalCompleted: (d) => `External appraisal completed: ${d.findings}`,
  SlaWarningReached: (d) => `SLA warning: ${d.threshold} of ${d.clock} (cycle ${d.cycle}) used at ${d.reachedAt}`,
  SlaBreached: (d) => `SLA breached: ${d.clock} (cycle ${d.cycle}) was due ${d.dueAt}`,
  SlaPolicyRecomputed: (d) =>
    `SLA clocks recomputed from policy ${d.from.policyId} v${d.from.version} to ${d.to.policyId} v${d.to.version}: ${d.reason}`,
  ComplaintMergedInto: (d) =>
    `Merged as a duplicate into complaint ${d.primaryId} (was ${d.statusBeforeMerge}): ${d.reason}`,
  ComplaintUnmerged: (d) => `Unmerged from complaint ${d.primaryId}, back to ${d.restoredStatus}: ${d.reason}`,
  DuplicateComplaintMerged: (d) =>
    `Duplicate complaint ${d.duplicateId} (received ${d.duplicateReceivedAt}) merged in; clocks run from ${d.effectiveReceivedAt}: ${d.reason}`,
  DuplicateComplaintUnmerged: (d) =>
    `Duplicate complaint ${d.duplicateId} unmerged; clocks run from ${d.effectiveReceivedAt}: ${d.reason}`,
};

export function describeComplaintEvent(event: ComplaintEvent): string {
  return (DESCRIPTIONS[event.type] as Describer<typeof event.type>)(event.data as never);
}
