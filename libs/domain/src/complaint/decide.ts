import { CommandNotAllowedError, InvalidCommandError, PreconditionFailedError } from '../errors';
import type * as C from './commands';
import type { ComplaintEvent } from './events';
import { decideHandlingMilestone } from './handling-milestones';
import { decideSlaAlert } from './sla-alerts';
import { decideSlaPolicyRecompute } from './sla-policy-recompute';
import { decideMergeCommand } from './merge-rules';
import { COMMANDS_ALLOWED_IN, commandsAllowedIn } from './lifecycle';
import { assertCommandVocabulary } from './command-vocabulary';
import { isVagueStatement } from './progress-update-rules';
import type { ComplaintState } from './state';
import { canonicalInstant, CLOCK_SKEW_TOLERANCE_MS, parseInstant, Violations } from './validation';
import { ESCALATION_LEVELS } from './vocabulary';

/**
 * Decides which events a command causes. Throws a DomainError when the command
 * is not allowed in the current status, breaks a rule, or misses a precondition.
 */
export function decideComplaint(command: C.ComplaintCommand, state: ComplaintState): ComplaintEvent[] {
  assertCommandVocabulary(command);
  if (!COMMANDS_ALLOWED_IN[command.type].includes(state.status)) {
    throw new CommandNotAllowedError(command.type, state.status, commandsAllowedIn(state.status));
  }
  const issuedAtMs = parseInstant(command.issuedAt);
  if (Number.isNaN(issuedAtMs))
    throw new InvalidCommandError([{ field: 'issuedAt', message: 'must be an ISO-8601 instant' }]);
  const now = canonicalInstant(issuedAtMs);

  switch (command.type) {
    case 'ReceiveComplaint':
      return receive(command, issuedAtMs);
    case 'ClassifyComplaint':
      return classify(command, state);
    case 'TriageComplaint':
      return [
        {
          type: 'ComplaintTriaged',
          data: { grade: command.grade, priority: command.priority, isComplex: command.isComplex },
        },
      ];
    case 'AssignComplaint':
      return assign(command, state);
    case 'EscalateComplaint':
      return escalate(command, state);
    case 'RecordRootCause': {
      new Violations()
        .text('rootCause', command.rootCause)
        .text('responsibleDepartment', command.responsibleDepartment)
        .text('responsiblePerson', command.responsiblePerson)
        .throwIfAny();
      const { rootCause, category, responsibleDepartment, responsiblePerson } = command;
      return [{ type: 'RootCauseIdentified', data: { rootCause, category, responsibleDepartment, responsiblePerson } }];
    }
    case 'ProposeResolution':
      return proposeResolution(command);
    case 'ExecuteResolution':
      new Violations().text('outcome', command.outcome).throwIfAny();
      return [{ type: 'ResolutionExecuted', data: { outcome: command.outcome, executedAt: now } }];
    case 'SendProgressUpdate':
      return sendProgressUpdate(command, issuedAtMs);
    case 'InformCustomerOfResult':
      new Violations().text('result', command.result).throwIfAny();
      return [
        {
          type: 'CustomerInformedOfResult',
          data: { result: command.result, channel: command.channel, informedAt: now },
        },
      ];
    case 'RecordCustomerResponse':
      return recordCustomerResponse(command, state, now);
    case 'SendFeedbackReport':
      new Violations()
        .text('result', command.result)
        .texts('improvementMeasures', command.improvementMeasures)
        .text('followUpPlan', command.followUpPlan)
        .throwIfAny();
      return [
        {
          type: 'FeedbackReportSent',
          data: {
            result: command.result,
            improvementMeasures: [...command.improvementMeasures],
            followUpPlan: command.followUpPlan,
            sentAt: now,
          },
        },
      ];
    case 'RecordFollowUp': {
      const violations = new Violations();
      if (
        command.score !== undefined &&
        !(Number.isInteger(command.score) && command.score >= 1 && command.score <= 5)
      ) {
        violations.add('score', 'must be a whole number from 1 to 5');
      }
      violations.throwIfAny();
      return [
        {
          type: 'FollowUpRecorded',
          data: {
            channel: command.channel,
            satisfied: command.satisfied,
            score: command.score ?? null,
            notes: command.notes ?? null,
            followedUpAt: now,
          },
        },
      ];
    }
    case 'VerifyEffect':
      return [
        {
          type: 'EffectVerified',
          data: { method: command.method, resolved: command.resolved, notes: command.notes ?? null, verifiedAt: now },
        },
      ];
    case 'CloseComplaint':
      return close(command, state, now);
    case 'ReopenComplaint':
      new Violations().text('reason', command.reason).throwIfAny();
      return [
        {
          type: 'ComplaintReopened',
          data: { reason: command.reason, reopenedAt: now, reopenCount: state.reopenCount + 1 },
        },
      ];
    case 'WithdrawComplaint':
      new Violations().text('reason', command.reason).throwIfAny();
      return [{ type: 'ComplaintWithdrawn', data: { reason: command.reason, withdrawnAt: now } }];
    case 'ArchiveComplaint':
      return [{ type: 'ComplaintArchived', data: { archiveCategory: command.archiveCategory, archivedAt: now } }];
    case 'AcknowledgeComplaint':
    case 'ClarifyProblem':
    case 'CompletePreliminaryHandling':
    case 'SendDetailedFeedback':
    case 'RequestCustomerInformation':
    case 'RecordCustomerInformation':
    case 'DeclareServiceIncident':
    case 'ActivateEmergencyPlan':
    case 'SendFinalResponse':
    case 'SendHoldingResponse':
    case 'ConfirmEarlyResolution':
    case 'NotifySlaExtension':
    case 'StartExternalAppraisal':
    case 'CompleteExternalAppraisal':
      return decideHandlingMilestone(command, state, issuedAtMs);
    case 'RecordSlaAlert':
      return decideSlaAlert(command, state, issuedAtMs);
    case 'RecomputeSlaPolicy':
      return decideSlaPolicyRecompute(command, state, now);
    case 'MergeComplaint':
    case 'UnmergeComplaint':
    case 'AttachMergedDuplicate':
    case 'DetachMergedDuplicate':
      return decideMergeCommand(command, state, now);
  }
}

