import { WrongExpectedRevisionError, type EventStore } from '@redress/event-store';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What the scrape-time gauges read; each source is optional, so a process without one simply omits its series. */
export interface MetricSources {
  projections?: () => Promise<{ name: string; lagEvents: number; lagMs: number }[]>;
  publisher?: () => Promise<{ lagEvents: number | null; healthy: boolean } | null>;
  complaintsByStatus?: () => Promise<Record<string, number>>;
}

/** The lifecycle command a request carried, from its route: POST /complaints is a receive, POST /complaints/:id/<name> is <name>. */
function commandOf(request: FastifyRequest): string | null {
  if (request.method !== 'POST') return null;
  const route = request.routeOptions.url;
  if (route === '/complaints') return 'receive';
  if (route === '/complaints/:id/:command') return (request.params as { command?: string }).command ?? null;
  return null;
}

/** An outcome name per answer, so dashboards can tell refusals (the client's doing) from failures (ours). */
function outcomeOf(statusCode: number): string {
  if (statusCode < 300) return 'accepted';
  const named: Record<number, string> = {
    400: 'invalid',
    404: 'not_found',
    409: 'not_allowed',
    412: 'revision_mismatch',
    413: 'too_large',
    415: 'unsupported_media_type',
    422: 'idempotency_key_reused',
    503: 'unavailable',
  };
  return named[statusCode] ?? (statusCode < 500 ? 'refused' : 'failed');
}

/**
 * The API's Prometheus metrics, in a registry of its own (so two API
 * instances in one process, as in tests, never share counters). Request and
 * command metrics are recorded as answers go out; lags and counts are read
 * from their sources when Prometheus scrapes.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private sources: MetricSources = {};

  private readonly httpDuration = new Histogram({
    name: 'redress_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly commands = new Counter({
    name: 'redress_commands_total',
    help: 'Complaint commands received over HTTP, by command and outcome',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });
  private readonly appendDuration = new Histogram({
    name: 'redress_event_store_append_duration_seconds',
    help: 'Event store append latency (commit included), by result',
    labelNames: ['result'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });
  private readonly eventsAppended = new Counter({
    name: 'redress_events_appended_total',
    help: 'Events this process appended, by type (SLA warnings and breaches are SlaWarningReached and SlaBreached)',
    labelNames: ['type'],
    registers: [this.registry],
  });
  private readonly conflicts = new Counter({
    name: 'redress_concurrency_conflicts_total',
    help: 'Appends refused because the stream had moved past the expected revision (optimistic concurrency)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'redress_' });
    const sources = () => this.sources;
    new Gauge({
      name: 'redress_projection_lag_events',
      help: 'Events in the global log a projection has not applied yet',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const status of (await sources().projections?.()) ?? [])
          this.set({ projection: status.name }, status.lagEvents);
      },
    });
    new Gauge({
      name: 'redress_projection_lag_seconds',
      help: 'How long the oldest event a projection has not applied has been waiting',
      labelNames: ['projection'],
      registers: [this.registry],
      async collect() {
        for (const status of (await sources().projections?.()) ?? [])
          this.set({ projection: status.name }, status.lagMs / 1000);
      },
    });
    new Gauge({
      name: 'redress_complaints',
      help: 'Complaints in each lifecycle status, from the complaint list read model',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const byStatus = (await sources().complaintsByStatus?.()) ?? {};
        for (const [status, count] of Object.entries(byStatus)) this.set({ status }, count);
      },
    });
  }

  /**
   * Where the scrape-time gauges read from; set once the application's
   * providers exist. The publisher's series exist only in a process that runs
   * one: an unlabelled gauge would otherwise report a reassuring 0.
   */
  readFrom(sources: MetricSources): void {
    this.sources = sources;
    if (sources.publisher) this.registerPublisherGauges(sources.publisher);
  }

  private registerPublisherGauges(publisher: NonNullable<MetricSources['publisher']>): void {
    new Gauge({
      name: 'redress_publisher_lag_events',
      help: 'Events in the global log not yet acknowledged by Kafka (in-process publisher)',
      registers: [this.registry],
      async collect() {
        const health = await publisher();
        if (health?.lagEvents !== null && health?.lagEvents !== undefined) this.set(health.lagEvents);
      },
    });
    new Gauge({
      name: 'redress_publisher_healthy',
      help: '1 while the in-process Kafka publisher is running without failures, else 0',
      registers: [this.registry],
      async collect() {
        const health = await publisher();
        if (health) this.set(health.healthy ? 1 : 0);
      },
    });
  }

  /** Records every answer's latency, and each complaint command's outcome, as the answer goes out. */
  observeHttp(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.httpDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
      const command = commandOf(request);
      if (command) this.commands.inc({ command, outcome: outcomeOf(reply.statusCode) });
    });
  }

  /**
   * The event store, with each append timed, its new events counted by type
   * (an idempotent repeat adds none), and each optimistic-concurrency
   * conflict counted.
   */
  meterEventStore(store: EventStore): EventStore {
    const timeAppend: EventStore['append'] = async (...args) => {
      const end = this.appendDuration.startTimer();
      try {
        const result = await store.append(...args);
        end({ result: result.alreadyAppended ? 'already_appended' : 'appended' });
        if (!result.alreadyAppended) for (const event of args[1]) this.eventsAppended.inc({ type: event.type });
        return result;
      } catch (error) {
        const conflict = error instanceof WrongExpectedRevisionError;
        if (conflict) this.conflicts.inc();
        end({ result: conflict ? 'conflict' : 'failed' });
        throw error;
      }
    };
    // Bound once, to the real store: its methods may rely on private state a proxy does not carry,
    // and binding on every access would allocate on each read and append.
    const bound = new Map<PropertyKey, unknown>();
    return new Proxy(store, {
      get: (target, property) => {
        if (property === 'append') return timeAppend;
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (!bound.has(property)) bound.set(property, value.bind(target));
        return bound.get(property);
      },
    });
  }
}
