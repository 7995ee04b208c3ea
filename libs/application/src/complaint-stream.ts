import { v5 as uuidv5 } from 'uuid';

/** Every complaint lives in its own stream; the prefix lets stores and subscribers filter Redress's streams. */
export const COMPLAINT_STREAM_PREFIX = 'complaint-';

export function complaintStreamId(complaintId: string): string {
  return `${COMPLAINT_STREAM_PREFIX}${complaintId}`;
}

/** Fixed namespace for Redress's name-based (v5) UUIDs. */
const REDRESS_NAMESPACE = '0b6b8f0e-5a8e-4d8c-9a55-5e2f3c1d7a10';

/**
 * Event ids derive from the command id, so a retried command produces the
 * very same ids and every store deduplicates it (KurrentDB natively, the SQL
 * stores through their unique event-id constraint).
 */
export function deterministicEventId(commandId: string, index: number): string {
  return uuidv5(`event:${commandId}:${index}`, REDRESS_NAMESPACE);
}

/** A stable id for a value chosen by a client, e.g. an Idempotency-Key scoped to its caller. */
export function deterministicId(kind: string, ...parts: string[]): string {
  return uuidv5(`${kind}:${parts.map((part) => encodeURIComponent(part)).join(':')}`, REDRESS_NAMESPACE);
}