function receive(command: C.ReceiveComplaint, issuedAtMs: number): ComplaintEvent[] {
  const violations = new Violations()
    .text('customer.id', command.customer?.id)
    .text('content', command.content)
    .text('reason', command.reason)
    .text('object.reference', command.object?.reference)
    .text('remedySought', command.remedySought);
  const occurredAtMs = violations.instant('occurredAt', command.occurredAt);
  const receivedAtMs =
    command.receivedAt === undefined ? issuedAtMs : violations.instant('receivedAt', command.receivedAt);
  if (receivedAtMs > issuedAtMs + CLOCK_SKEW_TOLERANCE_MS) violations.add('receivedAt', 'must not be in the future');
  if (occurredAtMs > receivedAtMs) violations.add('occurredAt', 'must not be later than receivedAt');
  violations.throwIfAny();

  const events: ComplaintEvent[] = [
    {
      type: 'ComplaintReceived',
      data: {
        complaintId: command.complaintId,
        channel: command.channel,
        // Only what the domain knows of: anything else on the command's customer stays out of the log.
        customer: {
          id: command.customer.id,
          tier: command.customer.tier,
          ...(command.customer.personalData && { personalData: command.customer.personalData }),
        },
        content: command.content,
        reason: command.reason,
        object: { kind: command.object.kind, reference: command.object.reference },
        remedySought: command.remedySought,
        occurredAt: canonicalInstant(occurredAtMs),
        receivedAt: canonicalInstant(receivedAtMs),
      },
    },
  ];
  if (command.category) events.push({ type: 'ComplaintClassified', data: { category: command.category } });
  return events;
}

