import { upcastComplaintEvent, type ComplaintEvent, type ComplaintStatus } from '@redress/domain';
import type { RecordedEvent } from '@redress/event-store';

/** One row of the complaint list: what lists, filters, sorts, customer and workload views need. */
export interface ComplaintListRow {
  id: string;
  revision: number;
  status: ComplaintStatus;
  category: string | null;
  grade: string | null;
  priority: string | null;
  /** P1 = 1 … P4 = 4; 9 when not triaged, so untriaged complaints sort last. */
  priority_rank: number;
  is_complex: boolean;
  channel: string;
  customer_id: string;
  customer_tier: string;
  department: string | null;
  assignee: string | null;
  escalation_level: string | null;
  content: string;
  object_reference: string;
  received_at: string;
  occurred_at: string;
  updated_at: string;
  closed_at: string | null;
  reopen_count: number;
  compensation_amount: number | null;
  compensation_currency: string | null;
  /** The primary this complaint is merged into, while it is (status MERGED). */
  merged_into: string | null;
  /** The duplicates merged into this complaint, in merge order. */
  merged_duplicates: string[];
  last_position: number;
}

export const UNTRIAGED_PRIORITY_RANK = 9;

/** Columns and their SQL types, in table order; the single source for DDL and upserts. */
export const COMPLAINT_LIST_COLUMNS: readonly [keyof ComplaintListRow, string][] = [
  ['id', 'UUID'],
  ['revision', 'INT'],
  ['status', 'TEXT'],
  ['category', 'TEXT'],
  ['grade', 'TEXT'],
  ['priority', 'TEXT'],
  ['priority_rank', 'INT'],
  ['is_complex', 'BOOLEAN'],
  ['channel', 'TEXT'],
  ['customer_id', 'TEXT'],
  ['customer_tier', 'TEXT'],
  ['department', 'TEXT'],
  ['assignee', 'TEXT'],
  ['escalation_level', 'TEXT'],
  ['content', 'TEXT'],
  ['object_reference', 'TEXT'],
  ['received_at', 'TIMESTAMPTZ'],
  ['occurred_at', 'TIMESTAMPTZ'],
  ['updated_at', 'TIMESTAMPTZ'],
  ['closed_at', 'TIMESTAMPTZ'],
  ['reopen_count', 'INT'],
  ['compensation_amount', 'NUMERIC'],
  ['compensation_currency', 'TEXT'],
  ['merged_into', 'UUID'],
  ['merged_duplicates', 'JSONB'],
  ['last_position', 'BIGINT'],
];

/**
 * What `complaint_list_counts` counts complaints by: every enumerated filter
 * of the list, so totals for any combination of them are sums over a few
 * thousand counters instead of counts over every matching row.
 */
export const COMPLAINT_COUNT_DIMENSIONS = [
  'status',
  'category',
  'grade',
  'priority',
  'channel',
  'customer_tier',
  'escalation_level',
] as const satisfies readonly (keyof ComplaintListRow)[];

export type ComplaintCountDimension = (typeof COMPLAINT_COUNT_DIMENSIONS)[number];

/**
 * Folds one stored complaint event into its list row: a pure function, so a
 * rebuild from the log reproduces the live rows exactly.
 */
