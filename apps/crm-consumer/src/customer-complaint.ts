import type { PublishedEvent } from './published-event';

export interface Compensation {
  kind: string;
  amount?: number;
  currency?: string;
}

/** One complaint as the CRM sees it: whose it is, where it stands, what it cost. */
export interface CustomerComplaint {
  complaintId: string;
  customerId: string;
  status: string;
  lastEventType: string;
  /** ce_sequence of the last event applied. */
  sequence: number;
  reopenCount: number;
  /** Of the latest proposed resolution; granted once that resolution is carried out. */
  proposedCompensation: Compensation | null;
  /** One entry per resolution actually carried out. */
  grantedCompensation: Compensation[];
  receivedAt: string;
  updatedAt: string;
}

/** A payload version this consumer was not written for: stop, rather than guess and store wrong data. */
export class UnsupportedEventVersionError extends Error {
  override name = 'UnsupportedEventVersionError';
}

/**
 * The event types whose payload this consumer reads, at the version it reads.
 * A new version of one of these stops the consumer until it is updated; for
 * every other type only the type matters, so any version (and any type
 * published in the future) is accepted.
 */
const PAYLOAD_VERSIONS: Record<string, readonly number[]> = {
  // v2 adds the customer's sealed personal data, which this consumer leaves alone: it reads both alike.
  ComplaintReceived: [1, 2],
  ResolutionProposed: [1],
  ComplaintReopened: [1],
};

const CLOSED_STATUSES = new Set(['CLOSED', 'WITHDRAWN', 'ARCHIVED']);

export const isOpen = (complaint: CustomerComplaint) => !CLOSED_STATUSES.has(complaint.status);

type Transition = (status: string) => string;
const from =
  (before: string, after: string): Transition =>
  (status) =>
    status === before ? after : status;
const to =
  (after: string): Transition =>
  () =>
    after;

/** How each event type moves the status, mirroring the published lifecycle; types not listed leave it. */
const STATUS_TRANSITIONS: Record<string, Transition> = {
  ComplaintClassified: from('RECEIVED', 'CLASSIFIED'),
  ComplaintTriaged: from('CLASSIFIED', 'TRIAGED'),
  ComplaintAssigned: from('TRIAGED', 'ASSIGNED'),
  ComplaintReassigned: from('TRIAGED', 'ASSIGNED'),
  RootCauseIdentified: to('ROOT_CAUSE_IDENTIFIED'),
  ResolutionProposed: to('RESOLUTION_PROPOSED'),
  ResolutionExecuted: to('RESOLUTION_EXECUTED'),
  CustomerInformedOfResult: to('CUSTOMER_INFORMED'),
  CustomerConfirmedResolution: to('CUSTOMER_CONFIRMED'),
  ComplaintReopened: to('REOPENED'),
  ComplaintClosed: to('CLOSED'),
  ComplaintWithdrawn: to('WITHDRAWN'),
  ComplaintArchived: to('ARCHIVED'),
};

/**
 * Folds one event into its complaint's row (undefined before the complaint is
 * known). Events arrive in order per complaint — the key is the complaint id —
 * so the receipt always comes first.
 */
export function applyPublishedEvent(
  row: CustomerComplaint | undefined,
  event: PublishedEvent,
): CustomerComplaint | undefined {
  const expected = PAYLOAD_VERSIONS[event.eventType];
  if (expected !== undefined && !expected.includes(event.schemaVersion)) {
    throw new UnsupportedEventVersionError(
      `${event.eventType} v${event.schemaVersion} (this consumer reads v${expected.join(', v')})`,
    );
  }
  if (event.eventType === 'ComplaintReceived') return received(event);
  if (!row) return undefined; // a complaint received before this consumer's retention window: nothing to attach to
  const next: CustomerComplaint = {
    ...row,
    status: (STATUS_TRANSITIONS[event.eventType] ?? ((s: string) => s))(row.status),
    lastEventType: event.eventType,
    sequence: event.sequence,
    updatedAt: event.time,
  };
  switch (event.eventType) {
    case 'ResolutionProposed':
      return { ...next, proposedCompensation: (event.data.compensation as Compensation | null) ?? null };
    case 'ResolutionExecuted':
      return row.proposedCompensation
        ? { ...next, grantedCompensation: [...row.grantedCompensation, row.proposedCompensation] }
        : next;
    case 'ComplaintReopened':
      return { ...next, reopenCount: Number(event.data.reopenCount) };
    default:
      return next;
  }
}

function received(event: PublishedEvent): CustomerComplaint {
  const customer = event.data.customer as { id: string };
  return {
    complaintId: event.complaintId,
    customerId: customer.id,
    status: 'RECEIVED',
    lastEventType: event.eventType,
    sequence: event.sequence,
    reopenCount: 0,
    proposedCompensation: null,
    grantedCompensation: [],
    receivedAt: String(event.data.receivedAt),
    updatedAt: event.time,
  };
}
