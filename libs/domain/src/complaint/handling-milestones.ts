import { PreconditionFailedError } from '../errors';
import type * as C from './commands';
import type { ComplaintEvent } from './events';
import type { ComplaintState } from './state';
import { canonicalInstant, CLOCK_SKEW_TOLERANCE_MS, Violations } from './validation';
import { SLA_EXTENSION_LEVELS } from './vocabulary';

/** The commands that record a milestone SLA clocks start, stop, pause, resume or extend on. */
export type HandlingMilestoneCommand =
  | C.AcknowledgeComplaint
  | C.ClarifyProblem
  | C.CompletePreliminaryHandling
  | C.SendDetailedFeedback
  | C.RequestCustomerInformation
  | C.RecordCustomerInformation
  | C.DeclareServiceIncident
  | C.ActivateEmergencyPlan
  | C.SendFinalResponse
  | C.SendHoldingResponse
  | C.ConfirmEarlyResolution
  | C.NotifySlaExtension
  | C.StartExternalAppraisal
  | C.CompleteExternalAppraisal;

/**
 * Decides a handling milestone. The status check has already passed; what is
 * left are the texts, the instants, and the milestones that happen only once
 * or only after another, whose repeat would otherwise silently move a clock's
 * start, stop or pause.
 */
export function decideHandlingMilestone(
  command: HandlingMilestoneCommand,
  state: ComplaintState,
  issuedAtMs: number,
): ComplaintEvent[] {
  const now = canonicalInstant(issuedAtMs);
  const refuse = (condition: string): never => {
    throw new PreconditionFailedError(command.type, state.status, [condition]);
  };
  switch (command.type) {
    case 'AcknowledgeComplaint': {
      const violations = new Violations();
      if (command.message !== undefined) violations.text('message', command.message);
      violations.throwIfAny();
      if (state.acknowledgedAt) refuse(`the complaint was already acknowledged at ${state.acknowledgedAt}`);
      return [
        {
          type: 'ComplaintAcknowledged',
          data: { channel: command.channel, message: command.message ?? null, acknowledgedAt: now },
        },
      ];
    }
    case 'ClarifyProblem':
      new Violations().text('summary', command.summary).throwIfAny();
      return [{ type: 'ProblemClarified', data: { summary: command.summary, clarifiedAt: now } }];
    case 'CompletePreliminaryHandling':
      new Violations().text('summary', command.summary).throwIfAny();
      if (state.preliminaryHandlingCompletedAt) {
        refuse(`preliminary handling was already completed at ${state.preliminaryHandlingCompletedAt}`);
      }
      return [{ type: 'PreliminaryHandlingCompleted', data: { summary: command.summary, completedAt: now } }];
    case 'SendDetailedFeedback':
      new Violations().text('feedback', command.feedback).throwIfAny();
      return [{ type: 'DetailedFeedbackSent', data: { feedback: command.feedback, sentAt: now } }];
    case 'RequestCustomerInformation': {
      new Violations().text('what', command.what).throwIfAny();
      const awaited = state.awaitingCustomerInformation;
      if (awaited) {
        refuse(
          `the customer was already asked for "${awaited.what}" at ${awaited.since}; record that information first`,
        );
      }
      return [{ type: 'CustomerInformationRequested', data: { what: command.what, requestedAt: now } }];
    }
    case 'RecordCustomerInformation':
      new Violations().text('information', command.information).throwIfAny();
      if (!state.awaitingCustomerInformation) refuse('no information was requested from the customer');
      return [{ type: 'CustomerInformationProvided', data: { information: command.information, providedAt: now } }];
    case 'DeclareServiceIncident':
      return declareIncident(command, state, issuedAtMs, refuse);
    case 'ActivateEmergencyPlan': {
      new Violations().text('plan', command.plan).throwIfAny();
      const emergencyTeam = state.escalations.some((escalation) => escalation.team === 'EMERGENCY_RESPONSE');
      if (!state.incident && !emergencyTeam) {
        refuse('declare a service incident or escalate to the EMERGENCY_RESPONSE team first');
      }
      if (state.emergencyPlanActivatedAt)
        refuse(`the emergency plan was already activated at ${state.emergencyPlanActivatedAt}`);
      return [{ type: 'EmergencyPlanActivated', data: { plan: command.plan, activatedAt: now } }];
    }
    case 'SendFinalResponse':
      new Violations().text('outcome', command.outcome).throwIfAny();
      return [{ type: 'FinalResponseSent', data: { outcome: command.outcome, sentAt: now } }];
    case 'SendHoldingResponse': {
      const violations = new Violations().text('reason', command.reason);
      const expectedByMs = violations.instant('expectedBy', command.expectedBy);
      if (expectedByMs <= issuedAtMs) violations.add('expectedBy', 'must be in the future');
      violations.throwIfAny();
      return [
        {
          type: 'HoldingResponseSent',
          data: { reason: command.reason, expectedBy: canonicalInstant(expectedByMs), sentAt: now },
        },
      ];
    }
    case 'ConfirmEarlyResolution':
      if (state.earlyResolutionConfirmedAt)
        refuse(`early resolution was already confirmed at ${state.earlyResolutionConfirmedAt}`);
      return [
        {
          type: 'EarlyResolutionConfirmed',
          data: { summaryCommunicationSent: command.summaryCommunicationSent, confirmedAt: now },
        },
      ];
    case 'NotifySlaExtension': {
      const violations = new Violations()
        .text('clock', command.clock)
        .text('approvedBy', command.approvedBy)
        .text('reason', command.reason);
      if (!(SLA_EXTENSION_LEVELS as readonly unknown[]).includes(command.level)) {
        violations.add('level', `must be one of: ${SLA_EXTENSION_LEVELS.join(', ')}`);
      }
      violations.throwIfAny();
      const { clock, level, approvedBy, reason } = command;
      return [{ type: 'SlaExtensionNotified', data: { clock, level, approvedBy, reason, notifiedAt: now } }];
    }
    case 'StartExternalAppraisal': {
      new Violations().text('kind', command.kind).throwIfAny();
      const running = state.externalAppraisal;
      if (running) refuse(`an external appraisal (${running.kind}) has been in progress since ${running.since}`);
      return [{ type: 'ExternalAppraisalStarted', data: { kind: command.kind, startedAt: now } }];
    }
    case 'CompleteExternalAppraisal':
      new Violations().text('findings', command.findings).throwIfAny();
      if (!state.externalAppraisal) refuse('no external appraisal is in progress');
      return [{ type: 'ExternalAppraisalCompleted', data: { findings: command.findings, completedAt: now } }];
  }
}

function declareIncident(
  command: C.DeclareServiceIncident,
  state: ComplaintState,
  issuedAtMs: number,
  refuse: (condition: string) => never,
): ComplaintEvent[] {
  const violations = new Violations().text('description', command.description);
  const occurredAtMs = violations.instant('occurredAt', command.occurredAt);
  if (occurredAtMs > issuedAtMs + CLOCK_SKEW_TOLERANCE_MS) violations.add('occurredAt', 'must not be in the future');
  violations.throwIfAny();
  if (state.incident) refuse(`a ${state.incident.type} incident was already declared at ${state.incident.declaredAt}`);
  return [
    {
      type: 'ServiceIncidentDeclared',
      data: {
        incidentType: command.incidentType,
        description: command.description,
        occurredAt: canonicalInstant(occurredAtMs),
        declaredAt: canonicalInstant(issuedAtMs),
      },
    },
  ];
}
