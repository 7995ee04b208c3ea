import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS, type HistoricalStage, type ImportFormat } from '@redress/migration';
import { pick, pickWeighted, seededRandom } from './support/seeded-random';

/**
 * Generated helpdesk exports for the import tests and benchmark: `records`
 * tickets built from templates by a seeded generator, every `MALFORMED_EVERY`
 * th one broken in a way the import must report (a rotating list per
 * format), so a test knows exactly which records must be refused and why.
 */
export const MALFORMED_EVERY = 37;

/** The category mapping the fixtures are meant to be imported with. */
export const FIXTURE_CATEGORY_MAP = ['billing=POLICY_PROCESS', 'hardware=PRODUCT_FUNCTION', 'login=SYSTEM_TECHNICAL'];

export interface FixtureTicket {
  id: string;
  stage: HistoricalStage;
  createdAt: string;
  firstReplyAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  satisfaction: 'good' | 'bad' | null;
  tag: string;
  customField: string;
}

export interface MalformedRecord {
  /** As the report prints it: `line N` (CSV) or `record N` (JSON, 0-based). */
  where: string;
  field: string;
}

export interface FixtureExport {
  file: string;
  format: ImportFormat;
  records: number;
  valid: FixtureTicket[];
  malformed: MalformedRecord[];
}

const DAY = 86_400_000;
const START = Date.parse('2023-01-02T08:00:00Z');
const STAGE_WEIGHTS: [HistoricalStage, number][] = [
  ['received', 15],
  ['in_progress', 25],
  ['awaiting_customer', 10],
  ['resolved', 20],
  ['closed', 30],
];
const PRODUCTS = ['router X200', 'invoice for March', 'mobile app login', 'delivery of order', 'warranty repair'];
const TAGS = ['billing', 'hardware', 'login', 'delivery'];

/** The same ticket in every format: only the serialisation differs. */
/** The texts of a fixture ticket, the same in every format. */
interface FixtureTexts {
  subject: string;
  description: string;
  reply: string;
  resolution: string | null;
}

function fixtureTicket(random: () => number, index: number): FixtureTicket & FixtureTexts {
  const stage = pickWeighted(random, STAGE_WEIGHTS);
  const created = START + index * 7 * 60_000 + Math.floor(random() * 3_600_000);
  const at = (offset: number) => new Date(created + offset).toISOString();
  const answered = stage !== 'received' || random() < 0.5;
  const resolved = stage === 'resolved' || stage === 'closed';
  const product = pick(random, PRODUCTS);
  const rated = resolved && random() < 0.6;
  return {
    id: String(100_000 + index),
    stage,
    createdAt: at(0),
    firstReplyAt: answered ? at(2 * 3_600_000) : null,
    resolvedAt: resolved ? at(3 * DAY) : null,
    closedAt: stage === 'closed' ? at(7 * DAY) : null,
    satisfaction: rated ? (random() < 0.8 ? 'good' : 'bad') : null,
    tag: pick(random, TAGS),
    customField: pick(random, ['gold', 'silver', 'bronze']),
    subject: `Problem with the ${product}`,
    description: `The ${product} has failed twice this week, "again", and I want it fixed, please.`,
    reply: `Thank you, we are looking into the ${product} and will call you back tomorrow.`,
    resolution: resolved ? `We replaced the ${product} and refunded the delivery fee.` : null,
  };
}

export async function writeTicketExport(
  format: ImportFormat,
  file: string,
  records: number,
  seed = 20261123,
): Promise<FixtureExport> {
  const random = seededRandom(seed);
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const result: FixtureExport = { file, format, records, valid: [], malformed: [] };
  const serialise = SERIALISERS[format];
  await write(serialise.header);
  for (let index = 0; index < records; index++) {
    const ticket = fixtureTicket(random, index);
    const malformedKind = index % MALFORMED_EVERY === 5 ? Math.floor(index / MALFORMED_EVERY) : -1;
    const { text, field } = serialise.record(ticket, index, malformedKind, result.valid.at(-1)?.id ?? ticket.id);
    await write(`${index > 0 ? serialise.separator : ''}${text}`);
    if (field === null) result.valid.push(ticket);
    else result.malformed.push({ where: format === 'csv' ? `line ${index + 2}` : `record ${index}`, field });
  }
  await write(serialise.footer);
  out.end();
  await once(out, 'finish');
  return result;
}

