import {
  complaintDecider,
  foldEvents,
  upcastComplaintEvent,
  type ComplaintEvent,
  type ComplaintState,
} from '@redress/domain';
import type { RecordedEvent } from '@redress/event-store';

/** The domain event inside a stored envelope, lifted to the current schema version. */
export function toDomainEvent(recorded: RecordedEvent): ComplaintEvent {
  return upcastComplaintEvent(recorded);
}

/** Folds a complaint's stored events into its state. */
export function foldComplaintHistory(recorded: readonly RecordedEvent[]): ComplaintState {
  return foldEvents(complaintDecider, recorded.map(toDomainEvent));
}
