import type { Channel } from '@redress/domain';
import type { AgentReply, HistoricalStage, HistoricalTicket, RecordProblem } from './historical-ticket';
import { categoryOf, type MappingOptions } from './mapping-options';
import { attributesBesides, priorityAndGrade, RecordFields } from './record-fields';
import { jsonArrayRecords } from './source-records';
import { derivedText, type TicketFormat } from './ticket-format';

/** Zendesk ticket statuses → lifecycle stage (`deleted` tickets are refused: they are not history to keep). */
const STAGES: Readonly<Record<string, HistoricalStage>> = {
  new: 'received',
  open: 'in_progress',
  hold: 'in_progress',
  pending: 'awaiting_customer',
  solved: 'resolved',
  closed: 'closed',
};

/** Zendesk `via.channel` → intake channel; others (api, rule, system…) take --default-channel. */
const CHANNELS: Readonly<Record<string, Channel>> = {
  email: 'EMAIL',
  web: 'WEB_FORM',
  web_form: 'WEB_FORM',
  web_widget: 'WEB_FORM',
  mobile: 'APP',
  mobile_sdk: 'APP',
  chat: 'ONLINE_CHAT',
  native_messaging: 'ONLINE_CHAT',
  messaging: 'ONLINE_CHAT',
  voice: 'PHONE',
  phone: 'PHONE',
  sms: 'SMS',
  twitter: 'SOCIAL_MEDIA',
  facebook: 'SOCIAL_MEDIA',
  instagram_dm: 'SOCIAL_MEDIA',
  whatsapp: 'SOCIAL_MEDIA',
  line: 'SOCIAL_MEDIA',
  wechat: 'SOCIAL_MEDIA',
};

/** The fields whose values an event's data holds verbatim; every other field is kept as an attribute. */
const CARRIED = ['id', 'created_at', 'subject', 'description'];

/**
 * A Zendesk ticket export: the Tickets API / incremental ticket export page
 * shape, `{"tickets": [...]}`, each ticket optionally with its `comments`
 * (Ticket Comments API) and `metric_set` (Ticket Metrics) embedded.
 */
export const ZENDESK_FORMAT: TicketFormat = {
  format: 'zendesk',
  sourceName: 'Zendesk',
  records: (file, bytesRead) =>
    jsonArrayRecords(file, '$.tickets', 'a Zendesk export must be a JSON object with a "tickets" array', bytesRead),
  toTicket: zendeskTicket,
};

