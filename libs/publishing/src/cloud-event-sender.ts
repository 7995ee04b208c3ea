import { topicsForEvent, type TopicLayout } from '@redress/contracts';
import type { RecordedEvent } from '@redress/event-store';
import type { Message, Producer, TopicMessages } from 'kafkajs';
import { toCloudEventRecord, type CloudEventOptions, type KafkaRecord } from './cloud-event-message';

/**
 * Stays under the broker's default `message.max.bytes` (1 MiB per partition
 * batch) even when every event of a request lands on one partition.
 */
const MAX_REQUEST_BYTES = 800 * 1024;
/** Per-record framing plus per-header framing, generously rounded. */
const RECORD_OVERHEAD_BYTES = 32;
const HEADER_OVERHEAD_BYTES = 4;

/** Which topics an event goes to: the layout's routing, or one fixed topic for a backfill. */
export type TopicSelector = (eventType: string) => readonly string[];

export const routedBy =
  (layout: TopicLayout): TopicSelector =>
  (eventType) =>
    topicsForEvent(layout, eventType);

/**
 * Sends events, in log order, as CloudEvents with acks=all, normally in one
 * request. A batch too large for one request goes as consecutive requests,
 * each acknowledged before the next, so order per complaint still holds.
 */
export class CloudEventSender {
  constructor(
    private readonly producer: Producer,
    private readonly options: CloudEventOptions,
    private readonly topicsFor: TopicSelector,
  ) {}

  async send(events: readonly RecordedEvent[]): Promise<void> {
    for (const request of this.requests(events)) {
      await this.producer.sendBatch({ topicMessages: request, acks: -1 });
    }
  }

  private *requests(events: readonly RecordedEvent[]): Generator<TopicMessages[]> {
    let byTopic = new Map<string, Message[]>();
    let bytes = 0;
    for (const event of events) {
      const topics = this.topicsFor(event.type);
      if (topics.length === 0) continue;
      const record = toCloudEventRecord(event, this.options);
      const size = recordBytes(record) * topics.length;
      if (bytes > 0 && bytes + size > MAX_REQUEST_BYTES) {
        yield toTopicMessages(byTopic);
        byTopic = new Map();
        bytes = 0;
      }
      for (const topic of topics) {
        const messages = byTopic.get(topic) ?? [];
        messages.push(record);
        byTopic.set(topic, messages);
      }
      bytes += size;
    }
    if (bytes > 0) yield toTopicMessages(byTopic);
  }
}

function toTopicMessages(byTopic: Map<string, Message[]>): TopicMessages[] {
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function recordBytes(record: KafkaRecord): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(record.key) + Buffer.byteLength(record.value);
  for (const [name, value] of Object.entries(record.headers)) {
    bytes += HEADER_OVERHEAD_BYTES + name.length + Buffer.byteLength(value);
  }
  return bytes;
}
