import { upcastComplaintEvent, type ComplaintEvent } from '@redress/domain';
import type { RecordedEvent } from '@redress/event-store';
import { evolveComplaintSegments, NO_SEGMENTS } from '../satisfaction/complaint-segments';
import { SEGMENT_COLUMNS, segmentColumns, segmentsOfRow } from '../satisfaction/satisfaction-tables';
import type { TableSpec } from '../satisfaction/sql-table';

/** One row per complaint: what the complaint KPIs and hotspot detection need. */
export interface ComplaintKpiFacts {
  id: string;
  received_at: string;
  customer_id: string;
  category: string | null;
  channel: string | null;
  customer_tier: string | null;
  department: string | null;
  agent: string | null;
  grade: string | null;
  root_cause_category: string | null;
  root_cause: string | null;
  /** What the complaint is about (a product code, a branch…): the "product" of hotspot detection. */
  object_reference: string;
  first_response_at: string | null;
  /** The current closure; null while open, and again after a reopen. */
  closed_at: string | null;
  ever_closed: boolean;
  reopen_count: number;
  escalated: boolean;
  reassigned: boolean;
  rejected_by_customer: boolean;
  withdrawn: boolean;
  /** The latest follow-up's answer to "satisfied with the result?" (REQ-34). */
  follow_up_satisfied: boolean | null;
  /** Compensation proposed in the current cycle, paid when the resolution is executed. */
  pending_compensation: { amount: number; currency: string } | null;
  /** Every executed monetary remedy, summed exactly (NUMERIC) by the queries. */
  redress: { amount: number; currency: string }[];
  last_position: number;
}

export const COMPLAINT_KPI_FACTS_SPEC: TableSpec<ComplaintKpiFacts> = {
  columns: [
    ['id', 'TEXT'],
    ['received_at', 'TIMESTAMPTZ'],
    ['customer_id', 'TEXT'],
    ...SEGMENT_COLUMNS,
    ['root_cause_category', 'TEXT'],
    ['root_cause', 'TEXT'],
    ['object_reference', 'TEXT'],
    ['first_response_at', 'TIMESTAMPTZ'],
    ['closed_at', 'TIMESTAMPTZ'],
    ['ever_closed', 'BOOLEAN'],
    ['reopen_count', 'INT'],
    ['escalated', 'BOOLEAN'],
    ['reassigned', 'BOOLEAN'],
    ['rejected_by_customer', 'BOOLEAN'],
    ['withdrawn', 'BOOLEAN'],
    ['follow_up_satisfied', 'BOOLEAN'],
    ['pending_compensation', 'JSONB'],
    ['redress', 'JSONB'],
    ['last_position', 'BIGINT'],
  ],
  key: ['id'],
};

/**
 * The instant of the first answer the customer got, whichever came first: the
 * acknowledgement (the first response of complaint guide §1.5, REQ-20; the
 * service guides' "first response time = acknowledgedAt − receivedAt"), or
 * any later message to the customer — a progress update, detailed feedback,
 * a holding or final response, the result, the feedback report, a follow-up.
 */
function customerContactAt(event: ComplaintEvent): string | null {
  switch (event.type) {
    case 'ComplaintAcknowledged':
      return event.data.acknowledgedAt;
    case 'ProgressUpdateSent':
    case 'DetailedFeedbackSent':
    case 'HoldingResponseSent':
    case 'FinalResponseSent':
    case 'FeedbackReportSent':
      return event.data.sentAt;
    case 'CustomerInformedOfResult':
      return event.data.informedAt;
    case 'FollowUpRecorded':
      return event.data.followedUpAt;
    default:
      return null;
  }
}

/** Folds one stored complaint event into the complaint's KPI facts; pure, so a rebuild reproduces every row. */
export function evolveComplaintKpiFacts(
  row: ComplaintKpiFacts | null,
  recorded: RecordedEvent,
): ComplaintKpiFacts | null {
  const event = upcastComplaintEvent(recorded);
  if (event.type === 'ComplaintReceived') {
    const d = event.data;
    return {
      id: d.complaintId,
      received_at: d.receivedAt,
      customer_id: d.customer.id,
      ...segmentColumns(evolveComplaintSegments(NO_SEGMENTS, event)),
      root_cause_category: null,
      root_cause: null,
      object_reference: d.object.reference,
      first_response_at: null,
      closed_at: null,
      ever_closed: false,
      reopen_count: 0,
      escalated: false,
      reassigned: false,
      rejected_by_customer: false,
      withdrawn: false,
      follow_up_satisfied: null,
      pending_compensation: null,
      redress: [],
      last_position: recorded.position,
    };
  }
  if (row === null) return null; // nothing before the receipt (cannot happen in a valid stream)
  const contactAt = customerContactAt(event);
  const next: ComplaintKpiFacts = {
    ...row,
    ...segmentColumns(evolveComplaintSegments(segmentsOfRow(row), event)),
    first_response_at: row.first_response_at ?? contactAt,
    last_position: recorded.position,
  };
  switch (event.type) {
    case 'ComplaintReassigned':
      return { ...next, reassigned: true };
    case 'ComplaintEscalated':
      return { ...next, escalated: true };
    case 'RootCauseIdentified':
      return { ...next, root_cause_category: event.data.category, root_cause: event.data.rootCause };
    case 'ResolutionProposed': {
      const compensation = event.data.compensation;
      const monetary = compensation?.amount !== undefined && compensation.currency !== undefined;
      return {
        ...next,
        pending_compensation: monetary ? { amount: compensation.amount!, currency: compensation.currency! } : null,
      };
    }
    case 'ResolutionExecuted':
      return {
        ...next,
        redress: row.pending_compensation ? [...row.redress, row.pending_compensation] : row.redress,
        pending_compensation: null,
      };
    case 'CustomerRejectedResolution':
      return { ...next, rejected_by_customer: true };
    case 'FollowUpRecorded':
      return { ...next, follow_up_satisfied: event.data.satisfied };
    case 'ComplaintClosed':
      return { ...next, closed_at: event.data.closedAt, ever_closed: true };
    case 'ComplaintReopened':
      return { ...next, closed_at: null, reopen_count: event.data.reopenCount };
    case 'ComplaintWithdrawn':
      return { ...next, withdrawn: true };
    default:
      return next;
  }
}
