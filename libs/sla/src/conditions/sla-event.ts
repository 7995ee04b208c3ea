import { toEpochSeconds, type EpochSeconds } from '../time/instant';

/**
 * One event of a complaint's history as the SLA engine sees it: its type, its
 * payload and when it happened in the business (the event metadata's
 * `occurredAt`). Nothing else of the event store leaks in.
 */
export interface SlaEvent {
  type: string;
  data: unknown;
  occurredAt: string;
  metadata?: Record<string, unknown>;
}

/** Anything shaped like the event store's RecordedEvent. */
export interface RecordedEventLike {
  type: string;
  data: unknown;
  metadata: { occurredAt: string } & Record<string, unknown>;
}

/** Adapts a stream read from the event store (in revision order) to SLA events. */
export function toSlaEvents(events: readonly RecordedEventLike[]): SlaEvent[] {
  return events.map((event) => ({
    type: event.type,
    data: event.data,
    occurredAt: event.metadata.occurredAt,
    metadata: event.metadata,
  }));
}

/**
 * Reads a dotted path (`data.customer.tier`, `occurredAt`, `metadata.actor.role`)
 * from an event; undefined when any step is missing.
 */
export function readPath(event: SlaEvent, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The instant at a path when it holds an ISO-8601 date-time, else the event's occurredAt. */
export function instantAt(event: SlaEvent, path: string | undefined): EpochSeconds {
  const value = path ? readPath(event, path) : undefined;
  if (typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) {
    return toEpochSeconds(value);
  }
  return toEpochSeconds(event.occurredAt);
}
