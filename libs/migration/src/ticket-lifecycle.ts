import type { ComplaintCommand, FollowUpChannel, RootCauseCategory } from '@redress/domain';
import type { HistoricalTicket } from './historical-ticket';

/** One command of an imported complaint's history, with why the import issues it. */
export interface PlannedCommand {
  /** Stable name of the step within the ticket; with the source and original id it makes the command id. */
  step: string;
  command: ComplaintCommand;
  /** The source fact the step stands for, e.g. `status=solved` or `created_at`. */
  basis: string;
  /** True when the source does not record the step itself and the domain requires it to reach the source's status. */
  synthesized: boolean;
}

export interface LifecyclePlanOptions {
  /** Human name of the source in generated texts, e.g. "Zendesk". */
  sourceName: string;
  rootCauseCategory: RootCauseCategory;
}

/** A ticket past intake whose lifecycle cannot be built, with the field to blame. */
export class LifecycleGapError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'LifecycleGapError';
  }
}

/**
 * The commands that take a complaint from receipt to the stage the source
 * ticket had reached, each at the source's own instant (never earlier than
 * the step before). The decider then checks them exactly as it checks the
 * API's, so an imported history obeys the same state rules.
 */
export function planLifecycle(
  ticket: HistoricalTicket,
  complaintId: string,
  options: LifecyclePlanOptions,
): PlannedCommand[] {
  const steps = new StepList();
  const { sourceName } = options;
  steps.add('receive', ticket.receivedAt, 'created_at', false, {
    type: 'ReceiveComplaint',
    complaintId,
    channel: ticket.channel,
    customer: ticket.customer,
    content: ticket.content,
    reason: ticket.reason,
    object: ticket.object,
    remedySought: ticket.remedySought,
    occurredAt: ticket.receivedAt,
    receivedAt: ticket.receivedAt,
    ...(ticket.category && { category: ticket.category }),
  });
  if (ticket.stage === 'withdrawn') {
    const withdrawal = ticket.withdrawal as NonNullable<HistoricalTicket['withdrawal']>;
    steps.add('withdraw', withdrawal.at, 'status=withdrawn', false, {
      type: 'WithdrawComplaint',
      reason: withdrawal.reason,
    });
    return steps.withAcknowledgement(ticket);
  }
  if (ticket.stage === 'received') return steps.withAcknowledgement(ticket);

  if (ticket.category === null) {
    throw new LifecycleGapError(
      ticket.sourceFields.category ?? 'category',
      `the ticket is past intake (${ticket.stage}) and needs a category: map one with --category-map or give --default-category`,
    );
  }
  const handledFrom = ticket.assignedAt ?? ticket.receivedAt;
  steps.add('triage', handledFrom, ticket.sourceFields.priority ?? 'priority', false, {
    type: 'TriageComplaint',
    grade: ticket.grade,
    priority: ticket.priority,
    isComplex: false,
  });
  const owned = ticket.assignee !== null;
  if (owned) {
    steps.add('assign', handledFrom, ticket.sourceFields.assignee ?? 'assignee', false, {
      type: 'AssignComplaint',
      department: ticket.department as string,
      assignee: ticket.assignee as string,
    });
  }
  if (ticket.stage === 'awaiting_customer') {
    steps.add('request-information', ticket.awaitingSince ?? handledFrom, 'status', false, {
      type: 'RequestCustomerInformation',
      what: `The ${sourceName} ticket was waiting for the customer's reply when it was exported`,
    });
  }
  if (ticket.stage !== 'resolved' && ticket.stage !== 'closed') return steps.withAcknowledgement(ticket);

  if (!owned) {
    throw new LifecycleGapError(
      ticket.sourceFields.assignee ?? 'assignee',
      `the ticket is ${ticket.stage} and needs an assignee: Redress records the root cause and resolution against its owner`,
    );
  }
  const resolvedAt = ticket.resolvedAt as string;
  const resolution = ticket.resolution ?? `Resolved in ${sourceName}; the export does not describe the resolution`;
  const resolutionBasis = `status=${ticket.stage}`;
  steps.add('root-cause', resolvedAt, resolutionBasis, ticket.rootCause === null, {
    type: 'RecordRootCause',
    rootCause: ticket.rootCause ?? `Not recorded in ${sourceName}`,
    category: options.rootCauseCategory,
    responsibleDepartment: ticket.department as string,
    responsiblePerson: ticket.assignee as string,
  });
  steps.add('propose-resolution', resolvedAt, resolutionBasis, ticket.resolution === null, {
    type: 'ProposeResolution',
    plan: resolution,
    measures: [resolution],
  });
  steps.add('execute-resolution', resolvedAt, resolutionBasis, ticket.resolution === null, {
    type: 'ExecuteResolution',
    outcome: resolution,
  });
  steps.add('inform-customer', resolvedAt, resolutionBasis, false, {
    type: 'InformCustomerOfResult',
    result: resolution,
    channel: ticket.channel,
  });
  const { satisfaction } = ticket;
  if (satisfaction?.satisfied) {
    steps.add('customer-response', resolvedAt, 'satisfaction', false, {
      type: 'RecordCustomerResponse',
      accepted: true,
    });
  }
  if (satisfaction) {
    steps.add('satisfaction-follow-up', resolvedAt, 'satisfaction', false, {
      type: 'RecordFollowUp',
      channel: followUpChannelOf(ticket),
      satisfied: satisfaction.satisfied,
      ...(satisfaction.comment && { notes: satisfaction.comment }),
    });
  }
  if (ticket.stage === 'resolved') return steps.withAcknowledgement(ticket);

  const closedAt = ticket.closedAt as string;
  steps.add('feedback-report', closedAt, 'status=closed', true, {
    type: 'SendFeedbackReport',
    result: resolution,
    improvementMeasures: [`None recorded in ${sourceName}`],
    followUpPlan: `None: the ticket was closed in ${sourceName}`,
  });
  if (!satisfaction) {
    // The domain closes only after a follow-up; a helpdesk closes a solved ticket the customer did not reopen.
    steps.add('implied-follow-up', closedAt, 'status=closed', true, {
      type: 'RecordFollowUp',
      channel: followUpChannelOf(ticket),
      satisfied: true,
      notes: `Implied: the customer did not reopen the solved ticket before ${sourceName} closed it`,
    });
  }
  if (!satisfaction?.satisfied) {
    steps.add('verify-effect', closedAt, 'status=closed', true, {
      type: 'VerifyEffect',
      method: 'SERVICE_FEEDBACK',
      resolved: true,
      notes: `The ticket was closed in ${sourceName}`,
    });
  }
  steps.add('close', closedAt, 'status=closed', false, {
    type: 'CloseComplaint',
    summary: `Closed in ${sourceName} (ticket ${ticket.originalId})`,
  });
  return steps.withAcknowledgement(ticket);
}