function classify(command: C.ClassifyComplaint, state: ComplaintState): ComplaintEvent[] {
  if (state.category === null) return [{ type: 'ComplaintClassified', data: { category: command.category } }];
  const violations = new Violations();
  if (command.category === state.category)
    violations.add('category', `the complaint is already classified as ${state.category}`);
  violations.text('reason', command.reason).throwIfAny();
  return [
    {
      type: 'ComplaintReclassified',
      data: { previousCategory: state.category, category: command.category, reason: command.reason as string },
    },
  ];
}

function assign(command: C.AssignComplaint, state: ComplaintState): ComplaintEvent[] {
  const violations = new Violations().text('department', command.department).text('assignee', command.assignee);
  const { department, assignee } = command;
  const events: ComplaintEvent[] = [];
  if (state.department === null || state.assignee === null) {
    violations.throwIfAny();
    events.push({ type: 'ComplaintAssigned', data: { department, assignee } });
  } else {
    if (department === state.department && assignee === state.assignee) {
      violations.add('assignee', `the complaint is already assigned to ${assignee} in ${department}`);
    }
    violations.text('reason', command.reason).throwIfAny();
    events.push({
      type: 'ComplaintReassigned',
      data: {
        previousDepartment: state.department,
        previousAssignee: state.assignee,
        department,
        assignee,
        reason: command.reason as string,
      },
    });
  }
  // A second department makes the complaint multi-departmental, hence complex (002 §3.1, REQ-08).
  const departments = state.departmentsInvolved.includes(department)
    ? state.departmentsInvolved
    : [...state.departmentsInvolved, department];
  if (!state.isComplex && departments.length > 1) {
    events.push({ type: 'ComplaintMarkedComplex', data: { reason: 'MULTI_DEPARTMENT', departments } });
  }
  return events;
}

function escalate(command: C.EscalateComplaint, state: ComplaintState): ComplaintEvent[] {
  new Violations().text('reason', command.reason).throwIfAny();
  const current = state.escalationLevel === null ? -1 : ESCALATION_LEVELS.indexOf(state.escalationLevel);
  if (ESCALATION_LEVELS.indexOf(command.level) <= current) {
    throw new PreconditionFailedError(command.type, state.status, [
      `the complaint is already escalated to ${state.escalationLevel}; escalate to a higher level (${
        ESCALATION_LEVELS.slice(current + 1).join(', ') || 'none left'
      })`,
    ]);
  }
  return [
    {
      type: 'ComplaintEscalated',
      data: {
        previousLevel: state.escalationLevel,
        level: command.level,
        reason: command.reason,
        team: command.team ?? null,
      },
    },
  ];
}

/** Remedies that are money by nature and so need an amount. */
const MONETARY_COMPENSATION_KINDS: readonly string[] = ['REFUND', 'COMPENSATION_PAYMENT'];

function proposeResolution(command: C.ProposeResolution): ComplaintEvent[] {
  const violations = new Violations().text('plan', command.plan).texts('measures', command.measures);
  const compensation = command.compensation;
  if (compensation) {
    if (compensation.amount === undefined && MONETARY_COMPENSATION_KINDS.includes(compensation.kind)) {
      violations.add('compensation.amount', `is required for ${compensation.kind}`);
    }
    if (compensation.amount !== undefined && (!Number.isFinite(compensation.amount) || compensation.amount < 0)) {
      violations.add('compensation.amount', 'must be a non-negative number');
    }
    if (compensation.amount !== undefined && compensation.currency === undefined) {
      violations.add('compensation.currency', 'is required with an amount');
    }
    if (compensation.currency !== undefined && !/^[A-Z]{3}$/.test(compensation.currency)) {
      violations.add('compensation.currency', 'must be an ISO 4217 code such as CNY or EUR');
    }
  }
  violations.throwIfAny();
  return [
    {
      type: 'ResolutionProposed',
      data: {
        plan: command.plan,
        measures: [...command.measures],
        compensation: compensation ? pickCompensation(compensation) : null,
      },
    },
  ];
}

