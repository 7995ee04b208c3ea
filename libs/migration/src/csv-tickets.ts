import {
  CHANNELS,
  COMPLAINT_OBJECT_KINDS,
  CUSTOMER_TIERS,
  type Channel,
  type ComplaintObjectKind,
  type CustomerTier,
} from '@redress/domain';
import { HISTORICAL_STAGES, type HistoricalTicket, type RecordProblem } from './historical-ticket';
import { categoryOf, type MappingOptions } from './mapping-options';
import { attributesBesides, priorityAndGrade, RecordFields } from './record-fields';
import { csvRecords } from './source-records';
import { derivedText, type TicketFormat } from './ticket-format';

/** The documented columns (libs/migration/README.md); any other column is kept as an attribute. */
export const CSV_COLUMNS = [
  'id',
  'created_at',
  'customer_id',
  'customer_tier',
  'channel',
  'subject',
  'description',
  'object_kind',
  'object_reference',
  'remedy_sought',
  'category',
  'priority',
  'department',
  'assignee',
  'assigned_at',
  'status',
  'first_response_at',
  'first_response',
  'resolved_at',
  'resolution',
  'root_cause',
  'closed_at',
  'satisfied',
  'satisfaction_comment',
  'withdrawn_at',
  'withdrawal_reason',
] as const;

/**
 * Columns whose values are mapped, cut or only dated into events (statuses, priorities, instants…): kept as
 * attributes besides. Every other documented column is held verbatim by an event's data (or makes the id).
 */
const ALSO_KEPT = new Set<string>([
  'category',
  'priority',
  'assigned_at',
  'status',
  'first_response_at',
  'first_response',
  'resolved_at',
  'closed_at',
  'satisfied',
  'withdrawn_at',
]);
const CARRIED = CSV_COLUMNS.filter((column) => !ALSO_KEPT.has(column));

/** Redress's own CSV layout for helpdesks without a supported export: one ticket per row. */
export const CSV_FORMAT: TicketFormat = {
  format: 'csv',
  sourceName: 'the source helpdesk',
  records: csvRecords,
  toTicket: csvTicket,
};

function csvTicket(row: Record<string, unknown>, options: MappingOptions): HistoricalTicket | RecordProblem[] {
  const f = new RecordFields();
  const originalId = f.text('id', row.id);
  const receivedAt = f.instant('created_at', row.created_at);
  f.notFuture('created_at', receivedAt, options.now);
  const stage = f.oneOf('status', HISTORICAL_STAGES, row.status);
  if (stage === null && !f.problems.some((p) => p.field === 'status')) f.add('status', 'is required');
  const channel = f.oneOf('channel', CHANNELS, row.channel) ?? options.defaultChannel;
  const tier = f.oneOf('customer_tier', CUSTOMER_TIERS, row.customer_tier) ?? options.defaultTier;
  const objectKind = f.oneOf('object_kind', COMPLAINT_OBJECT_KINDS, row.object_kind) ?? options.defaultObjectKind;
  const { priority, grade } = priorityAndGrade(f, 'priority', row.priority, options.defaultPriority);
  const customerId = f.text('customer_id', row.customer_id);
  const reason = f.text('subject', row.subject);
  const content = f.text('description', row.description);
  const assignee = f.optionalText('assignee', row.assignee);
  const assignedAt = f.optionalInstant('assigned_at', row.assigned_at);
  const firstResponseAt = f.optionalInstant('first_response_at', row.first_response_at);
  const firstResponse = f.optionalText('first_response', row.first_response);
  const resolvedAt = f.optionalInstant('resolved_at', row.resolved_at);
  const closedAt = f.optionalInstant('closed_at', row.closed_at);
  const withdrawnAt = f.optionalInstant('withdrawn_at', row.withdrawn_at);
  const satisfied = f.optionalBoolean('satisfied', row.satisfied);
  for (const [field, instant] of [
    ['assigned_at', assignedAt],
    ['first_response_at', firstResponseAt],
    ['resolved_at', resolvedAt],
    ['closed_at', closedAt],
    ['withdrawn_at', withdrawnAt],
  ] as const) {
    f.notBefore(field, instant, 'created_at', receivedAt);
    f.notFuture(field, instant, options.now);
  }
  f.notBefore('closed_at', closedAt, 'resolved_at', resolvedAt);
  const needs = (field: string, value: unknown, why: string) => {
    if (value === null) f.add(field, `is required for status ${stage}: ${why}`);
  };
  if (stage === 'resolved' || stage === 'closed') needs('resolved_at', resolvedAt, 'it dates the resolution');
  if (stage === 'closed') needs('closed_at', closedAt, 'it dates the closure');
  if (stage === 'withdrawn') needs('withdrawn_at', withdrawnAt, 'it dates the withdrawal');
  const withdrawalReason = stage === 'withdrawn' ? f.text('withdrawal_reason', row.withdrawal_reason) : null;
  if (firstResponse !== null && firstResponseAt === null) f.add('first_response_at', 'is required with first_response');
  if (f.problems.length > 0) return f.problems;

  return {
    originalId,
    receivedAt,
    channel: channel as Channel,
    customer: { id: customerId, tier: tier as CustomerTier },
    reason,
    content,
    object: {
      kind: objectKind as ComplaintObjectKind,
      reference: f.optionalText('object_reference', row.object_reference) ?? `Imported ticket ${originalId}`,
    },
    remedySought: f.optionalText('remedy_sought', row.remedy_sought) ?? 'Not recorded in the source helpdesk',
    category: categoryOf([row.category], options),
    grade,
    priority,
    department: assignee === null ? null : (f.optionalText('department', row.department) ?? options.defaultDepartment),
    assignee,
    assignedAt,
    stage: stage as HistoricalTicket['stage'],
    firstAgentReply:
      firstResponseAt === null
        ? null
        : {
            at: firstResponseAt,
            body: derivedText(firstResponse ?? 'First response recorded in the source helpdesk'),
            sourceField: 'first_response',
          },
    awaitingSince: stage === 'awaiting_customer' ? (assignedAt ?? receivedAt) : null,
    resolvedAt,
    resolution: f.optionalText('resolution', row.resolution),
    rootCause: f.optionalText('root_cause', row.root_cause),
    closedAt,
    satisfaction:
      satisfied === null
        ? null
        : { satisfied, comment: f.optionalText('satisfaction_comment', row.satisfaction_comment) },
    withdrawal: stage === 'withdrawn' ? { at: withdrawnAt as string, reason: withdrawalReason as string } : null,
    attributes: attributesBesides(row, CARRIED),
    sourceFields: {
      content: 'description',
      reason: 'subject',
      'customer.id': 'customer_id',
      'customer.tier': 'customer_tier',
      'object.reference': 'object_reference',
      remedySought: 'remedy_sought',
      channel: 'channel',
      category: 'category',
      priority: 'priority',
      assignee: 'assignee',
      department: 'department',
      stage: 'status',
      plan: 'resolution',
      outcome: 'resolution',
      result: 'resolution',
      'measures[0]': 'resolution',
      rootCause: 'root_cause',
      notes: 'satisfaction_comment',
      occurredAt: 'created_at',
      receivedAt: 'created_at',
    },
  };
}