/** Follow-ups go by phone, e-mail, chat, SMS or visit; other intake channels are followed up by e-mail. */
function followUpChannelOf(ticket: HistoricalTicket): FollowUpChannel {
  switch (ticket.channel) {
    case 'PHONE':
    case 'CALL_CENTER':
      return 'PHONE';
    case 'ONLINE_CHAT':
    case 'SMS':
    case 'ON_SITE':
      return ticket.channel;
    default:
      return 'EMAIL';
  }
}

type Unstamped = ComplaintCommand extends infer C ? (C extends unknown ? Omit<C, 'issuedAt'> : never) : never;

/** Steps in lifecycle order, each stamped no earlier than the one before (sources are not always consistent). */
class StepList {
  private readonly steps: PlannedCommand[] = [];

  add(step: string, at: string, basis: string, synthesized: boolean, command: Unstamped): void {
    const previous = this.steps.at(-1)?.command.issuedAt;
    const issuedAt = previous !== undefined && Date.parse(previous) > Date.parse(at) ? previous : at;
    this.steps.push({ step, basis, synthesized, command: { ...command, issuedAt } as ComplaintCommand });
  }

  /**
   * The first agent reply acknowledges the complaint (the first response),
   * placed by its own instant among the steps, but while the complaint is
   * still open: after receipt, before a closure or withdrawal.
   */
  withAcknowledgement(ticket: HistoricalTicket): PlannedCommand[] {
    const reply = ticket.firstAgentReply;
    if (!reply) return this.steps;
    const last = this.steps.length - 1;
    const terminal = ['CloseComplaint', 'WithdrawComplaint'].includes(this.steps[last].command.type);
    let index = 1;
    while (index < this.steps.length && Date.parse(this.steps[index].command.issuedAt) <= Date.parse(reply.at)) index++;
    if (terminal) index = Math.min(index, last);
    // Between its neighbours: a reply dated after the closure is recorded just before it.
    const earliest = Date.parse(this.steps[index - 1].command.issuedAt);
    const latest = index < this.steps.length ? Date.parse(this.steps[index].command.issuedAt) : Infinity;
    const issuedAt = new Date(Math.min(Math.max(Date.parse(reply.at), earliest), latest)).toISOString();
    const acknowledgement: PlannedCommand = {
      step: 'acknowledge',
      basis: reply.sourceField,
      synthesized: false,
      command: { type: 'AcknowledgeComplaint', channel: ticket.channel, message: reply.body, issuedAt },
    };
    return [...this.steps.slice(0, index), acknowledgement, ...this.steps.slice(index)];
  }
}
