import type { Producer, ProducerBatch } from 'kafkajs';
import { KafkaJsRecordProducer, type OutgoingRecord } from '@redress/publishing';

function record(topic: string, id: string): OutgoingRecord {
  return { topic, key: `complaint-${id}`, value: `{"n":"${id}"}`, headers: { ce_id: id } };
}

describe('the kafkajs record producer', () => {
  it('sends a request as one acks=all batch, its records grouped by topic in their order', async () => {
    const batches: ProducerBatch[] = [];
    const kafkajs = { sendBatch: async (batch: ProducerBatch) => void batches.push(batch) } as unknown as Producer;
    await new KafkaJsRecordProducer(kafkajs).send([
      record('all', '1'),
      record('escalations', '2'),
      record('all', '2'),
      record('all', '3'),
    ]);
    expect(batches).toHaveLength(1);
    expect(batches[0].acks).toBe(-1);
    const sent = batches[0].topicMessages!.map(({ topic, messages }) => [
      topic,
      messages.map((m) => [m.key, m.value, m.headers?.ce_id]),
    ]);
    expect(sent).toEqual([
      [
        'all',
        [
          ['complaint-1', '{"n":"1"}', '1'],
          ['complaint-2', '{"n":"2"}', '2'],
          ['complaint-3', '{"n":"3"}', '3'],
        ],
      ],
      ['escalations', [['complaint-2', '{"n":"2"}', '2']]],
    ]);
  });

  it('rejects when kafkajs does, so the publisher retries the batch', async () => {
    const kafkajs = {
      sendBatch: async () => {
        throw new Error('broker not reachable');
      },
    } as unknown as Producer;
    await expect(new KafkaJsRecordProducer(kafkajs).send([record('all', '1')])).rejects.toThrow('broker not reachable');
  });
});
