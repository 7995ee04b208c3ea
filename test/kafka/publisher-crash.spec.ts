import type { RecordedEvent } from '@redress/event-store';
import { readTopic } from '../support/kafka-topic-reader';
import { openKafkaPublicationFixture, waitUntil, type KafkaPublicationFixture } from './kafka-publication-fixture';
import {
  customerViews,
  customerViewsFromLog,
  expectAllPublished,
  expectIdenticalCopies,
  expectOrderedPerComplaint,
  publicationCounts,
} from './publication-assertions';

describe('a publisher that dies after Kafka acknowledged a batch but before it stored the checkpoint', () => {
  let k: KafkaPublicationFixture;

  afterAll(() => k?.close());

  it('restarts without losing anything; only that batch is published twice, recognisably by ce_id', async () => {
    k = await openKafkaPublicationFixture({ batchSize: 20 });
    let batches = 0;
    let crashedBatch: RecordedEvent[] = [];
    let dead: Promise<void> | undefined;
    const first = k.publisher({
      onAcknowledged: (events) => {
        if (++batches < 3) return;
        // The process "dies" here: Kafka has the batch, the checkpoint will never hear of it.
        crashedBatch = [...events];
        dead = first.stop();
        throw new Error('simulated crash between the Kafka ack and the checkpoint');
      },
    });
    await first.start();
    const writing = k.manyComplaints(15); // the log keeps growing through the crash and the restart
    await waitUntil(() => dead !== undefined, 60_000, 'the crash');
    await dead;

    const [checkpoint] = await k.catalog.generations('kafka-publisher');
    expect(checkpoint.position).toBe(crashedBatch[0].position - 1);

    const second = k.publisher();
    await second.start();
    await writing;
    const events = await k.store.readAll({ maxCount: 10_000 });
    await second.waitForPosition(events[events.length - 1].position, 60_000);

    const records = await readTopic(
      k.brokers,
      k.config.topics.allEvents,
      (r) => publicationCounts(r).size >= events.length && r.length >= events.length + crashedBatch.length,
    );
    const duplicated = expectAllPublished(records, events);
    expect(duplicated.sort()).toEqual(crashedBatch.map((e) => e.eventId).sort());
    expect(records).toHaveLength(events.length + crashedBatch.length);
    expectIdenticalCopies(records, duplicated);
    expectOrderedPerComplaint(records);

    // The reference consumer ignores the second copies: its view is the one the log itself gives.
    const view = await k.crmConsumer();
    await waitUntil(async () => (await view.processedEvents()) === events.length, 30_000, 'consumer caught up');
    await new Promise((resolve) => setTimeout(resolve, 500)); // let any late copy arrive
    expect(await view.processedEvents()).toBe(events.length);
    expect(await customerViews(view)).toEqual(await customerViewsFromLog(events));
  });
});
