import { partitionForKey, type KafkaEventPublisher } from '@redress/publishing';
import type { RecordedEvent } from '@redress/event-store';
import { eventfulLifecycleSteps, withdrawalSteps } from '../support/complaint-scenarios';
import { readTopic, recordsByKey, type ReadRecord } from '../support/kafka-topic-reader';
import { openKafkaPublicationFixture, waitUntil, type KafkaPublicationFixture } from './kafka-publication-fixture';

/**
 * Commands through the real command service → embedded event store →
 * publisher → Kafka → the reference CRM consumer.
 */
describe('publication to Kafka, end to end', () => {
  let k: KafkaPublicationFixture;
  let publisher: KafkaEventPublisher;
  let events: RecordedEvent[];
  let published: Promise<ReadRecord[]> | undefined;
  const allRecords = () =>
    (published ??= readTopic(k.brokers, k.config.topics.allEvents, (r) => r.length >= events.length));
  let alice: string[];
  let bob: string;

  beforeAll(async () => {
    k = await openKafkaPublicationFixture({ routes: { ComplaintEscalated: ['complaints.escalations.v1'] } });
    publisher = k.publisher();
    await publisher.start();
    // Two of Alice's complaints handled at the same time, so their events interleave in the log.
    alice = await Promise.all([
      k.complaint('ALICE', eventfulLifecycleSteps()),
      k.complaint('ALICE', eventfulLifecycleSteps()),
    ]);
    bob = await k.complaint('BOB', withdrawalSteps());
    await k.manyComplaints(12);
    events = await k.store.readAll({ maxCount: 10_000 });
    await publisher.waitForPosition(events[events.length - 1].position);
  });

  afterAll(() => k?.close());

  it('publishes every event once, as a CloudEvent keyed by complaint id on its murmur2 partition', async () => {
    const records = await allRecords();
    expect(records).toHaveLength(events.length);
    const byId = new Map(records.map((record) => [record.headers.ce_id, record]));
    for (const event of events) {
      const record = byId.get(event.eventId);
      const complaintId = event.streamId.replace('complaint-', '');
      expect(record).toMatchObject({
        key: complaintId,
        partition: partitionForKey(complaintId, 3),
        value: event.data,
        headers: {
          ce_id: event.eventId,
          ce_type: `com.redress.complaint.${event.type}.v${event.schemaVersion}`,
          ce_source: '/redress-test',
          ce_specversion: '1.0',
          ce_subject: complaintId,
          ce_time: event.metadata.occurredAt,
          'content-type': 'application/json',
          ce_dataschema: `http://localhost:3000/schemas/${event.type}/${event.schemaVersion}`,
          ce_correlationid: event.metadata.correlationId,
          ce_causationid: event.metadata.causationId,
          ce_actorid: 'agent-1',
          ce_actorrole: 'agent',
          ce_sequence: String(event.revision).padStart(16, '0'),
          ce_logposition: String(event.position),
          ce_partitionkey: complaintId,
        },
      });
    }
  });

  it("keeps each complaint's events in order", async () => {
    const records = await allRecords();
    for (const [key, ofComplaint] of recordsByKey(records)) {
      const revisions = ofComplaint.map((record) => Number(record.headers.ce_sequence));
      expect({ key, revisions }).toEqual({ key, revisions: revisions.map((_, i) => i) });
    }
  });

  it('also routes the configured types to their own topic', async () => {
    const escalations = events.filter((event) => event.type === 'ComplaintEscalated');
    const topic = k.config.topics.routes.ComplaintEscalated[0];
    const records = await readTopic(k.brokers, topic, (r) => r.length >= escalations.length);
    expect(records.map((r) => r.headers.ce_id).sort()).toEqual(escalations.map((e) => e.eventId).sort());
  });

  it("builds the reference consumer's customer view", async () => {
    const view = await k.crmConsumer();
    await waitUntil(async () => (await view.processedEvents()) === events.length, 30_000, 'consumer caught up');
    const aliceView = await view.customer('ALICE');
    expect(aliceView).toMatchObject({
      customerId: 'ALICE',
      openComplaints: 0,
      reopens: 2,
      totalCompensation: { CNY: 160 },
    });
    expect(aliceView?.complaints.map((c) => [c.complaintId, c.status]).sort()).toEqual(
      alice.map((id) => [id, 'ARCHIVED']).sort(),
    );
    expect(await view.customer('BOB')).toMatchObject({
      openComplaints: 0,
      complaints: [{ complaintId: bob, status: 'WITHDRAWN', reopenCount: 0 }],
    });
  });

  it('checkpoints in the projection catalog and reports itself healthy and caught up', async () => {
    const [checkpoint] = await k.catalog.generations('kafka-publisher');
    expect(checkpoint.position).toBe(events[events.length - 1].position);
    expect(await publisher.health()).toMatchObject({
      healthy: true,
      reason: null,
      state: 'running',
      lastError: null,
      position: checkpoint.position,
      lagEvents: 0,
    });
  });
});
