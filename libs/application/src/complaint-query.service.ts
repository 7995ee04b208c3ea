import { commandsAllowedIn, type ComplaintCommandType, type ComplaintState } from '@redress/domain';
import type { EventStore, RecordedEvent } from '@redress/event-store';
import { foldComplaintHistory } from './complaint-history';
import { complaintStreamId } from './complaint-stream';
import { ComplaintNotFoundError } from './errors';

export interface ComplaintView {
  id: string;
  revision: number;
  state: ComplaintState;
  allowedCommands: ComplaintCommandType[];
}

/**
 * Reads one complaint by folding its own stream: exact, and cheap for a
 * single complaint. Lists and searches belong to projections instead.
 */
export class ComplaintQueryService {
  constructor(private readonly store: EventStore) {}

  async getComplaint(complaintId: string): Promise<ComplaintView> {
    const history = await this.history(complaintId);
    const state = foldComplaintHistory(history);
    return {
      id: complaintId,
      revision: history[history.length - 1].revision,
      state,
      allowedCommands: commandsAllowedIn(state.status),
    };
  }

  /** Every stored event of the complaint, in order, with its metadata. */
  async history(complaintId: string): Promise<RecordedEvent[]> {
    const history = await this.store.readStream(complaintStreamId(complaintId));
    if (history.length === 0) throw new ComplaintNotFoundError(complaintId);
    return history;
  }
}
