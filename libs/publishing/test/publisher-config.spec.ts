import { loadPublisherConfig, PublisherConfigError } from '@redress/publishing';

describe('publisher configuration', () => {
  it('has working defaults', () => {
    expect(loadPublisherConfig({})).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: 'redress-publisher',
      source: '/redress',
      dataSchemaBaseUrl: 'http://localhost:3000/schemas',
      topics: { allEvents: 'complaints.events.v1', routes: {}, partitions: 3, replicationFactor: 1 },
      batchSize: 1000,
      maxRetryDelayMs: 10_000,
    });
  });

  it('reads brokers, topic settings and the routing table', () => {
    const config = loadPublisherConfig({
      KAFKA_BROKERS: 'k1:9092, k2:9093',
      KAFKA_CLIENT_ID: 'pub-1',
      KAFKA_TOPIC_PARTITIONS: '12',
      KAFKA_REPLICATION_FACTOR: '3',
      KAFKA_TOPIC_ROUTES: 'SlaBreached=complaints.sla-breaches.v1; ComplaintEscalated=a.v1,b.v1',
      CLOUDEVENTS_SOURCE: 'https://redress.example.com',
    });
    expect(config.brokers).toEqual(['k1:9092', 'k2:9093']);
    expect(config.topics).toEqual({
      allEvents: 'complaints.events.v1',
      routes: { SlaBreached: ['complaints.sla-breaches.v1'], ComplaintEscalated: ['a.v1', 'b.v1'] },
      partitions: 12,
      replicationFactor: 3,
    });
    expect(config.source).toBe('https://redress.example.com');
  });

  it('publishes to another all-events topic when KAFKA_EVENTS_TOPIC names one, and refuses a bad name', () => {
    expect(loadPublisherConfig({ KAFKA_EVENTS_TOPIC: 'staging.complaints.events.v1' }).topics.allEvents).toBe(
      'staging.complaints.events.v1',
    );
    expect(() => loadPublisherConfig({ KAFKA_EVENTS_TOPIC: 'complaints events' })).toThrow(
      'KAFKA_EVENTS_TOPIC must be a Kafka topic name (letters, digits, . _ -), not "complaints events"',
    );
  });

  it('names every bad setting at once', () => {
    let error: unknown;
    try {
      loadPublisherConfig({
        KAFKA_BROKERS: 'nohost',
        KAFKA_TOPIC_PARTITIONS: '0',
        KAFKA_TOPIC_ROUTES: 'SlaBreached',
        CLOUDEVENTS_DATASCHEMA_BASE_URL: '/schemas',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PublisherConfigError);
    expect((error as PublisherConfigError).problems).toHaveLength(4);
  });
});
