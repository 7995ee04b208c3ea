import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { startTracing, type Tracing } from '@redress/observability';
import { loadPublisherConfig } from '@redress/publishing';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';
import { finishedSpan } from '../support/finished-spans';
import { ensureLocalKafka } from '../support/local-kafka';
import { readTopic, recordsByKey } from '../support/kafka-topic-reader';

const CALLER_TRACE_ID = 'a3ce929d0e0e47364bf92f3577b34da6';
const TRACEPARENT = `00-${CALLER_TRACE_ID}-00f067aa0ba902b7-01`;

/** The caller's trace, from its HTTP request to the Kafka record a downstream consumer reads. */
describe('trace context from HTTP to Kafka', () => {
  const topic = `complaints.events.trace-${randomBytes(4).toString('hex')}`;
  const exporter = new InMemorySpanExporter();
  let brokers: string[];
  let tracing: Tracing;
  let api: ApiHarness;

  beforeAll(async () => {
    brokers = await ensureLocalKafka();
    tracing = startTracing(
      { enabled: true, serviceName: 'redress-api', otlp: null },
      { spanProcessors: [new SimpleSpanProcessor({ exporter })] },
    );
    const publisher = loadPublisherConfig({ KAFKA_BROKERS: brokers.join(','), KAFKA_CLIENT_ID: 'trace-publisher' });
    api = await ApiHarness.start(undefined, {
      publishing: { inProcess: true, publisher: { ...publisher, topics: { ...publisher.topics, allEvents: topic } } },
    });
  }, 180_000);
  afterAll(async () => {
    await api?.dispose();
    await tracing?.shutdown();
  });

  it("sets traceparent and tracestate on the published records, in the HTTP caller's trace", async () => {
    const received = await api.post('/complaints', receiveBody(), {
      traceparent: TRACEPARENT,
      tracestate: 'congo=t61rcWkgMzE',
    });
    const id = received.body.id as string;
    const classified = await api.post(`/complaints/${id}/classify`, { category: 'PRODUCT_FUNCTION' });
    expect([received.status, classified.status]).toEqual([201, 200]);

    const records = recordsByKey(await readTopic(brokers, topic, (read) => read.length >= 2, 60_000)).get(id) ?? [];
    expect(records.map((record) => record.headers.ce_type)).toEqual([
      'com.redress.complaint.ComplaintReceived.v2',
      'com.redress.complaint.ComplaintClassified.v1',
    ]);
    const [receivedRecord, classifiedRecord] = records;
    const commandSpan = await finishedSpan(
      exporter,
      (span) => span.name === 'command ReceiveComplaint' && span.spanContext().traceId === CALLER_TRACE_ID,
    );
    expect(receivedRecord.headers).toMatchObject({
      traceparent: `00-${CALLER_TRACE_ID}-${commandSpan.spanContext().spanId}-01`,
      tracestate: 'congo=t61rcWkgMzE',
      ce_traceparent: receivedRecord.headers.traceparent,
      ce_tracestate: 'congo=t61rcWkgMzE',
    });
    // The second request sent no traceparent: its record carries the new trace its request started.
    expect(classifiedRecord.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(classifiedRecord.headers.traceparent).not.toContain(CALLER_TRACE_ID);
    expect(classifiedRecord.headers.tracestate).toBeUndefined();

    // The publication itself is a producer span in the caller's trace (or linked to it, had it shared a batch).
    const publish = await finishedSpan(
      exporter,
      (span) =>
        span.name === `publish ${topic}` &&
        (span.spanContext().traceId === CALLER_TRACE_ID ||
          span.links.some((link) => link.context.traceId === CALLER_TRACE_ID)),
    );
    expect(publish.kind).toBe(SpanKind.PRODUCER);
  }, 120_000);
});
