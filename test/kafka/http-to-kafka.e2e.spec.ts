import { randomBytes } from 'node:crypto';
import { loadPublisherConfig } from '@redress/publishing';
import { ApiHarness } from '../support/api-harness';
import { lifecycleSteps, receiveBody } from '../support/complaint-requests';
import { ensureLocalKafka } from '../support/local-kafka';
import { readTopic, recordsByKey } from '../support/kafka-topic-reader';

/** The whole path a downstream consumer depends on: HTTP command → event store → in-process publisher → Kafka. */
describe('HTTP to Kafka', () => {
  const topic = `complaints.events.e2e-${randomBytes(4).toString('hex')}`;
  let brokers: string[];
  let api: ApiHarness;

  beforeAll(async () => {
    brokers = await ensureLocalKafka();
    const publisher = loadPublisherConfig({ KAFKA_BROKERS: brokers.join(','), KAFKA_CLIENT_ID: 'e2e-publisher' });
    api = await ApiHarness.start(undefined, {
      publishing: { inProcess: true, publisher: { ...publisher, topics: { ...publisher.topics, allEvents: topic } } },
    });
  }, 180_000);
  afterAll(async () => {
    await api?.dispose();
  });

  it('publishes every event of a complaint, keyed by its id, in order, as CloudEvents', async () => {
    const id = (await api.post('/complaints', receiveBody(), { 'x-correlation-id': 'corr-kafka' })).body.id;
    for (const [command, body] of lifecycleSteps().slice(0, 4)) await api.post(`/complaints/${id}/${command}`, body);
    const history = (await api.get(`/complaints/${id}/history`)).body.events as { eventId: string; type: string }[];

    const records =
      recordsByKey(await readTopic(brokers, topic, (read) => read.length >= history.length, 60_000)).get(id) ?? [];
    expect(records.map((r) => r.headers.ce_id)).toEqual(history.map((e) => e.eventId));
    expect(records[0].headers).toMatchObject({
      ce_specversion: '1.0',
      ce_type: 'com.redress.complaint.ComplaintReceived.v2',
      ce_subject: id,
      ce_correlationid: 'corr-kafka',
      'content-type': 'application/json',
    });
    expect(records[0].value).toMatchObject({ complaintId: id, channel: 'EMAIL' });
    expect(records.every((r) => r.key === id)).toBe(true);

    // This process runs the publisher, so its lag and health are scraped too.
    const scrape = (await api.request('GET', '/metrics')).body as string;
    expect(scrape).toMatch(/^redress_publisher_lag_events \d+$/m);
    expect(scrape).toMatch(/^redress_publisher_healthy [01]$/m);
  }, 120_000);
});
