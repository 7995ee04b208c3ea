import { context, ROOT_CONTEXT, trace, type Context, type SpanContext } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * A W3C Trace Context (https://www.w3.org/TR/trace-context/) as text: what an
 * HTTP request carries in its `traceparent` and `tracestate` headers, what
 * every event records in its metadata, and what the publisher writes as
 * Kafka headers. Stored as text so a reader needs nothing but the standard
 * to continue the trace.
 */
export interface TraceContextFields {
  traceparent: string;
  /** Vendor-specific trace data; present only when the caller sent some. */
  tracestate?: string;
}

/** The header and metadata names, as the W3C recommendation spells them. */
export const TRACEPARENT = 'traceparent';
export const TRACESTATE = 'tracestate';

/**
 * One propagator for the whole process, used directly rather than through
 * the global registry: extracting a caller's context and recording it in an
 * event must work whether or not a tracer provider is installed.
 */
const w3c = new W3CTraceContextPropagator();

type HeaderValue = string | string[] | undefined;

const headerGetter = {
  keys: (carrier: Record<string, HeaderValue>) => Object.keys(carrier),
  get: (carrier: Record<string, HeaderValue>, key: string) => carrier[key],
};

/**
 * The context a caller's `traceparent`/`tracestate` headers describe, as the
 * parent of what this process does for it; the root context when they are
 * missing or malformed (the recommendation says to start a new trace then,
 * not to refuse the request).
 */
export function contextFromHeaders(headers: Record<string, HeaderValue>, base: Context = ROOT_CONTEXT): Context {
  if (headers[TRACEPARENT] === undefined) return base;
  return w3c.extract(base, headers, headerGetter);
}

/** The trace context of `ctx` (the active one by default) as text, or undefined outside any valid span. */
export function traceContextFields(ctx: Context = context.active()): TraceContextFields | undefined {
  const carrier: Partial<TraceContextFields> = {};
  w3c.inject(ctx, carrier, {
    set: (target, key, value) => {
      (target as Record<string, string>)[key] = value;
    },
  });
  if (carrier.traceparent === undefined) return undefined;
  return carrier.tracestate
    ? { traceparent: carrier.traceparent, tracestate: carrier.tracestate }
    : { traceparent: carrier.traceparent };
}

/**
 * The trace context recorded in an event's metadata, if it has a valid one:
 * events written before tracing existed, or by a process without it, have
 * none, and a damaged value is ignored rather than trusted.
 */
export function storedTraceContext(metadata: Readonly<Record<string, unknown>>): TraceContextFields | undefined {
  const traceparent = metadata[TRACEPARENT];
  if (typeof traceparent !== 'string') return undefined;
  const tracestate = metadata[TRACESTATE];
  return typeof tracestate === 'string' && tracestate !== '' ? { traceparent, tracestate } : { traceparent };
}

/** The span context recorded text describes, marked remote (it was created by another operation, maybe another process). */
export function spanContextOf(fields: TraceContextFields): SpanContext | undefined {
  const extracted = trace.getSpanContext(w3c.extract(ROOT_CONTEXT, fields, headerGetter));
  return extracted && trace.isSpanContextValid(extracted) ? extracted : undefined;
}
