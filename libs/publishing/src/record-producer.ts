import type { Message, Producer, TopicMessages } from 'kafkajs';

/** One record on its way to Kafka: its topic, the complaint id as key, the CloudEvent as value and headers. */
export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Records that go to Kafka in one produce request, in log order. */
export type ProducerRequest = readonly OutgoingRecord[];

/**
 * The port every publication goes through. Whatever the client behind it,
 * a producer here is idempotent (KIP-98), sends with acks=all, places each
 * record by the Java client's murmur2 partitioner on its key, and never
 * creates topics by sending to them.
 */
export interface RecordProducer {
  /** Opens the producer's session with the cluster; a broker that cannot be reached rejects. */
  connect(): Promise<void>;
  /** Resolves once the broker has acknowledged every record of the request (acks=all); rejects otherwise. */
  send(request: ProducerRequest): Promise<void>;
  disconnect(): Promise<void>;
}

/** A `RecordProducer` over a kafkajs producer (see `createPublishingProducer` for its settings). */
export class KafkaJsRecordProducer implements RecordProducer {
  constructor(private readonly producer: Producer) {}

  connect(): Promise<void> {
    return this.producer.connect();
  }

  async send(request: ProducerRequest): Promise<void> {
    await this.producer.sendBatch({ topicMessages: byTopic(request), acks: -1 });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}

function byTopic(request: ProducerRequest): TopicMessages[] {
  const messages = new Map<string, Message[]>();
  for (const record of request) {
    // kafkajs reads a message's key, value and headers; the record's topic along with them is ignored.
    const list = messages.get(record.topic);
    if (list) list.push(record);
    else messages.set(record.topic, [record]);
  }
  return [...messages].map(([topic, list]) => ({ topic, messages: list }));
}
