import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

export interface ReadRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning with a throw-away consumer group until
 * `done(records)` holds, and returns every record read, in partition order.
 */
export async function readTopic(
  brokers: string[],
  topic: string,
  done: (records: ReadRecord[]) => boolean,
  timeoutMs = 30_000,
): Promise<ReadRecord[]> {
  const kafka = new Kafka({ clientId: 'topic-reader', brokers, logLevel: logLevel.NOTHING });
  const deadline = Date.now() + timeoutMs;
  await waitForTopic(kafka, topic, deadline);
  // Never creates the topic itself: that would race the publisher's creation with broker defaults.
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}`, allowAutoTopicCreation: false });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          topic,
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? '',
          value: message.value ? JSON.parse(message.value.toString()) : null,
          headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        });
      },
    });
    while (!done(records)) {
      if (Date.now() > deadline)
        throw new Error(`${topic}: condition not met within ${timeoutMs} ms (${records.length} records read)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return records;
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Waits until `topic` exists with a leader for every partition. A publisher
 * creates its topics in the background after it starts, so a reader may
 * arrive first; subscribing then fails with "This server does not host this
 * topic-partition".
 */
async function waitForTopic(kafka: Kafka, topic: string, deadline: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (;;) {
      if ((await admin.listTopics()).includes(topic)) {
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        if (topics[0]?.partitions.every((partition) => partition.leader >= 0)) return;
      }
      if (Date.now() > deadline) throw new Error(`${topic}: the topic did not appear with leaders in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/** The records of each key (complaint), in the order the partition delivered them. */
export function recordsByKey(records: ReadRecord[]): Map<string, ReadRecord[]> {
  const byKey = new Map<string, ReadRecord[]>();
  for (const record of [...records].sort((a, b) => a.partition - b.partition || a.offset - b.offset)) {
    byKey.set(record.key, [...(byKey.get(record.key) ?? []), record]);
  }
  return byKey;
}