export function evolveComplaintListRow(row: ComplaintListRow | null, recorded: RecordedEvent): ComplaintListRow | null {
  const event: ComplaintEvent = upcastComplaintEvent(recorded);
  const stamp = {
    revision: recorded.revision,
    updated_at: recorded.metadata.occurredAt,
    last_position: recorded.position,
  };
  if (event.type === 'ComplaintReceived') {
    const d = event.data;
    return {
      id: d.complaintId,
      status: 'RECEIVED',
      category: null,
      grade: null,
      priority: null,
      priority_rank: UNTRIAGED_PRIORITY_RANK,
      is_complex: false,
      channel: d.channel,
      customer_id: d.customer.id,
      customer_tier: d.customer.tier,
      department: null,
      assignee: null,
      escalation_level: null,
      content: d.content,
      object_reference: d.object.reference,
      received_at: d.receivedAt,
      occurred_at: d.occurredAt,
      closed_at: null,
      reopen_count: 0,
      compensation_amount: null,
      compensation_currency: null,
      merged_into: null,
      merged_duplicates: [],
      ...stamp,
    };
  }
  if (row === null) return null; // not received: nothing to list (cannot happen in a valid stream)
  const next: ComplaintListRow = { ...row, ...stamp };
  switch (event.type) {
    case 'ComplaintClassified':
      return { ...next, category: event.data.category, status: row.status === 'RECEIVED' ? 'CLASSIFIED' : row.status };
    case 'ComplaintReclassified':
      return { ...next, category: event.data.category };
    case 'ComplaintTriaged':
      return {
        ...next,
        grade: event.data.grade,
        priority: event.data.priority,
        priority_rank: Number(event.data.priority.slice(1)),
        is_complex: row.is_complex || event.data.isComplex,
        status: row.status === 'CLASSIFIED' ? 'TRIAGED' : row.status,
      };
    case 'ComplaintMarkedComplex':
      return { ...next, is_complex: true };
    case 'ComplaintAssigned':
    case 'ComplaintReassigned':
      return {
        ...next,
        department: event.data.department,
        assignee: event.data.assignee,
        status: row.status === 'TRIAGED' ? 'ASSIGNED' : row.status,
      };
    case 'ComplaintEscalated':
      return { ...next, escalation_level: event.data.level };
    case 'RootCauseIdentified':
      return { ...next, status: 'ROOT_CAUSE_IDENTIFIED' };
    case 'ResolutionProposed': {
      const compensation = event.data.compensation;
      return {
        ...next,
        status: 'RESOLUTION_PROPOSED',
        compensation_amount: compensation?.amount ?? null,
        compensation_currency: compensation?.currency ?? null,
      };
    }
    case 'ResolutionExecuted':
      return { ...next, status: 'RESOLUTION_EXECUTED' };
    case 'CustomerInformedOfResult':
      return { ...next, status: 'CUSTOMER_INFORMED' };
    case 'CustomerConfirmedResolution':
      return { ...next, status: 'CUSTOMER_CONFIRMED' };
    case 'ComplaintReopened':
      return { ...next, status: 'REOPENED', reopen_count: event.data.reopenCount, closed_at: null };
    case 'ComplaintClosed':
      return { ...next, status: 'CLOSED', closed_at: event.data.closedAt };
    case 'ComplaintWithdrawn':
      return { ...next, status: 'WITHDRAWN' };
    case 'ComplaintArchived':
      return { ...next, status: 'ARCHIVED' };
    case 'ComplaintMergedInto':
      return { ...next, status: 'MERGED', merged_into: event.data.primaryId };
    case 'ComplaintUnmerged':
      return { ...next, status: event.data.restoredStatus, merged_into: null };
    case 'DuplicateComplaintMerged':
      return { ...next, merged_duplicates: [...row.merged_duplicates, event.data.duplicateId] };
    case 'DuplicateComplaintUnmerged':
      return { ...next, merged_duplicates: row.merged_duplicates.filter((id) => id !== event.data.duplicateId) };
    case 'ProgressUpdateSent':
    case 'CustomerRejectedResolution':
    case 'FeedbackReportSent':
    case 'FollowUpRecorded':
    case 'EffectVerified':
    case 'ComplaintAcknowledged':
    case 'ProblemClarified':
    case 'PreliminaryHandlingCompleted':
    case 'DetailedFeedbackSent':
    case 'CustomerInformationRequested':
    case 'CustomerInformationProvided':
    case 'ServiceIncidentDeclared':
    case 'EmergencyPlanActivated':
    case 'FinalResponseSent':
    case 'HoldingResponseSent':
    case 'EarlyResolutionConfirmed':
    case 'SlaExtensionNotified':
    case 'ExternalAppraisalStarted':
    case 'ExternalAppraisalCompleted':
    case 'SlaWarningReached':
    case 'SlaBreached':
    case 'SlaPolicyRecomputed':
      return next;
  }
}
