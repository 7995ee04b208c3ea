import { topicsForEvent, type TopicLayout } from '@redress/contracts';
import type { RecordedEvent } from '@redress/event-store';
import { CloudEventRecords, type CloudEventOptions, type KafkaRecord } from './cloud-event-message';
import type { OutgoingRecord, ProducerRequest, RecordProducer } from './record-producer';

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

/** A batch of events as the Kafka requests that carry it, in log order; empty when no event goes anywhere. */
export type PreparedBatch = readonly ProducerRequest[];

/**
 * Turns events into Kafka requests: each event a CloudEvent record on each of
 * its topics, as few requests as the size limit allows. Needs no connection,
 * so the next batch can be prepared while the previous one is being sent.
 */
export class CloudEventBatches {
  private readonly records: CloudEventRecords;

  constructor(
    options: CloudEventOptions,
    private readonly topicsFor: TopicSelector,
  ) {
    this.records = new CloudEventRecords(options);
  }

  prepare(events: readonly RecordedEvent[]): PreparedBatch {
    const requests: OutgoingRecord[][] = [];
    let request: OutgoingRecord[] = [];
    let bytes = 0;
    for (const event of events) {
      const topics = this.topicsFor(event.type);
      if (topics.length === 0) continue;
      const record = this.records.of(event);
      const size = recordBytes(record) * topics.length;
      if (bytes > 0 && bytes + size > MAX_REQUEST_BYTES) {
        requests.push(request);
        request = [];
        bytes = 0;
      }
      for (const topic of topics) {
        request.push({ topic, key: record.key, value: record.value, headers: record.headers });
      }
      bytes += size;
    }
    if (bytes > 0) requests.push(request);
    return requests;
  }
}

/**
 * Sends a prepared batch with acks=all: each request acknowledged before the
 * next is sent, so order per complaint holds across the requests of a batch.
 */
export async function sendPrepared(producer: RecordProducer, batch: PreparedBatch): Promise<void> {
  for (const request of batch) {
    await producer.send(request);
  }
}

/**
 * Sends events, in log order, as CloudEvents with acks=all, normally in one
 * request. A batch too large for one request goes as consecutive requests,
 * each acknowledged before the next, so order per complaint still holds.
 */
export class CloudEventSender {
  private readonly batches: CloudEventBatches;

  constructor(
    private readonly producer: RecordProducer,
    options: CloudEventOptions,
    topicsFor: TopicSelector,
  ) {
    this.batches = new CloudEventBatches(options, topicsFor);
  }

  send(events: readonly RecordedEvent[]): Promise<void> {
    return sendPrepared(this.producer, this.batches.prepare(events));
  }
}

function recordBytes(record: KafkaRecord): number {
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(record.key) + Buffer.byteLength(record.value);
  for (const name in record.headers) {
    bytes += HEADER_OVERHEAD_BYTES + name.length + Buffer.byteLength(record.headers[name]);
  }
  return bytes;
}
