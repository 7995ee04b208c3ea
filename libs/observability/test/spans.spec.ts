import { context, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import {
  contextFromHeaders,
  inSpan,
  inSpanFollowing,
  startTracing,
  storedTraceContext,
  traceContextFields,
  type Tracing,
} from '../src';

const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_B = '0af7651916cd43dd8448eb211c80319c';
const traceparent = (traceId: string, spanId: string) => `00-${traceId}-${spanId}-01`;
const recordOf = (metadata: Record<string, unknown>) => ({ metadata });

describe('trace context as text', () => {
  let tracing: Tracing;
  beforeAll(() => {
    tracing = startTracing({ enabled: true, serviceName: 'test', otlp: null });
  });
  afterAll(() => tracing.shutdown());

  it("reads a caller's headers, and gives back the same context as text", () => {
    const headers = { traceparent: traceparent(TRACE_A, '00f067aa0ba902b7'), tracestate: 'congo=t61rcWkgMzE' };
    expect(traceContextFields(contextFromHeaders(headers))).toEqual(headers);
    expect(traceContextFields(contextFromHeaders({ traceparent: headers.traceparent }))).toEqual({
      traceparent: headers.traceparent,
    });
  });

  it('ignores a missing or malformed traceparent, and a tracestate without one', () => {
    for (const headers of [
      {},
      { traceparent: 'garbage' },
      { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }, // an all-zero trace id is invalid
      { tracestate: 'congo=t61rcWkgMzE' },
    ]) {
      expect(traceContextFields(contextFromHeaders(headers))).toBeUndefined();
    }
    expect(traceContextFields(ROOT_CONTEXT)).toBeUndefined();
  });

  it('reads only string values back from metadata', () => {
    expect(storedTraceContext({ traceparent: 'x', tracestate: '' })).toEqual({ traceparent: 'x' });
    expect(storedTraceContext({ traceparent: 42 })).toBeUndefined();
    expect(storedTraceContext({})).toBeUndefined();
  });

  it("without a tracer provider, passes the caller's context through spans unchanged", async () => {
    expect(tracing.recording).toBe(false);
    const caller = contextFromHeaders({ traceparent: traceparent(TRACE_A, '00f067aa0ba902b7') });
    const inside = await context.with(caller, () => inSpan('command X', {}, async () => traceContextFields()));
    expect(inside).toEqual({ traceparent: traceparent(TRACE_A, '00f067aa0ba902b7') });
  });
});

describe('spans', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  beforeAll(() => {
    tracing = startTracing(
      { enabled: true, serviceName: 'test', otlp: null },
      { spanProcessors: [new SimpleSpanProcessor({ exporter })] },
    );
  });
  afterAll(() => tracing.shutdown());
  beforeEach(() => exporter.reset());

  it('refuses a second start while one is installed', () => {
    expect(() => startTracing({ enabled: true, serviceName: 'again', otlp: null })).toThrow(/already started/);
  });

  it('nests spans started inside one, and marks a span failed by what its work threw', async () => {
    await expect(
      inSpan('outer', {}, () =>
        inSpan('inner', {}, async () => {
          throw new Error('refused');
        }),
      ),
    ).rejects.toThrow('refused');
    const [inner, outer] = exporter.getFinishedSpans();
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(inner.status).toEqual({ code: SpanStatusCode.ERROR, message: 'refused' });
    expect(inner.events[0].attributes).toMatchObject({ 'exception.message': 'refused' });
  });

  it("follows a batch of events: the first traced one's child, linked once to each other span", async () => {
    const records = [
      recordOf({}), // recorded before tracing: not followed
      recordOf({ traceparent: traceparent(TRACE_A, '1111111111111111') }),
      recordOf({ traceparent: traceparent(TRACE_A, '1111111111111111') }), // same command: no second link
      recordOf({ traceparent: traceparent(TRACE_B, '2222222222222222'), tracestate: 'rojo=1' }),
      recordOf({ traceparent: traceparent(TRACE_A, '3333333333333333') }),
      recordOf({ traceparent: 'damaged' }),
    ];
    const active = await inSpanFollowing('projection x apply', {}, records, async () => trace.getActiveSpan());
    const [span] = exporter.getFinishedSpans();
    expect(active?.spanContext().spanId).toBe(span.spanContext().spanId);
    expect(span.spanContext().traceId).toBe(TRACE_A);
    expect(span.parentSpanContext).toMatchObject({ traceId: TRACE_A, spanId: '1111111111111111', isRemote: true });
    expect(span.links.map((link) => [link.context.traceId, link.context.spanId])).toEqual([
      [TRACE_B, '2222222222222222'],
      [TRACE_A, '3333333333333333'],
    ]);
    expect(span.links[0].context.traceState?.get('rojo')).toBe('1');
  });

  it('starts a new trace for a batch none of whose events has a trace context', async () => {
    await inSpanFollowing(
      'projection x apply',
      {},
      [recordOf({}), recordOf({ traceparent: 'damaged' })],
      async () => {},
    );
    const [span] = exporter.getFinishedSpans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([]);
  });
});

describe('tracing turned off', () => {
  it('installs nothing, so no trace context is carried', async () => {
    const tracing = startTracing({ enabled: false, serviceName: 'test', otlp: null });
    const caller = contextFromHeaders({ traceparent: traceparent(TRACE_A, '00f067aa0ba902b7') });
    // No context manager: entering the caller's context does not make it the active one.
    const inside = await context.with(caller, () => inSpan('command X', {}, async () => traceContextFields()));
    expect(inside).toBeUndefined();
    await tracing.shutdown();
  });
});
