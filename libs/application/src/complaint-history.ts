import { complaintDecider, foldEvents, upcastComplaintEvent, type ComplaintState } from '@redress/domain';
import type { RecordedEvent } from '@redress/event-store';

/** Folds a complaint's stored events into its state. */
export function foldComplaintHistory(recorded: readonly RecordedEvent[]): ComplaintState {
  return foldEvents(complaintDecider, recorded.map(upcastComplaintEvent));
}
