import { Writable } from 'node:stream';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { startTracing, type Tracing } from '@redress/observability';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';
import { finishedSpan } from '../support/finished-spans';

const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`;
const TRACESTATE = 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7';

const TRACEPARENT_FORMAT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

describe('tracing through the API', () => {
  describe('with spans recorded', () => {
    const exporter = new InMemorySpanExporter();
    let tracing: Tracing;
    let api: ApiHarness;

    beforeAll(async () => {
      tracing = startTracing(
        { enabled: true, serviceName: 'redress-api', otlp: null },
        { spanProcessors: [new SimpleSpanProcessor({ exporter })] },
      );
      api = await ApiHarness.start();
    }, 120_000);
    afterAll(async () => {
      await api?.dispose();
      await tracing?.shutdown();
    });
    beforeEach(() => exporter.reset());

    it("continues the caller's trace from HTTP through the command and its append to the projections", async () => {
      const received = await api.post('/complaints', receiveBody(), {
        traceparent: TRACEPARENT,
        tracestate: TRACESTATE,
      });
      expect(received.status).toBe(201);
      const id = received.body.id as string;

      // The stored event records the trace context of the command that appended it, in the caller's trace.
      const [event] = (await api.get(`/complaints/${id}/history`)).body.events;
      const stored = TRACEPARENT_FORMAT.exec(event.metadata.traceparent);
      expect(stored?.[1]).toBe(CALLER_TRACE_ID);
      expect(event.metadata.tracestate).toBe(TRACESTATE);

      const http = await finishedSpan(exporter, (span) => span.name === 'POST /complaints');
      expect(http.kind).toBe(SpanKind.SERVER);
      expect(http.spanContext().traceId).toBe(CALLER_TRACE_ID);
      expect(parentOf(http)).toBe(CALLER_SPAN_ID);
      expect(http.attributes).toMatchObject({
        'http.request.method': 'POST',
        'http.route': '/complaints',
        'http.response.status_code': 201,
      });

      const command = await finishedSpan(exporter, (span) => span.name === 'command ReceiveComplaint');
      expect(command.spanContext().traceId).toBe(CALLER_TRACE_ID);
      expect(parentOf(command)).toBe(idOf(http));
      expect(command.attributes).toMatchObject({ 'redress.aggregate.id': id, 'redress.command.replayed': false });
      // What the event records is the command's own span: consumers of the event hang off the command.
      expect(stored?.[2]).toBe(idOf(command));

      // A receipt names a stream that cannot exist yet: the command appends without reading it first.
      const append = await finishedSpan(exporter, (span) => span.name === 'event-store append');
      expect(parentOf(append)).toBe(idOf(command));
      expect(exporter.getFinishedSpans().filter((span) => span.name === 'event-store read stream')).toEqual([]);
      expect(append.attributes).toMatchObject({ 'redress.stream.id': `complaint-${id}`, 'redress.events.count': 1 });

      const projection = await finishedSpan(
        exporter,
        (span) => span.name === 'projection complaint-list apply' && span.spanContext().traceId === CALLER_TRACE_ID,
      );
      expect(projection.kind).toBe(SpanKind.CONSUMER);
      expect(parentOf(projection)).toBe(idOf(command));
      expect(projection.attributes['redress.log.position.last']).toBeGreaterThanOrEqual(received.body.position);
    });

    it('keeps the request in its trace when the body arrives after the headers', async () => {
      const body = new TextEncoder().encode(JSON.stringify(receiveBody()));
      const slowBody = new ReadableStream<Uint8Array>({
        async start(controller) {
          await new Promise((resolve) => setTimeout(resolve, 200)); // the headers are handled by now
          controller.enqueue(body.subarray(0, 10));
          await new Promise((resolve) => setTimeout(resolve, 50));
          controller.enqueue(body.subarray(10));
          controller.close();
        },
      });
      const response = await fetch(`${api.url}/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: TRACEPARENT, ...api.credentials },
        body: slowBody,
        duplex: 'half',
      } as RequestInit);
      expect(response.status).toBe(201);
      const http = await finishedSpan(exporter, (span) => span.name === 'POST /complaints');
      const command = await finishedSpan(exporter, (span) => span.name === 'command ReceiveComplaint');
      expect(command.spanContext().traceId).toBe(CALLER_TRACE_ID);
      expect(parentOf(command)).toBe(idOf(http));
    });

    it('starts a new trace for a caller without a traceparent, or with a malformed one', async () => {
      for (const headers of [{}, { traceparent: '00-not-a-trace-context-01' }] as Record<string, string>[]) {
        exporter.reset();
        const id = (await api.post('/complaints', receiveBody(), headers)).body.id as string;
        const http = await finishedSpan(exporter, (span) => span.name === 'POST /complaints');
        expect(http.parentSpanContext).toBeUndefined();
        expect(http.spanContext().traceId).not.toBe(CALLER_TRACE_ID);
        const [event] = (await api.get(`/complaints/${id}/history`)).body.events;
        expect(TRACEPARENT_FORMAT.exec(event.metadata.traceparent)?.[1]).toBe(http.spanContext().traceId);
        expect(event.metadata.tracestate).toBeUndefined();
      }
    });

    it('marks a refused command failed on its own span, and the request by its status only', async () => {
      const id = (await api.post('/complaints', receiveBody())).body.id as string;
      exporter.reset();
      // Closing a complaint just received is not allowed.
      const refused = await api.post(`/complaints/${id}/close`, { summary: 'too early' }, { traceparent: TRACEPARENT });
      expect(refused.status).toBe(409);
      const http = await finishedSpan(exporter, (span) => span.kind === SpanKind.SERVER);
      expect(http.attributes['http.response.status_code']).toBe(409);
      expect(http.status.code).toBe(SpanStatusCode.UNSET);
      const failed = await finishedSpan(exporter, (span) => span.name.startsWith('command '));
      expect(failed.status.code).toBe(SpanStatusCode.ERROR);
      expect(failed.events.map((e) => e.name)).toContain('exception');
      expect(exporter.getFinishedSpans().some((span) => span.name === 'event-store append')).toBe(false);
    });
  });

  describe('without an exporter', () => {
    let tracing: Tracing;
    let api: ApiHarness;
    const logLines: string[] = [];
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });

    beforeAll(async () => {
      tracing = startTracing({ enabled: true, serviceName: 'redress-api', otlp: null });
      api = await ApiHarness.start(undefined, { logLevel: 'log' }, { logDestination: logs });
    }, 120_000);
    afterAll(async () => {
      await api?.dispose();
      await tracing?.shutdown();
    });

    it("records no spans but still carries the caller's trace context into the events", async () => {
      expect(tracing.recording).toBe(false);
      const id = (await api.post('/complaints', receiveBody(), { traceparent: TRACEPARENT, tracestate: TRACESTATE }))
        .body.id as string;
      const [event] = (await api.get(`/complaints/${id}/history`)).body.events;
      // No span of ours in between: the event points straight at the caller's span.
      expect(event.metadata).toMatchObject({ traceparent: TRACEPARENT, tracestate: TRACESTATE });

      const untraced = (await api.post('/complaints', receiveBody())).body.id as string;
      const [plain] = (await api.get(`/complaints/${untraced}/history`)).body.events;
      expect(plain.metadata.traceparent).toBeUndefined();

      // The request log line names the caller's trace, so logs and traces can be joined.
      const requestLines = logLines
        .map((line) => JSON.parse(line))
        .filter((line) => line.req?.route === '/complaints' && line.req.method === 'POST');
      expect(requestLines.map((line) => line.traceId)).toEqual([CALLER_TRACE_ID, undefined]);
    });
  });
});
