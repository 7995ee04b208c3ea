import type { PublisherHealth } from '@redress/publishing';
import { readTopic } from '../support/kafka-topic-reader';
import { localKafka } from '../support/local-kafka';
import { openKafkaPublicationFixture, waitUntil, type KafkaPublicationFixture } from './kafka-publication-fixture';
import {
  expectAllPublished,
  expectIdenticalCopies,
  expectOrderedPerComplaint,
  publicationCounts,
} from './publication-assertions';

/**
 * Restarts the local broker (scripts/kafka/local-kafka.sh) while complaints
 * are being handled: other specs that use Kafka at the same moment would see
 * the outage too, which is why Jest runs this machine's specs one at a time.
 */
describe('a broker restart in the middle of publishing', () => {
  let k: KafkaPublicationFixture;

  afterAll(async () => {
    await localKafka('start'); // whatever happened, leave a broker for the next spec
    await k?.close();
  });

  it('is ridden out by the publisher on its own: reported unhealthy, then resumed in order with nothing lost', async () => {
    k = await openKafkaPublicationFixture({ batchSize: 20 });
    const publisher = k.publisher();
    await publisher.start();

    let restarting = true;
    const writing = (async () => {
      while (restarting) await k.manyComplaints(3);
      await k.manyComplaints(3); // and some more once the broker is back
    })();
    const observed: PublisherHealth[] = [];
    const watching = (async () => {
      while (restarting) {
        observed.push(await publisher.health());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    await waitUntil(async () => (await publisher.health()).position > 50, 30_000, 'publishing under way');
    await localKafka('restart');
    restarting = false;
    await Promise.all([writing, watching]);

    const events = await k.store.readAll({ maxCount: 100_000 });
    await publisher.waitForPosition(events[events.length - 1].position, 120_000);
    const unhealthy = observed.filter((health) => !health.healthy);
    expect(unhealthy.length).toBeGreaterThan(0);
    // Every unhealthy report says why, whether or not an attempt has failed yet.
    expect(unhealthy.every((health) => typeof health.reason === 'string' && health.reason.length > 0)).toBe(true);
    expect(await publisher.health()).toMatchObject({ healthy: true, state: 'running', lagEvents: 0 });

    const records = await readTopic(
      k.brokers,
      k.config.topics.allEvents,
      (r) => publicationCounts(r).size >= events.length,
    );
    const duplicated = expectAllPublished(records, events);
    expectIdenticalCopies(records, duplicated);
    expectOrderedPerComplaint(records);
  }, 240_000);
});
