import { complaintDecider, upcastComplaintEvent, type ComplaintState } from '@redress/domain';
import type { RecordedEvent } from '@redress/event-store';
import type { ClockState, PolicyReference } from '@redress/sla';
import { auditHistoryEntry, type AuditHistoryEntry } from './audit-history-entry';
import type { ChainVerification } from './hash-chain';

/** The SLA section of a pack: the policy the complaint is tracked under and every clock as of the pack's instant. */
export interface AuditPackSla {
  policy: PolicyReference;
  at: string;
  clocks: ClockState[];
}

/** Where the complaint stood right after one event: the fields an auditor follows through a case. */
export interface StateTimelineEntry {
  revision: number;
  recordedAt: string;
  occurredAt: string;
  event: string;
  status: ComplaintState['status'];
  category: ComplaintState['category'];
  grade: ComplaintState['grade'];
  priority: ComplaintState['priority'];
  isComplex: boolean;
  department: string | null;
  assignee: string | null;
  escalationLevel: ComplaintState['escalationLevel'];
  reopenCount: number;
}

/**
 * One complaint as a self-contained evidence pack (issue 8 §4): its history,
 * where it stood after every event, its SLA outcomes and whether its hash
 * chain holds, as of `generatedAt`. Serialisations (JSON, CSV, PDF) render
 * this one structure, so they cannot disagree.
 */
export interface AuditPack {
  format: 'redress.audit-pack';
  /** Of this structure; bumped on any incompatible change, like an event schema. */
  formatVersion: 1;
  generatedAt: string;
  complaint: {
    id: string;
    revision: number;
    status: ComplaintState['status'];
    receivedAt: string | null;
    channel: ComplaintState['channel'];
    customerId: string | null;
    /** The complaint in the customer's words, and the reason they gave. */
    content: string | null;
    reason: string | null;
    category: ComplaintState['category'];
    closedAt: string | null;
  };
  verification: ChainVerification;
  /** Null when the SLA read model has no row for the complaint (yet). */
  sla: AuditPackSla | null;
  timeline: StateTimelineEntry[];
  history: AuditHistoryEntry[];
}

export interface AuditPackSources {
  complaintId: string;
  /** The complaint's whole stream, in order. */
  events: readonly RecordedEvent[];
  verification: ChainVerification;
  sla: AuditPackSla | null;
  generatedAt: Date;
}

export function buildAuditPack(sources: AuditPackSources): AuditPack {
  const { complaintId, events, verification, sla, generatedAt } = sources;
  let state = complaintDecider.initialState;
  const timeline = events.map((recorded): StateTimelineEntry => {
    state = complaintDecider.evolve(state, upcastComplaintEvent(recorded));
    return {
      revision: recorded.revision,
      recordedAt: recorded.recordedAt,
      occurredAt: recorded.metadata.occurredAt,
      event: recorded.type,
      status: state.status,
      category: state.category,
      grade: state.grade,
      priority: state.priority,
      isComplex: state.isComplex,
      department: state.department,
      assignee: state.assignee,
      escalationLevel: state.escalationLevel,
      reopenCount: state.reopenCount,
    };
  });
  const last = events[events.length - 1];
  return {
    format: 'redress.audit-pack',
    formatVersion: 1,
    generatedAt: generatedAt.toISOString(),
    complaint: {
      id: complaintId,
      revision: last?.revision ?? -1,
      status: state.status,
      receivedAt: state.receivedAt,
      channel: state.channel,
      customerId: state.customer?.id ?? null,
      content: state.content,
      reason: state.reason,
      category: state.category,
      closedAt: state.closedAt,
    },
    verification,
    sla,
    timeline,
    history: events.map(auditHistoryEntry),
  };
}
