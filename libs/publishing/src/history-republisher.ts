import { allTopics, type TopicLayout } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import type { Kafka } from 'kafkajs';
import { CloudEventSender, type TopicSelector } from './cloud-event-sender';
import type { CloudEventOptions } from './cloud-event-message';
import { createPublishingProducer } from './kafka-client';
import { KafkaJsRecordProducer } from './record-producer';
import { ensureTopics } from './topic-provisioner';

/** Where a backfill starts: a global log position (exclusive), or the first event recorded at or after a time. */
export type RepublishFrom = { afterPosition: number } | { recordedSince: Date };

export interface RepublishRequest {
  from: RepublishFrom;
  /** The target topic; created (with the layout's settings) when missing. */
  topic: string;
  layout: TopicLayout;
  /** Events per request. */
  batchSize?: number;
  onProgress?: (progress: RepublishProgress) => void;
}

export interface RepublishProgress {
  /** First position of the range (inclusive) and the head when the backfill started (inclusive). */
  firstPosition: number;
  lastPosition: number;
  position: number;
  published: number;
}

/**
 * Re-sends a range of history to Kafka, for a new consumer or a repaired
 * topic. The records are exactly those the live publisher sent (same `ce_id`,
 * key and headers), so consumers that deduplicate are unaffected, and the
 * live publisher's checkpoint is neither read nor moved. The range ends at
 * the head as it was when the backfill began; what comes later is the live
 * publisher's.
 */
export async function republishHistory(
  store: EventStore,
  kafka: Kafka,
  cloudEvents: CloudEventOptions,
  request: RepublishRequest,
): Promise<RepublishProgress> {
  const batchSize = request.batchSize ?? 1000;
  const after = await startPosition(store, request.from, batchSize);
  const progress: RepublishProgress = {
    firstPosition: after + 1,
    lastPosition: await store.headPosition(),
    position: after,
    published: 0,
  };
  request.onProgress?.(progress);
  await ensureTopics(kafka, [request.topic], request.layout);
  const producer = new KafkaJsRecordProducer(createPublishingProducer(kafka));
  await producer.connect();
  try {
    const sender = new CloudEventSender(producer, cloudEvents, backfillSelector(request.layout, request.topic));
    while (progress.position < progress.lastPosition) {
      const page = await store.readAll({ after: progress.position, maxCount: batchSize });
      const events = page.filter((event) => event.position <= progress.lastPosition);
      if (events.length === 0) break;
      await sender.send(events);
      progress.position = events[events.length - 1].position;
      progress.published += events.length;
      request.onProgress?.(progress);
    }
  } finally {
    await producer.disconnect();
  }
  return progress;
}

/**
 * What a backfill sends to `topic`: everything when it is the all-events topic
 * or a topic outside the layout (e.g. a fresh one for a new consumer), and
 * only the types routed to it when it is a routed topic.
 */
export function backfillSelector(layout: TopicLayout, topic: string): TopicSelector {
  const routed = topic !== layout.allEvents && allTopics(layout).includes(topic);
  return (eventType) => (!routed || (layout.routes[eventType] ?? []).includes(topic) ? [topic] : []);
}

/** The exclusive start position; for a time, the position before the first event recorded at or after it. */
async function startPosition(store: EventStore, from: RepublishFrom, pageSize: number): Promise<number> {
  if ('afterPosition' in from) return from.afterPosition;
  const since = from.recordedSince.getTime();
  // Scans forward to the first event stamped at or after `since` and starts there: nothing stamped at or after
  // `since` is missed, and the few later events stamped slightly earlier (stamps are taken when the
  // transaction starts) are simply included.
  for (let after = 0; ;) {
    const page = await store.readAll({ after, maxCount: pageSize });
    if (page.length === 0) return after;
    const first = page.find((event) => Date.parse(event.recordedAt) >= since);
    if (first) return first.position - 1;
    after = page[page.length - 1].position;
  }
}