function zendeskTicket(ticket: Record<string, unknown>, options: MappingOptions): HistoricalTicket | RecordProblem[] {
  const f = new RecordFields();
  const { source } = options;
  const originalId = f.text('id', ticket.id);
  const receivedAt = f.instant('created_at', ticket.created_at);
  const updatedAt = f.optionalInstant('updated_at', ticket.updated_at);
  f.notFuture('created_at', receivedAt, options.now);
  f.notBefore('updated_at', updatedAt, 'created_at', receivedAt);
  const status = f.text('status', ticket.status).toLowerCase();
  const stage = STAGES[status];
  if (status === 'deleted') f.add('status', 'the ticket was deleted in Zendesk; deleted tickets are not imported');
  else if (status && !stage) f.add('status', `must be one of: ${Object.keys(STAGES).join(', ')}; not "${status}"`);
  const metrics = objectOrEmpty(f, 'metric_set', ticket.metric_set);
  const via = objectOrEmpty(f, 'via', ticket.via);
  const requester = f.text('requester_id', ticket.requester_id);
  const assignee = f.optionalText('assignee_id', ticket.assignee_id);
  const group = f.optionalText('group_id', ticket.group_id);
  const { priority, grade } = priorityAndGrade(f, 'priority', ticket.priority, options.defaultPriority);
  const tags = Array.isArray(ticket.tags) ? ticket.tags : [];
  const content = f.text('description', ticket.description);
  const replies = agentReplies(f, ticket.comments, ticket.requester_id);
  const resolvedAt =
    stage === 'resolved' || stage === 'closed'
      ? (f.optionalInstant('metric_set.solved_at', metrics.solved_at) ?? updatedAt)
      : null;
  const closedAt = stage === 'closed' ? updatedAt : null;
  if ((stage === 'resolved' || stage === 'closed' || stage === 'awaiting_customer') && updatedAt === null) {
    f.add('updated_at', `is required for a ${status} ticket: it dates the status`);
  }
  f.notBefore('metric_set.solved_at', resolvedAt, 'created_at', receivedAt);
  const rating = objectOrEmpty(f, 'satisfaction_rating', ticket.satisfaction_rating);
  const score = typeof rating.score === 'string' ? rating.score.toLowerCase() : null;
  if (f.problems.length > 0) return f.problems;

  const resolution = stage === 'resolved' || stage === 'closed' ? lastReplyBy(replies, resolvedAt) : null;
  return {
    originalId,
    receivedAt,
    channel: CHANNELS[String(via.channel ?? '').toLowerCase()] ?? options.defaultChannel,
    customer: { id: `${source}:user:${requester}`, tier: options.defaultTier },
    reason: f.optionalText('subject', ticket.subject) ?? `No subject in Zendesk (ticket ${originalId})`,
    content,
    object: { kind: options.defaultObjectKind, reference: `Zendesk ticket ${originalId}` },
    remedySought: 'Not recorded in Zendesk',
    category: categoryOf([...tags, ticket.type], options),
    grade,
    priority,
    department: assignee === null ? null : group === null ? options.defaultDepartment : `${source}:group:${group}`,
    assignee: assignee === null ? null : `${source}:agent:${assignee}`,
    assignedAt: f.optionalInstant('metric_set.initially_assigned_at', metrics.initially_assigned_at),
    stage,
    firstAgentReply: replies[0] ?? null,
    awaitingSince: stage === 'awaiting_customer' ? updatedAt : null,
    resolvedAt,
    resolution: resolution ? derivedText(resolution.body) : null,
    rootCause: null,
    closedAt,
    satisfaction:
      score === 'good' || score === 'bad'
        ? { satisfied: score === 'good', comment: f.optionalText('satisfaction_rating.comment', rating.comment) }
        : null,
    withdrawal: null,
    attributes: attributesBesides(ticket, CARRIED),
    sourceFields: {
      content: 'description',
      reason: 'subject',
      'customer.id': 'requester_id',
      channel: 'via.channel',
      category: 'tags',
      priority: 'priority',
      assignee: 'assignee_id',
      department: 'group_id',
      stage: 'status',
      occurredAt: 'created_at',
      receivedAt: 'created_at',
    },
  };
}

function objectOrEmpty(f: RecordFields, field: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  f.add(field, 'must be an object');
  return {};
}

/** Public comments by anyone but the requester, in time order. */
function agentReplies(f: RecordFields, comments: unknown, requesterId: unknown): AgentReply[] {
  if (comments === undefined || comments === null) return [];
  if (!Array.isArray(comments)) {
    f.add('comments', 'must be a list of comments');
    return [];
  }
  const replies: AgentReply[] = [];
  comments.forEach((comment: Record<string, unknown> | null, index) => {
    if (comment === null || typeof comment !== 'object') return f.add(`comments[${index}]`, 'must be an object');
    if (comment.public === false || comment.author_id === requesterId) return;
    const at = f.optionalInstant(`comments[${index}].created_at`, comment.created_at);
    const body = f.optionalText(`comments[${index}].body`, comment.plain_body ?? comment.body);
    if (at && body) replies.push({ at, body: derivedText(body), sourceField: `comments[${index}]` });
  });
  return replies.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The last agent reply up to the resolution: what the customer was told. */
function lastReplyBy(replies: readonly AgentReply[], resolvedAt: string | null): AgentReply | null {
  if (resolvedAt === null) return null;
  return replies.filter((reply) => Date.parse(reply.at) <= Date.parse(resolvedAt)).at(-1) ?? null;
}