/** Only the known compensation fields reach the event: an event's payload is a published contract. */
function pickCompensation({ kind, amount, currency, description }: C.Compensation): C.Compensation {
  return {
    kind,
    ...(amount !== undefined && { amount }),
    ...(currency !== undefined && { currency }),
    ...(description !== undefined && { description }),
  };
}

function sendProgressUpdate(command: C.SendProgressUpdate, issuedAtMs: number): ComplaintEvent[] {
  const violations = new Violations();
  for (const field of ['progress', 'cause', 'measures', 'stage', 'responsiblePerson'] as const) {
    violations.text(field, command[field]);
  }
  for (const field of ['progress', 'cause', 'measures'] as const) {
    const value = command[field];
    if (typeof value === 'string' && value.trim() && isVagueStatement(value)) {
      violations.add(
        field,
        `"${value}" is a vague stock phrase; state concretely what has been done, why and what happens next (002 §3.2)`,
      );
    }
  }
  const expectedMs = violations.instant('expectedCompletionAt', command.expectedCompletionAt);
  if (expectedMs <= issuedAtMs) violations.add('expectedCompletionAt', 'must be in the future');
  violations.throwIfAny();
  const { progress, cause, measures, stage, responsiblePerson } = command;
  return [
    {
      type: 'ProgressUpdateSent',
      data: {
        progress,
        cause,
        measures,
        stage,
        responsiblePerson,
        expectedCompletionAt: canonicalInstant(expectedMs),
        sentAt: canonicalInstant(issuedAtMs),
      },
    },
  ];
}

function recordCustomerResponse(
  command: C.RecordCustomerResponse,
  state: ComplaintState,
  now: string,
): ComplaintEvent[] {
  if (command.accepted) return [{ type: 'CustomerConfirmedResolution', data: { confirmedAt: now } }];
  new Violations().text('reason', command.reason).throwIfAny();
  const reason = command.reason as string;
  // The customer says the problem is not solved: back to analysis (002 §1.2 step 7).
  return [
    { type: 'CustomerRejectedResolution', data: { reason, rejectedAt: now } },
    {
      type: 'ComplaintReopened',
      data: {
        reason: `customer rejected the resolution: ${reason}`,
        reopenedAt: now,
        reopenCount: state.reopenCount + 1,
      },
    },
  ];
}

/** The closure guard of REQ-25: every condition of a closed loop, checked together. */
function close(command: C.CloseComplaint, state: ComplaintState, now: string): ComplaintEvent[] {
  const { cycle } = state;
  const unmet: string[] = [];
  if (!state.rootCause || !state.rootCauseConfirmedInCycle) unmet.push('a root cause must be recorded');
  if (!cycle.feedbackReportSentAt) unmet.push('the formal feedback report must be sent');
  if (cycle.followUps.length === 0) unmet.push('at least one follow-up must be recorded');
  const confirmed = cycle.customerDecision === 'CONFIRMED';
  const verified = cycle.effectVerification?.resolved === true;
  if (cycle.effectVerification?.resolved === false) {
    unmet.push('the latest effect verification found the problem unresolved; verify again or reopen');
  } else if (!confirmed && !verified)
    unmet.push('the customer must confirm the resolution, or an effect verification must find it resolved');
  if (unmet.length > 0) throw new PreconditionFailedError(command.type, state.status, unmet);
  return [
    {
      type: 'ComplaintClosed',
      data: {
        closedAt: now,
        summary: command.summary ?? null,
        resolvedBy: confirmed ? 'CUSTOMER_CONFIRMATION' : 'EFFECT_VERIFICATION',
      },
    },
  ];
}
