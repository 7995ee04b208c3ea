import type { Category, Channel, ComplaintObjectKind, CustomerTier, Grade, Priority } from '@redress/domain';

/** The export formats `import --format` reads. */
export const IMPORT_FORMATS = ['csv', 'zendesk', 'zammad'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/**
 * How far a ticket got in the helpdesk it comes from, in the terms of
 * Redress's lifecycle; the import takes it exactly that far (README of this
 * library: "Lifecycle mapping").
 */
export const HISTORICAL_STAGES = [
  'received',
  'in_progress',
  'awaiting_customer',
  'resolved',
  'closed',
  'withdrawn',
] as const;
export type HistoricalStage = (typeof HISTORICAL_STAGES)[number];

/** A message of the ticket's conversation that the lifecycle uses (the first agent reply acknowledges). */
export interface AgentReply {
  at: string;
  body: string;
  /** Where it is in the source, for the validation report, e.g. `comments[2]`. */
  sourceField: string;
}

/**
 * One ticket of any source, normalised: what the lifecycle plan needs, each
 * value in Redress's vocabulary, plus every source field not carried into an
 * event's data as `attributes`, so nothing is dropped.
 */
export interface HistoricalTicket {
  originalId: string;
  receivedAt: string;
  channel: Channel;
  customer: { id: string; tier: CustomerTier };
  reason: string;
  content: string;
  object: { kind: ComplaintObjectKind; reference: string };
  remedySought: string;
  category: Category | null;
  grade: Grade;
  priority: Priority;
  department: string | null;
  assignee: string | null;
  assignedAt: string | null;
  stage: HistoricalStage;
  /** The first public reply of an agent: the acknowledgement (first response) of the complaint. */
  firstAgentReply: AgentReply | null;
  /** When the source started waiting for the customer (stage awaiting_customer). */
  awaitingSince: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  rootCause: string | null;
  closedAt: string | null;
  /** The customer's own verdict (Zendesk CSAT good/bad, a CSV column); null when the source has none. */
  satisfaction: { satisfied: boolean; comment: string | null } | null;
  withdrawal: { at: string; reason: string } | null;
  /** Source fields kept verbatim in the provenance of the receipt event. */
  attributes: Record<string, unknown>;
  /** Which source field each ticket field came from, so a refused command names the field of the file. */
  sourceFields: Partial<Record<string, string>>;
}

/** Where a record sits in its file: a CSV line, or a JSON record's index and original id. */
export interface RecordLocation {
  line?: number;
  index?: number;
  originalId?: string;
}

/** One problem of one record, as the validation report prints it. */
export interface RecordProblem {
  field: string;
  problem: string;
}