interface Serialiser {
  header: string;
  separator: string;
  footer: string;
  /** The record's text, and the field the import must blame (null: a valid record). */
  record(
    ticket: ReturnType<typeof fixtureTicket>,
    index: number,
    malformedKind: number,
    previousId: string,
  ): { text: string; field: string | null };
}

const ZENDESK_STATUS: Record<HistoricalStage, string> = {
  received: 'new',
  in_progress: 'open',
  awaiting_customer: 'pending',
  resolved: 'solved',
  closed: 'closed',
  withdrawn: 'deleted',
};

/** Each breaks one Zendesk ticket in one way; the field the report must name. */
const ZENDESK_BREAKAGES: [field: string, breakTicket: (t: Record<string, unknown>) => unknown][] = [
  ['created_at', (t) => ({ ...t, created_at: undefined })],
  ['created_at', (t) => ({ ...t, created_at: 'last tuesday' })],
  ['status', (t) => ({ ...t, status: 'deleted' })],
  ['assignee_id', (t) => ({ ...t, status: 'solved', assignee_id: null, metric_set: { solved_at: t.updated_at } })],
  ['description', (t) => ({ ...t, description: '  ' })],
  ['priority', (t) => ({ ...t, priority: 'whenever' })],
  ['record', () => 42],
  ['metric_set.solved_at', (t) => ({ ...t, status: 'solved', metric_set: { solved_at: '2001-01-01T00:00:00Z' } })],
];

function zendeskRecord(ticket: ReturnType<typeof fixtureTicket>, index: number): Record<string, unknown> {
  const requester = 5_000_000 + (index % 700);
  const agent = 9_000 + (index % 12);
  const assigned = ticket.stage !== 'received';
  const updatedAt = ticket.closedAt ?? ticket.resolvedAt ?? (assigned ? ticket.firstReplyAt : null) ?? ticket.createdAt;
  const comments: Record<string, unknown>[] = [
    { id: index * 10, author_id: requester, body: ticket.description, public: true, created_at: ticket.createdAt },
  ];
  if (ticket.firstReplyAt) {
    comments.push({
      id: index * 10 + 1,
      author_id: agent,
      body: ticket.reply,
      public: true,
      created_at: ticket.firstReplyAt,
    });
    comments.push({
      id: index * 10 + 2,
      author_id: agent,
      body: 'Internal: check stock',
      public: false,
      created_at: ticket.firstReplyAt,
    });
  }
  if (ticket.resolution && ticket.resolvedAt) {
    comments.push({
      id: index * 10 + 3,
      author_id: agent,
      body: ticket.resolution,
      public: true,
      created_at: ticket.resolvedAt,
    });
  }
  return {
    id: Number(ticket.id),
    url: `https://example.zendesk.com/api/v2/tickets/${ticket.id}.json`,
    external_id: null,
    created_at: ticket.createdAt,
    updated_at: updatedAt,
    type: pick(seededRandom(index), ['incident', 'question', 'problem']),
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description,
    priority: pick(seededRandom(index + 1), ['urgent', 'high', 'normal', 'low', null]),
    status: ZENDESK_STATUS[ticket.stage],
    recipient: 'support@example.com',
    requester_id: requester,
    submitter_id: requester,
    assignee_id: assigned ? agent : null,
    organization_id: 360_000 + (index % 40),
    group_id: assigned ? 77 + (index % 3) : null,
    collaborator_ids: [],
    tags: [ticket.tag, 'imported-test'],
    via: { channel: pick(seededRandom(index + 2), ['email', 'web', 'voice', 'chat', 'api']) },
    custom_fields: [{ id: 360_001, value: ticket.customField }],
    satisfaction_rating: ticket.satisfaction
      ? { id: index, score: ticket.satisfaction, comment: 'Rated by the customer' }
      : { score: 'unoffered' },
    metric_set: ticket.resolvedAt
      ? { solved_at: ticket.resolvedAt, initially_assigned_at: ticket.createdAt }
      : undefined,
    comments,
  };
}

