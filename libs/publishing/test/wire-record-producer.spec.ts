import { randomUUID } from 'node:crypto';
import {
  createKafkaClient,
  ensureTopics,
  nextSequence,
  partitionForKey,
  WireRecordProducer,
} from '@redress/publishing';
import type { OutgoingRecord } from '@redress/publishing';
import { Kafka, logLevel } from 'kafkajs';
import { ensureLocalKafka } from '../../../test/support/local-kafka';
import { readTopic } from '../../../test/support/kafka-topic-reader';

const PARTITIONS = 3;

function record(topic: string, complaint: string, n: number): OutgoingRecord {
  return {
    topic,
    key: complaint,
    value: JSON.stringify({ complaint, n, note: 'ü€' }),
    headers: {
      ce_id: `${complaint}-${n}`,
      ce_type: 'com.redress.test.v1',
      traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
    },
  };
}

describe('the wire record producer', () => {
  let brokers: string[];
  const topics = [`wire-producer-${randomUUID()}`, `wire-producer-${randomUUID()}`];

  beforeAll(async () => {
    brokers = await ensureLocalKafka();
    const kafka = createKafkaClient({ brokers, clientId: 'wire-producer-test' });
    await ensureTopics(kafka, topics, { partitions: PARTITIONS, replicationFactor: 1 });
  });

  afterAll(async () => {
    const admin = new Kafka({ clientId: 'wire-producer-test', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  });

  it('publishes each record with its key, value and headers, on its murmur2 partition, in order', async () => {
    const complaints = Array.from({ length: 12 }, () => randomUUID());
    const sent = complaints.flatMap((c) => [record(topics[0], c, 1), record(topics[1], c, 1), record(topics[0], c, 2)]);
    const producer = new WireRecordProducer({ brokers, clientId: 'wire-producer-test' });
    await producer.connect();
    try {
      await producer.send(sent.slice(0, 20));
      await producer.send(sent.slice(20));
    } finally {
      await producer.disconnect();
    }

    for (const topic of topics) {
      const expected = sent.filter((r) => r.topic === topic);
      const read = await readTopic(brokers, topic, (r) => r.length >= expected.length);
      expect(read).toHaveLength(expected.length);
      for (const r of read) {
        const original = expected.find((e) => e.headers.ce_id === r.headers.ce_id) as OutgoingRecord;
        expect([r.key, JSON.stringify(r.value), r.headers]).toEqual([original.key, original.value, original.headers]);
        expect(r.partition).toBe(partitionForKey(original.key, PARTITIONS));
      }
      for (const complaint of complaints) {
        const ofComplaint = read.filter((r) => r.key === complaint).map((r) => r.headers.ce_id);
        expect(ofComplaint).toEqual(expected.filter((e) => e.key === complaint).map((e) => e.headers.ce_id));
      }
    }
  });

  it('does not duplicate a request re-sent because its acknowledgement was lost (idempotent producer)', async () => {
    const topic = topics[0];
    const complaint = randomUUID();
    const request = [record(topic, complaint, 1), record(topic, complaint, 2)];
    const producer = new WireRecordProducer({ brokers, clientId: 'wire-producer-test' });
    await producer.connect();
    try {
      await producer.send(request);
      // As if the acknowledgement never arrived: the partition's sequence did not move on.
      const sequences = (producer as unknown as { sequences: Map<string, number> }).sequences;
      const key = `${topic}\0${partitionForKey(complaint, PARTITIONS)}`;
      sequences.set(key, (sequences.get(key) as number) - request.length);
      await producer.send(request);
      await producer.send([record(topic, complaint, 3)]);
    } finally {
      await producer.disconnect();
    }
    // Read up to the record sent after the re-send: a duplicate would come before it, on the same partition.
    const last = `${complaint}-3`;
    const read = await readTopic(brokers, topic, (r) => r.some((x) => x.headers.ce_id === last));
    expect(read.filter((r) => r.key === complaint).map((r) => r.headers.ce_id)).toEqual(
      [1, 2, 3].map((n) => `${complaint}-${n}`),
    );
  });

  it('refuses to send to a topic that does not exist rather than creating it', async () => {
    const producer = new WireRecordProducer({ brokers, clientId: 'wire-producer-test' });
    await producer.connect();
    try {
      await expect(producer.send([record(`missing-${randomUUID()}`, randomUUID(), 1)])).rejects.toThrow(
        /error code 3 \(UNKNOWN_TOPIC_OR_PARTITION\)/,
      );
    } finally {
      await producer.disconnect();
    }
  });

  it('rejects connecting when no broker is reachable, so the publisher retries', async () => {
    const producer = new WireRecordProducer({ brokers: ['127.0.0.1:1'], clientId: 'wire-producer-test' });
    await expect(producer.connect()).rejects.toThrow(/no Kafka broker reachable/);
  });

  it('wraps sequence numbers as the Java client does', () => {
    expect(nextSequence(5, 3)).toBe(8);
    expect(nextSequence(0x7fffffff - 1, 1)).toBe(0x7fffffff);
    expect(nextSequence(0x7fffffff, 1)).toBe(0);
    expect(nextSequence(0x7fffffff - 1, 5)).toBe(3);
  });
});
