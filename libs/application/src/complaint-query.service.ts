import { commandsAllowedIn, type ComplaintCommandType, type ComplaintState } from '@redress/domain';
import type { EventStore, RecordedEvent } from '@redress/event-store';
import { verifyChain, type ChainVerification } from './audit/hash-chain';
import { foldComplaintHistory } from './complaint-history';
import { complaintStreamId } from './complaint-stream';
import { ComplaintNotFoundError } from './errors';

export interface ComplaintView {
  id: string;
  revision: number;
  state: ComplaintState;
  allowedCommands: ComplaintCommandType[];
  /** When the state is historical: the instant or revision it was taken at. */
  asOf: string | null;
}

/** Which moment of the history to show: the latest, a revision, or what was recorded by an instant. */
export interface PointInHistory {
  atRevision?: number;
  asOf?: string;
}

export interface HistoryFilter {
  from?: string;
  to?: string;
  types?: string[];
}

/** There is no state at the requested moment (before the complaint was received, or past its last revision). */
export class NoStateAtPointError extends Error {
  readonly code = 'NO_STATE_AT_POINT';
  constructor(
    readonly complaintId: string,
    point: PointInHistory,
  ) {
    super(
      point.atRevision !== undefined
        ? `complaint ${complaintId} has no revision ${point.atRevision}`
        : `complaint ${complaintId} had not been received by ${point.asOf}`,
    );
    this.name = 'NoStateAtPointError';
  }
}

/**
 * Reads one complaint by folding its own stream: exact, and cheap for a
 * single complaint, so it also serves any past moment. Lists and searches
 * belong to projections instead.
 */
export class ComplaintQueryService {
  constructor(private readonly store: EventStore) {}

  async getComplaint(complaintId: string, point: PointInHistory = {}): Promise<ComplaintView> {
    const all = await this.history(complaintId);
    const events = all.filter(
      (e) =>
        (point.atRevision === undefined || e.revision <= point.atRevision) &&
        (point.asOf === undefined || Date.parse(e.recordedAt) <= Date.parse(point.asOf)),
    );
    if (events.length === 0 || (point.atRevision !== undefined && point.atRevision >= all.length)) {
      throw new NoStateAtPointError(complaintId, point);
    }
    const state = foldComplaintHistory(events);
    return {
      id: complaintId,
      revision: events[events.length - 1].revision,
      state,
      allowedCommands:
        point.atRevision === undefined && point.asOf === undefined ? commandsAllowedIn(state.status) : [],
      asOf: point.asOf ?? (point.atRevision !== undefined ? events[events.length - 1].recordedAt : null),
    };
  }

  /** Every stored event of the complaint, in order, with its metadata, optionally filtered. */
  async history(complaintId: string, filter: HistoryFilter = {}): Promise<RecordedEvent[]> {
    const history = await this.store.readStream(complaintStreamId(complaintId));
    if (history.length === 0) throw new ComplaintNotFoundError(complaintId);
    return history.filter(
      (e) =>
        (filter.from === undefined || Date.parse(e.recordedAt) >= Date.parse(filter.from)) &&
        (filter.to === undefined || Date.parse(e.recordedAt) < Date.parse(filter.to)) &&
        (filter.types === undefined || filter.types.includes(e.type)),
    );
  }

  /** Recomputes the complaint's hash chain from the stored events. */
  async verify(complaintId: string): Promise<ChainVerification> {
    return verifyChain(complaintStreamId(complaintId), await this.history(complaintId));
  }
}