const ZAMMAD_STATE: Record<HistoricalStage, string> = {
  received: 'new',
  in_progress: 'open',
  awaiting_customer: 'pending reminder',
  resolved: 'pending close',
  closed: 'closed',
  withdrawn: 'removed',
};

const ZAMMAD_BREAKAGES: [field: string, breakTicket: (t: Record<string, unknown>) => unknown][] = [
  ['state', (t) => ({ ...t, state: 'merged' })],
  ['customer_id', (t) => ({ ...t, customer_id: undefined })],
  ['close_at', (t) => ({ ...t, close_at: '2001-01-01T00:00:00Z' })],
  ['created_at', (t) => ({ ...t, created_at: '2023-13-45T00:00:00Z' })],
  ['articles', (t) => ({ ...t, articles: 'none' })],
  ['state', (t) => ({ ...t, state: undefined })],
  ['owner_id', (t) => ({ ...t, state: 'closed', owner_id: 1, owner: '-', close_at: t.created_at })],
  ['record', () => 'not a ticket'],
];

function zammadRecord(ticket: ReturnType<typeof fixtureTicket>, index: number): Record<string, unknown> {
  const assigned = ticket.stage !== 'received';
  const articles: Record<string, unknown>[] = [
    {
      id: index * 10,
      sender: 'Customer',
      type: 'email',
      internal: false,
      body: ticket.description,
      created_at: ticket.createdAt,
      from: `customer${index % 700}@example.com`,
    },
  ];
  if (ticket.firstReplyAt) {
    articles.push({
      id: index * 10 + 1,
      sender: 'Agent',
      type: 'email',
      internal: false,
      body: ticket.reply,
      created_at: ticket.firstReplyAt,
    });
    articles.push({
      id: index * 10 + 2,
      sender: 'Agent',
      type: 'note',
      internal: true,
      body: 'Check stock',
      created_at: ticket.firstReplyAt,
    });
  }
  if (ticket.resolution && ticket.resolvedAt) {
    articles.push({
      id: index * 10 + 3,
      sender: 'Agent',
      type: 'email',
      internal: false,
      body: ticket.resolution,
      created_at: ticket.resolvedAt,
    });
  }
  return {
    id: Number(ticket.id),
    number: String(31_000 + index),
    title: ticket.subject,
    group: pick(seededRandom(index), ['Users', 'Sales', 'billing']),
    group_id: 1,
    state: ZAMMAD_STATE[ticket.stage],
    state_id: 2,
    priority: pick(seededRandom(index + 1), ['1 low', '2 normal', '3 high']),
    priority_id: 2,
    customer_id: 2_000 + (index % 700),
    customer: `customer${index % 700}@example.com`,
    owner_id: assigned ? 10 + (index % 8) : 1,
    owner: assigned ? `agent${index % 8}@example.com` : '-',
    organization_id: 3,
    create_article_type: 'email',
    tags: [ticket.tag],
    created_at: ticket.createdAt,
    updated_at: ticket.closedAt ?? ticket.resolvedAt ?? ticket.firstReplyAt ?? ticket.createdAt,
    close_at: ticket.closedAt ?? ticket.resolvedAt,
    first_response_at: ticket.firstReplyAt,
    article_count: articles.length,
    preferences: { channel_id: 1 },
    articles,
  };
}

const CSV_STATUS: Record<HistoricalStage, string> = {
  received: 'received',
  in_progress: 'in_progress',
  awaiting_customer: 'awaiting_customer',
  resolved: 'resolved',
  closed: 'closed',
  withdrawn: 'withdrawn',
};

type CsvRow = Record<(typeof CSV_COLUMNS)[number] | 'legacy_queue', string>;

