import type { ComplaintEvent } from './events';
import { newHandlingCycle, type ComplaintState } from './state';

/**
 * Folds one event into the state. It trusts the event (the decider already
 * checked every rule when it was recorded) and never throws, so history that
 * was valid when written stays readable forever.
 */
export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  switch (event.type) {
    case 'ComplaintReceived': {
      const { complaintId, ...received } = event.data;
      return { ...state, ...received, id: complaintId, status: 'RECEIVED', effectiveReceivedAt: received.receivedAt };
    }
    case 'ComplaintClassified':
      return {
        ...state,
        category: event.data.category,
        status: state.status === 'RECEIVED' ? 'CLASSIFIED' : state.status,
      };
    case 'ComplaintReclassified':
      return { ...state, category: event.data.category };
    case 'ComplaintTriaged':
      return {
        ...state,
        grade: event.data.grade,
        priority: event.data.priority,
        isComplex: event.data.isComplex || state.departmentsInvolved.length > 1,
        status: state.status === 'CLASSIFIED' ? 'TRIAGED' : state.status,
      };
    case 'ComplaintMarkedComplex':
      return { ...state, isComplex: true };
    case 'ComplaintAssigned':
    case 'ComplaintReassigned': {
      const { department, assignee } = event.data;
      const departmentsInvolved = state.departmentsInvolved.includes(department)
        ? state.departmentsInvolved
        : [...state.departmentsInvolved, department];
      return {
        ...state,
        department,
        assignee,
        departmentsInvolved,
        status: state.status === 'TRIAGED' ? 'ASSIGNED' : state.status,
      };
    }
    case 'ComplaintEscalated': {
      const { level, team, reason } = event.data;
      return { ...state, escalationLevel: level, escalations: [...state.escalations, { level, team, reason }] };
    }
    case 'RootCauseIdentified':
      return {
        ...state,
        rootCause: { ...event.data },
        rootCauseConfirmedInCycle: true,
        status: 'ROOT_CAUSE_IDENTIFIED',
      };
    case 'ResolutionProposed':
      return { ...state, cycle: { ...state.cycle, resolution: { ...event.data } }, status: 'RESOLUTION_PROPOSED' };
    case 'ResolutionExecuted':
      return { ...state, cycle: { ...state.cycle, execution: { ...event.data } }, status: 'RESOLUTION_EXECUTED' };
    case 'ProgressUpdateSent':
      return { ...state, progressUpdateCount: state.progressUpdateCount + 1, lastProgressUpdateAt: event.data.sentAt };
    case 'CustomerInformedOfResult':
      return {
        ...state,
        cycle: { ...state.cycle, customerInformedAt: event.data.informedAt },
        status: 'CUSTOMER_INFORMED',
      };
    case 'CustomerConfirmedResolution':
      return { ...state, cycle: { ...state.cycle, customerDecision: 'CONFIRMED' }, status: 'CUSTOMER_CONFIRMED' };
    case 'CustomerRejectedResolution':
      return { ...state, cycle: { ...state.cycle, customerDecision: 'REJECTED' } };
    case 'ComplaintReopened':
      return {
        ...state,
        status: 'REOPENED',
        reopenCount: event.data.reopenCount,
        rootCauseConfirmedInCycle: false,
        closedAt: null,
        cycle: newHandlingCycle(state.cycle.number + 1),
      };
    case 'FeedbackReportSent':
      return { ...state, cycle: { ...state.cycle, feedbackReportSentAt: event.data.sentAt } };
    case 'FollowUpRecorded': {
      const { channel, satisfied, score, followedUpAt } = event.data;
      return {
        ...state,
        cycle: {
          ...state.cycle,
          followUps: [...state.cycle.followUps, { channel, satisfied, score, at: followedUpAt }],
        },
      };
    }
    case 'EffectVerified': {
      const { method, resolved, verifiedAt } = event.data;
      return { ...state, cycle: { ...state.cycle, effectVerification: { method, resolved, at: verifiedAt } } };
    }
    case 'ComplaintClosed':
      return { ...state, status: 'CLOSED', closedAt: event.data.closedAt };
    case 'ComplaintWithdrawn':
      return { ...state, status: 'WITHDRAWN', withdrawal: { reason: event.data.reason, at: event.data.withdrawnAt } };
    case 'ComplaintArchived':
      return {
        ...state,
        status: 'ARCHIVED',
        archive: { category: event.data.archiveCategory, at: event.data.archivedAt },
      };
    case 'ComplaintAcknowledged':
      return { ...state, acknowledgedAt: event.data.acknowledgedAt };
    case 'ProblemClarified':
      return { ...state, problemClarifiedAt: event.data.clarifiedAt };
    case 'PreliminaryHandlingCompleted':
      return { ...state, preliminaryHandlingCompletedAt: event.data.completedAt };
    case 'DetailedFeedbackSent':
      return { ...state, detailedFeedbackSentAt: event.data.sentAt };
    case 'CustomerInformationRequested':
      return { ...state, awaitingCustomerInformation: { what: event.data.what, since: event.data.requestedAt } };
    case 'CustomerInformationProvided':
      return { ...state, awaitingCustomerInformation: null };
    case 'ServiceIncidentDeclared': {
      const { incidentType, occurredAt, declaredAt } = event.data;
      return { ...state, incident: { type: incidentType, occurredAt, declaredAt } };
    }
    case 'EmergencyPlanActivated':
      return { ...state, emergencyPlanActivatedAt: event.data.activatedAt };
    case 'FinalResponseSent':
      return { ...state, finalResponseSentAt: event.data.sentAt };
    case 'EarlyResolutionConfirmed':
      return { ...state, earlyResolutionConfirmedAt: event.data.confirmedAt };
    case 'ExternalAppraisalStarted':
      return { ...state, externalAppraisal: { kind: event.data.kind, since: event.data.startedAt } };
    case 'ExternalAppraisalCompleted':
      return { ...state, externalAppraisal: null };
    case 'SlaWarningReached':
    case 'SlaBreached':
      return { ...state, slaAlertKeys: [...state.slaAlertKeys, event.data.key] };
    case 'SlaPolicyRecomputed':
      return { ...state, slaPolicy: { ...event.data.to } };
    case 'ComplaintMergedInto': {
      const { primaryId, mergeId, statusBeforeMerge, mergedAt } = event.data;
      return { ...state, status: 'MERGED', mergedInto: { primaryId, mergeId, statusBeforeMerge, at: mergedAt } };
    }
    case 'ComplaintUnmerged':
      return { ...state, status: event.data.restoredStatus, mergedInto: null };
    case 'DuplicateComplaintMerged': {
      const { duplicateId, mergeId, duplicateReceivedAt, effectiveReceivedAt } = event.data;
      return {
        ...state,
        mergedDuplicates: [...state.mergedDuplicates, { duplicateId, mergeId, receivedAt: duplicateReceivedAt }],
        effectiveReceivedAt,
      };
    }
    case 'DuplicateComplaintUnmerged':
      return {
        ...state,
        mergedDuplicates: state.mergedDuplicates.filter(({ duplicateId }) => duplicateId !== event.data.duplicateId),
        effectiveReceivedAt: event.data.effectiveReceivedAt,
      };
    // Recorded for the SLA clocks and the audit trail; nothing in the complaint's own state depends on them.
    case 'HoldingResponseSent':
    case 'SlaExtensionNotified':
      return state;
  }
}
