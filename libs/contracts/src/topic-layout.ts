import { COMPLAINT_EVENTS_TOPIC } from './cloud-event-contract';

/**
 * Which topics exist and which events go where. Every event goes to the
 * all-events topic; the routing table adds per-concern topics for the types
 * some consumers want alone (e.g. a future `SlaBreached` →
 * `complaints.sla-breaches.v1`), with the same key, headers and order.
 */
export interface TopicLayout {
  allEvents: string;
  /** Event type → extra topics that also carry it. */
  routes: Readonly<Record<string, readonly string[]>>;
  /** Fixed at creation: adding partitions later would move keys, and with them per-complaint order. */
  partitions: number;
  replicationFactor: number;
}

export const DEFAULT_TOPIC_LAYOUT: TopicLayout = {
  allEvents: COMPLAINT_EVENTS_TOPIC,
  routes: {},
  partitions: 3,
  replicationFactor: 1,
};

export function topicsForEvent(layout: TopicLayout, eventType: string): string[] {
  return [layout.allEvents, ...(layout.routes[eventType] ?? [])];
}

/** Every topic of the layout, each once: what the publisher creates at start. */
export function allTopics(layout: TopicLayout): string[] {
  return [...new Set([layout.allEvents, ...Object.values(layout.routes).flat()])];
}
