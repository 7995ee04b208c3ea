import type { RecordedEvent } from '@redress/event-store';
import { upcastComplaintEvent } from '@redress/domain';
import { describeComplaintEvent } from './event-descriptions';

/** One event of a complaint's history as auditors read it: who, when, why, in which correlation, and what changed. */
export interface AuditHistoryEntry {
  revision: number;
  position: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  description: string;
  occurredAt: string;
  recordedAt: string;
  actor: RecordedEvent['metadata']['actor'];
  commandId: string;
  correlationId: string;
  causationId: string;
  /** The rest of the metadata (hash-chain link, channel, trace context…), as stored. */
  metadata: Record<string, unknown>;
  data: unknown;
}

export function auditHistoryEntry(event: RecordedEvent): AuditHistoryEntry {
  const { commandId, correlationId, causationId, actor, occurredAt, ...rest } = event.metadata;
  return {
    revision: event.revision,
    position: event.position,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    description: describeComplaintEvent(upcastComplaintEvent(event)),
    occurredAt,
    recordedAt: event.recordedAt,
    actor,
    commandId,
    correlationId,
    causationId,
    metadata: rest,
    data: event.data,
  };
}
