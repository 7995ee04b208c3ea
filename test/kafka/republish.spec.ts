import { createKafkaClient, republishHistory, type RepublishProgress } from '@redress/publishing';
import type { RecordedEvent } from '@redress/event-store';
import { readTopic, type ReadRecord } from '../support/kafka-topic-reader';
import { openKafkaPublicationFixture, type KafkaPublicationFixture } from './kafka-publication-fixture';

describe('re-publishing history (backfill)', () => {
  let k: KafkaPublicationFixture;
  let events: RecordedEvent[];
  let live: ReadRecord[];

  beforeAll(async () => {
    k = await openKafkaPublicationFixture({ routes: { ComplaintEscalated: ['complaints.escalations.v1'] } });
    const publisher = k.publisher();
    await publisher.start();
    await k.manyComplaints(6);
    events = await k.store.readAll({ maxCount: 10_000 });
    await publisher.waitForPosition(events[events.length - 1].position);
    await publisher.stop();
    live = await readTopic(k.brokers, k.config.topics.allEvents, (r) => r.length >= events.length);
  });

  afterAll(() => k?.close());

  const backfill = async (topic: string, from: Parameters<typeof republishHistory>[3]['from']) => {
    const kafka = createKafkaClient({ brokers: k.brokers, clientId: 'backfill-test', log: () => undefined });
    const progress: RepublishProgress[] = [];
    const result = await republishHistory(k.store, kafka, k.config, {
      from,
      topic,
      layout: k.config.topics,
      batchSize: 25,
      onProgress: (p) => progress.push({ ...p }),
    });
    return { result, progress };
  };

  it('re-sends a range, from a position, as the very records the live publisher sent, without moving its checkpoint', async () => {
    const topic = `${k.config.topics.allEvents}.backfill-a`;
    const from = events[40].position;
    const { result, progress } = await backfill(topic, { afterPosition: from - 1 });
    const expected = events.filter((e) => e.position >= from);
    expect(result).toMatchObject({
      firstPosition: from,
      position: events[events.length - 1].position,
      published: expected.length,
    });
    expect(progress.length).toBeGreaterThan(2);

    const copies = await readTopic(k.brokers, topic, (r) => r.length >= expected.length);
    expect(copies.map((r) => r.headers.ce_id).sort()).toEqual(expected.map((e) => e.eventId).sort());
    const original = new Map(live.map((r) => [r.headers.ce_id, r]));
    for (const copy of copies) {
      const { key, value, headers, partition } = original.get(copy.headers.ce_id) as ReadRecord;
      expect(copy).toMatchObject({ key, value, headers, partition });
    }
    const [checkpoint] = await k.catalog.generations('kafka-publisher');
    expect(checkpoint.position).toBe(events[events.length - 1].position);
  });

  it('starts from the first event recorded at or after a time', async () => {
    const topic = `${k.config.topics.allEvents}.backfill-b`;
    const since = new Date(events[100].recordedAt);
    const first = events.find((e) => Date.parse(e.recordedAt) >= since.getTime()) as RecordedEvent;
    const { result } = await backfill(topic, { recordedSince: since });
    expect(result.firstPosition).toBe(first.position);
  });

  it('sends to a routed topic only the types routed to it', async () => {
    const topic = k.config.topics.routes.ComplaintEscalated[0];
    const escalations = events.filter((e) => e.type === 'ComplaintEscalated');
    await backfill(topic, { afterPosition: 0 });
    // The live publisher already sent each once; the backfill sends each again, and nothing else.
    const records = await readTopic(k.brokers, topic, (r) => r.length >= 2 * escalations.length);
    expect(records).toHaveLength(2 * escalations.length);
    expect(new Set(records.map((r) => r.headers.ce_type))).toEqual(
      new Set(['com.redress.complaint.ComplaintEscalated.v1']),
    );
  });
});
