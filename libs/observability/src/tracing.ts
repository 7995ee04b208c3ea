import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { loggingErrorHandler, setGlobalErrorHandler, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/** The OTLP/HTTP encodings; gRPC is not offered. */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

export interface OtlpTraceExport {
  /** The full URL spans are POSTed to, e.g. http://collector:4318/v1/traces. */
  url: string;
  protocol: OtlpProtocol;
}

export interface TracingConfig {
  /** False (OTEL_SDK_DISABLED=true): no spans, and no trace context carried into events either. */
  enabled: boolean;
  /** `service.name` of the exported spans. */
  serviceName: string;
  /** Where spans are exported; null records none, while callers' trace contexts are still carried into events. */
  otlp: OtlpTraceExport | null;
}

export interface TracingOptions {
  /** Extra span processors (tests pass one with an in-memory exporter); they make spans recorded like an exporter does. */
  spanProcessors?: SpanProcessor[];
  /**
   * Told about an export that failed (the collector is down, say). Tracing
   * never fails the work it observes: without this the failure goes unseen.
   */
  onError?: (error: unknown) => void;
}

export interface Tracing {
  /** Whether spans are recorded: an exporter or another span processor is installed. */
  readonly recording: boolean;
  /** Hands every ended span to the processors now (the exporter sends them) instead of at its next interval. */
  forceFlush(): Promise<void>;
  /** Exports what is still buffered, then uninstalls what `startTracing` installed. Idempotent; never rejects. */
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/**
 * Installs tracing for the process, once, before anything traced runs:
 *
 * - always (unless disabled): the AsyncLocalStorage context manager, so the
 *   active trace context follows a request through its awaits, and the W3C
 *   propagator. A caller's `traceparent` is then continued into the events a
 *   command appends even when this process records no spans of its own.
 * - with an OTLP endpoint (or span processors): a tracer provider that
 *   records spans, sampled as the caller asked (parent-based, else always),
 *   exported in batches. Without one the API's no-op tracer stays in place
 *   and a span costs next to nothing.
 */
export function startTracing(config: TracingConfig, options: TracingOptions = {}): Tracing {
  if (installed) throw new Error('tracing is already started in this process; shut it down first');
  if (!config.enabled) return notTracing;

  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  const spanProcessors = [...(options.spanProcessors ?? [])];
  if (config.otlp) spanProcessors.push(new BatchSpanProcessor({ exporter: otlpExporter(config.otlp) }));
  const provider =
    spanProcessors.length > 0
      ? new TracerProvider({
          resource: defaultResource()
            .merge(detectResources({ detectors: [envDetector] }))
            .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName })),
          spanProcessors,
        })
      : undefined;
  if (provider) trace.setGlobalTracerProvider(provider);
  const reportError = options.onError ?? (() => undefined);
  setGlobalErrorHandler(reportError);

  let stopped: Promise<void> | undefined;
  const handle: Tracing = {
    recording: provider !== undefined,
    forceFlush: async () => {
      await provider?.forceFlush();
    },
    shutdown: () => {
      stopped ??= (async () => {
        try {
          await provider?.shutdown();
        } catch (error) {
          reportError(error); // the last export failed; the process stops all the same
        } finally {
          trace.disable();
          propagation.disable();
          context.disable();
          setGlobalErrorHandler(loggingErrorHandler());
          installed = undefined;
        }
      })();
      return stopped;
    },
  };
  installed = handle;
  return handle;
}

function otlpExporter(otlp: OtlpTraceExport) {
  return otlp.protocol === 'http/json'
    ? new OtlpJsonTraceExporter({ url: otlp.url })
    : new OtlpProtobufTraceExporter({ url: otlp.url });
}

const notTracing: Tracing = {
  recording: false,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
