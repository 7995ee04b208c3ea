import { context, SpanKind, SpanStatusCode, trace, type Span, type SpanContext } from '@opentelemetry/api';
import { contextFromHeaders, tracer } from '@redress/observability';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
} from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest } from 'fastify';

interface RequestTrace {
  span: Span;
  ended: boolean;
}

const traces = new WeakMap<FastifyRequest, RequestTrace>();

/**
 * One server span per request, `<METHOD> <route>`, continuing the caller's
 * trace when it sent a W3C `traceparent` (a malformed one starts a new
 * trace, as the recommendation says, rather than failing the request).
 * Its context is made active for the handler, so the command it runs and
 * the events that command appends belong to the caller's trace. Only the
 * method, route, path and status are recorded: never headers, query strings
 * or bodies, for the same reasons as the request log.
 *
 * Registered before every other hook, so the span covers the whole request.
 */
export function traceRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url;
    const parent = contextFromHeaders(request.headers, context.active());
    const span = tracer().startSpan(
      route ? `${request.method} ${route}` : request.method,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_URL_PATH]: request.url.split('?')[0],
          [ATTR_URL_SCHEME]: request.protocol,
          ...(route ? { [ATTR_HTTP_ROUTE]: route } : {}),
        },
      },
      parent,
    );
    traces.set(request, { span, ended: false });
    // Everything after this hook runs in the span's context, the handler included: Fastify resumes after
    // parsing the body in the async scope it started from (the tracing test sends a body in pieces to hold it to that).
    context.with(trace.setSpan(parent, span), done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    endRequestSpan(request, reply.statusCode);
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    endRequestSpan(request, undefined);
    done();
  });
}

/** The trace a request belongs to (the caller's, when it sent one), for the request log line. */
export function requestSpanContext(request: FastifyRequest): SpanContext | undefined {
  const spanContext = traces.get(request)?.span.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext : undefined;
}

function endRequestSpan(request: FastifyRequest, statusCode: number | undefined): void {
  const requestTrace = traces.get(request);
  if (!requestTrace || requestTrace.ended) return;
  requestTrace.ended = true;
  const { span } = requestTrace;
  if (statusCode === undefined) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'the client closed the connection before the answer' });
  } else {
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
    // A 4xx is the caller's mistake, not a failure of this server (OpenTelemetry's HTTP conventions).
    if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
