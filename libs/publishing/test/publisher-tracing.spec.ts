import { context, SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { contextFromHeaders, startTracing, type Tracing } from '@redress/observability';
import {
  KafkaEventPublisher,
  loadPublisherConfig,
  type OutgoingRecord,
  type RecordProducer,
} from '@redress/publishing';
import type { Kafka } from 'kafkajs';
import { openProjectionFixture, type ProjectionFixture } from '../../projections/test/projection-fixture';

const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_B = '0af7651916cd43dd8448eb211c80319c';

/** Just enough of a Kafka client for the publisher: topics exist, and every batch sent is acknowledged and kept. */
function acknowledgingKafka(topics: readonly string[]): {
  kafka: Kafka;
  producer: () => RecordProducer;
  sent: OutgoingRecord[];
} {
  const sent: OutgoingRecord[] = [];
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => [...topics],
    fetchTopicMetadata: async () => ({ topics: topics.map((name) => ({ name, partitions: [{}, {}, {}] })) }),
  };
  const producer: RecordProducer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    send: async (request) => void sent.push(...request),
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, producer: () => producer, sent };
}

describe('the publisher, traced', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let fx: ProjectionFixture;

  beforeAll(async () => {
    tracing = startTracing(
      { enabled: true, serviceName: 'redress-publisher', otlp: null },
      { spanProcessors: [new SimpleSpanProcessor({ exporter })] },
    );
    fx = await openProjectionFixture();
  });
  afterAll(async () => {
    await fx?.close();
    await tracing?.shutdown();
  });

  it("publishes each batch in a producer span that follows its events' traces, each record carrying its own", async () => {
    // Two commands in two callers' traces, both in the log before the publisher starts: one batch.
    const inTrace = (traceId: string) => contextFromHeaders({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    const first = await context.with(inTrace(TRACE_A), () => fx.receive());
    const second = await context.with(inTrace(TRACE_B), () => fx.receive());
    const commandSpans = exporter.getFinishedSpans().filter((span) => span.name === 'command ReceiveComplaint');
    const commandOf = (traceId: string) => commandSpans.find((span) => span.spanContext().traceId === traceId)!;

    const config = loadPublisherConfig({ KAFKA_CLIENT_ID: 'tracing-test' });
    const { kafka, producer, sent } = acknowledgingKafka([config.topics.allEvents]);
    const publisher = new KafkaEventPublisher(fx.store, fx.client, config, { kafka, producer, log: () => undefined });
    await publisher.start();
    try {
      await publisher.waitForPosition(await fx.store.headPosition(), 20_000);
    } finally {
      await publisher.stop();
    }

    const headersOf = (complaintId: string) => {
      const message = sent.find((m) => m.key === complaintId)!;
      return message.headers;
    };
    expect(headersOf(first).traceparent).toBe(`00-${TRACE_A}-${commandOf(TRACE_A).spanContext().spanId}-01`);
    expect(headersOf(second).traceparent).toBe(`00-${TRACE_B}-${commandOf(TRACE_B).spanContext().spanId}-01`);

    const [publish] = exporter.getFinishedSpans().filter((span) => span.name === `publish ${config.topics.allEvents}`);
    expect(publish.kind).toBe(SpanKind.PRODUCER);
    expect(publish.spanContext().traceId).toBe(TRACE_A);
    expect(publish.parentSpanContext?.spanId).toBe(commandOf(TRACE_A).spanContext().spanId);
    expect(publish.links.map((link) => link.context.spanId)).toEqual([commandOf(TRACE_B).spanContext().spanId]);
    expect(publish.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.batch.message_count': 2 });
  }, 60_000);
});
