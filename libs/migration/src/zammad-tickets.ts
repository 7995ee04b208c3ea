import type { Channel } from '@redress/domain';
import type { AgentReply, HistoricalStage, HistoricalTicket, RecordProblem } from './historical-ticket';
import { categoryOf, type MappingOptions } from './mapping-options';
import { attributesBesides, priorityAndGrade, RecordFields } from './record-fields';
import { jsonArrayRecords } from './source-records';
import { derivedText, type TicketFormat } from './ticket-format';

/** Zammad's default ticket states → lifecycle stage (merged and removed tickets are refused). */
const STAGES: Readonly<Record<string, HistoricalStage>> = {
  new: 'received',
  open: 'in_progress',
  'pending reminder': 'awaiting_customer',
  'pending close': 'resolved',
  closed: 'closed',
};

const REFUSED_STATES: Readonly<Record<string, string>> = {
  merged: 'the ticket was merged into another in Zammad; its history is imported with that ticket',
  removed: 'the ticket was removed in Zammad; removed tickets are not imported',
};

/** Zammad article types → intake channel; `note` and unknown types take --default-channel. */
const CHANNELS: Readonly<Record<string, Channel>> = {
  email: 'EMAIL',
  phone: 'PHONE',
  web: 'WEB_FORM',
  sms: 'SMS',
  chat: 'ONLINE_CHAT',
  'twitter status': 'SOCIAL_MEDIA',
  'twitter direct-message': 'SOCIAL_MEDIA',
  'facebook feed post': 'SOCIAL_MEDIA',
  'facebook feed comment': 'SOCIAL_MEDIA',
  'telegram personal-message': 'SOCIAL_MEDIA',
  'whatsapp message': 'SOCIAL_MEDIA',
};

/** Zammad's "no owner" user. */
const NOBODY_ID = 1;

const CARRIED = ['id', 'created_at', 'title'];

/**
 * A Zammad ticket export: the ticket list of the REST API with names
 * expanded (`GET /api/v1/tickets?expand=true`), a JSON array, each ticket
 * with its `articles` (`/ticket_articles/by_ticket/:id`) embedded.
 */
export const ZAMMAD_FORMAT: TicketFormat = {
  format: 'zammad',
  sourceName: 'Zammad',
  records: (file, bytesRead) =>
    jsonArrayRecords(file, '$', 'a Zammad export must be a JSON array of tickets', bytesRead),
  toTicket: zammadTicket,
};

function zammadTicket(ticket: Record<string, unknown>, options: MappingOptions): HistoricalTicket | RecordProblem[] {
  const f = new RecordFields();
  const { source } = options;
  const originalId = f.text('id', ticket.id);
  const receivedAt = f.instant('created_at', ticket.created_at);
  const updatedAt = f.optionalInstant('updated_at', ticket.updated_at);
  const closeAt = f.optionalInstant('close_at', ticket.close_at);
  f.notFuture('created_at', receivedAt, options.now);
  f.notBefore('updated_at', updatedAt, 'created_at', receivedAt);
  f.notBefore('close_at', closeAt, 'created_at', receivedAt);
  const state = f.optionalText('state', ticket.state)?.toLowerCase() ?? null;
  const stage = state === null ? undefined : STAGES[state];
  if (state === null) f.add('state', 'is required: export the tickets with expand=true so states have their names');
  else if (REFUSED_STATES[state]) f.add('state', REFUSED_STATES[state]);
  else if (!stage) f.add('state', `must be one of: ${Object.keys(STAGES).join(', ')}; not "${state}"`);
  const customerId = f.text('customer_id', ticket.customer_id);
  const ownerId = ticket.owner_id;
  const owner = ownerId === NOBODY_ID || ticket.owner === '-' ? null : f.optionalText('owner_id', ownerId);
  const group = f.optionalText('group', ticket.group);
  const { priority, grade } = priorityAndGrade(f, 'priority', ticket.priority, options.defaultPriority);
  const articles = articleList(f, ticket.articles);
  const first = articles[0] ?? null;
  const title = f.optionalText('title', ticket.title);
  if (title === null && first?.body == null) f.add('title', 'is required when the ticket has no articles');
  const endedAt = closeAt ?? updatedAt;
  if ((stage === 'resolved' || stage === 'closed' || stage === 'awaiting_customer') && endedAt === null) {
    f.add('updated_at', `is required for a ticket in state ${state}: it dates the state`);
  }
  if (f.problems.length > 0) return f.problems;

  const replies: AgentReply[] = articles
    .filter((article) => article.sender === 'agent' && !article.internal && article.body !== null)
    .map((article) => ({ at: article.at, body: derivedText(article.body as string), sourceField: article.field }));
  const resolvedAt = stage === 'resolved' || stage === 'closed' ? endedAt : null;
  const resolution = resolvedAt
    ? replies.filter((reply) => Date.parse(reply.at) <= Date.parse(resolvedAt)).at(-1)
    : undefined;
  const articleType = String(ticket.create_article_type ?? first?.type ?? '').toLowerCase();
  const tags = Array.isArray(ticket.tags) ? ticket.tags : [];
  return {
    originalId,
    receivedAt,
    channel: CHANNELS[articleType] ?? options.defaultChannel,
    customer: { id: `${source}:user:${customerId}`, tier: options.defaultTier },
    reason: title ?? `No title in Zammad (ticket ${originalId})`,
    content: first?.body ?? (title as string),
    object: { kind: options.defaultObjectKind, reference: `Zammad ticket ${String(ticket.number ?? originalId)}` },
    remedySought: 'Not recorded in Zammad',
    category: categoryOf([...tags, group, ticket.type], options),
    grade,
    priority,
    department: owner === null ? null : (group ?? options.defaultDepartment),
    assignee: owner === null ? null : `${source}:agent:${owner}`,
    assignedAt: null,
    stage: stage as HistoricalStage,
    firstAgentReply: replies[0] ?? null,
    awaitingSince: stage === 'awaiting_customer' ? updatedAt : null,
    resolvedAt,
    resolution: resolution ? resolution.body : null,
    rootCause: null,
    closedAt: stage === 'closed' ? endedAt : null,
    satisfaction: null,
    withdrawal: null,
    attributes: attributesBesides(ticket, CARRIED),
    sourceFields: {
      content: first ? `${first.field}.body` : 'title',
      reason: 'title',
      'customer.id': 'customer_id',
      channel: 'create_article_type',
      category: 'group',
      priority: 'priority',
      assignee: 'owner_id',
      department: 'group',
      stage: 'state',
      occurredAt: 'created_at',
      receivedAt: 'created_at',
    },
  };
}

interface Article {
  field: string;
  at: string;
  body: string | null;
  sender: string;
  type: string | null;
  internal: boolean;
}

/** The ticket's articles in time order; the first is the customer's message. */
function articleList(f: RecordFields, articles: unknown): Article[] {
  if (articles === undefined || articles === null) return [];
  if (!Array.isArray(articles)) {
    f.add('articles', 'must be a list of articles');
    return [];
  }
  const list: Article[] = [];
  articles.forEach((article: Record<string, unknown> | null, index) => {
    const field = `articles[${index}]`;
    if (article === null || typeof article !== 'object') return f.add(field, 'must be an object');
    const at = f.instant(`${field}.created_at`, article.created_at);
    const internal = f.optionalBoolean(`${field}.internal`, article.internal) ?? false;
    list.push({
      field,
      at,
      body: f.optionalText(`${field}.body`, article.body),
      sender: String(article.sender ?? '').toLowerCase(),
      type: typeof article.type === 'string' ? article.type : null,
      internal,
    });
  });
  return list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
