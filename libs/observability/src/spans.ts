import {
  context,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
  type SpanOptions,
  type Tracer,
} from '@opentelemetry/api';
import { spanContextOf, storedTraceContext } from './trace-context';

/** The instrumentation scope of every span Redress makes. */
export const TRACER_NAME = 'redress';

/**
 * Looked up on each use rather than kept: a tracer obtained before
 * `startTracing` (or after a `shutdown`) would otherwise stay bound to the
 * provider of that moment. With no provider installed this is the API's
 * no-op tracer, whose spans cost next to nothing.
 */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** Marks a span failed by `error`, keeping the error's type and message (never request data). */
export function recordFailure(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const failure = error instanceof Error ? error : new Error(String(error));
  span.recordException(failure);
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
}

/**
 * Runs `work` in a new span, the active one while it runs (so spans started
 * inside it, and the trace context recorded in the events it appends, are
 * its children). The span ends when `work` settles and is marked failed if
 * it throws.
 */
export function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return tracer().startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** What a span that handles stored events needs of each: the metadata that holds its trace context. */
export interface TracedRecord {
  metadata: Readonly<Record<string, unknown>>;
}

/**
 * Runs `work` on a batch of stored events in a span that follows them
 * (OpenTelemetry's batch-processing convention): a child of the trace that
 * recorded the first event that has one, so the usual live batch, one
 * command's events, shows up inside that command's trace, and linked to the
 * traces of the others. Events without a trace context are simply not
 * followed. The links are only worked out when the span is recorded.
 */
export function inSpanFollowing<T>(
  name: string,
  options: SpanOptions,
  records: readonly TracedRecord[],
  work: (span: Span) => Promise<T>,
): Promise<T> {
  let parent = ROOT_CONTEXT;
  let first = 0;
  for (; first < records.length; first++) {
    const stored = storedTraceContext(records[first].metadata);
    const spanContext = stored && spanContextOf(stored);
    if (spanContext) {
      parent = trace.setSpanContext(ROOT_CONTEXT, spanContext);
      break;
    }
  }
  return inSpan(
    name,
    options,
    (span) => {
      if (span.isRecording() && first < records.length) span.addLinks(linksToOthers(records, first));
      return work(span);
    },
    parent,
  );
}

/** One link per distinct span that recorded events of the batch after `parentIndex`, other than the parent. */
function linksToOthers(records: readonly TracedRecord[], parentIndex: number): Link[] {
  const seen = new Set<string>();
  const parentStored = storedTraceContext(records[parentIndex].metadata);
  if (parentStored) seen.add(parentStored.traceparent);
  const links: Link[] = [];
  for (let i = parentIndex + 1; i < records.length; i++) {
    const stored = storedTraceContext(records[i].metadata);
    if (!stored || seen.has(stored.traceparent)) continue;
    seen.add(stored.traceparent);
    const spanContext = spanContextOf(stored);
    if (spanContext) links.push({ context: spanContext });
  }
  return links;
}