const CSV_BREAKAGES: [field: string, breakRow: (row: CsvRow, previousId: string) => CsvRow | string[]][] = [
  ['row', (row) => [...Object.values(row), 'one field too many']],
  ['status', (row) => ({ ...row, status: 'done' })],
  ['created_at', (row) => ({ ...row, created_at: '2023-05-01 10:00' })],
  ['customer_id', (row) => ({ ...row, customer_id: '' })],
  ['closed_at', (row) => ({ ...row, status: 'closed', resolved_at: row.created_at, closed_at: '' })],
  ['satisfied', (row) => ({ ...row, satisfied: 'maybe' })],
  ['description', (row) => ({ ...row, description: 'x'.repeat(20_001) })],
  ['resolved_at', (row) => ({ ...row, status: 'resolved', assignee: 'agent-1', resolved_at: '2001-01-01T00:00:00Z' })],
  ['id', (row, previousId) => ({ ...row, id: previousId })],
];

function csvRow(ticket: ReturnType<typeof fixtureTicket>, index: number): CsvRow {
  const assigned = ticket.stage !== 'received';
  return {
    id: ticket.id,
    created_at: ticket.createdAt,
    customer_id: `CUST-${index % 700}`,
    customer_tier: index % 9 === 0 ? 'HIGH_VALUE' : 'ORDINARY',
    channel: pick(seededRandom(index), ['EMAIL', 'PHONE', 'WEB_FORM', '']),
    subject: ticket.subject,
    description: ticket.description,
    object_kind: 'PRODUCT',
    object_reference: `SKU-${index % 50}`,
    remedy_sought: index % 3 === 0 ? 'A refund' : '',
    category: ticket.tag,
    priority: pick(seededRandom(index + 1), ['P1', 'P2', 'P3', 'P4', 'high', '']),
    department: assigned ? 'after-sales' : '',
    assignee: assigned ? `agent-${index % 8}` : '',
    assigned_at: assigned ? ticket.createdAt : '',
    status: CSV_STATUS[ticket.stage],
    first_response_at: ticket.firstReplyAt ?? '',
    first_response: ticket.firstReplyAt ? ticket.reply : '',
    resolved_at: ticket.resolvedAt ?? '',
    resolution: ticket.resolution ?? '',
    root_cause: ticket.resolvedAt && index % 2 === 0 ? 'A faulty batch of units' : '',
    closed_at: ticket.closedAt ?? '',
    satisfied: ticket.satisfaction === null ? '' : String(ticket.satisfaction === 'good'),
    satisfaction_comment: ticket.satisfaction ? 'Said on the phone' : '',
    withdrawn_at: '',
    withdrawal_reason: '',
    legacy_queue: `queue-${index % 4}`,
  };
}

function jsonSerialiser(
  build: (ticket: ReturnType<typeof fixtureTicket>, index: number) => Record<string, unknown>,
  breakages: typeof ZENDESK_BREAKAGES,
  header: string,
  footer: string,
): Serialiser {
  return {
    header,
    separator: ',\n',
    footer,
    record: (ticket, index, kind) => {
      const valid = build(ticket, index);
      if (kind < 0) return { text: JSON.stringify(valid), field: null };
      const [field, breakTicket] = breakages[kind % breakages.length];
      return { text: JSON.stringify(breakTicket(valid)), field };
    },
  };
}

const SERIALISERS: Record<ImportFormat, Serialiser> = {
  zendesk: jsonSerialiser(zendeskRecord, ZENDESK_BREAKAGES, '{"tickets": [\n', '\n], "end_of_stream": true}\n'),
  zammad: jsonSerialiser(zammadRecord, ZAMMAD_BREAKAGES, '[\n', '\n]\n'),
  csv: {
    header: stringify([[...CSV_COLUMNS, 'legacy_queue']]),
    separator: '',
    footer: '',
    record: (ticket, index, kind, previousId) => {
      const row = csvRow(ticket, index);
      if (kind < 0) return { text: stringify([Object.values(row)]), field: null };
      const [field, breakRow] = CSV_BREAKAGES[kind % CSV_BREAKAGES.length];
      const broken = breakRow(row, previousId);
      return { text: stringify([Array.isArray(broken) ? broken : Object.values(broken)]), field };
    },
  },
};
