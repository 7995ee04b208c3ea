import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@redress/event-store';
import { ProjectionRunner } from '@redress/projections';

/** How long the event store may take to answer a readiness probe. */
const STORE_PROBE_TIMEOUT_MS = 2_000;

/** Readiness of the event store: it answers a cheap query in time. */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key = 'eventStore'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      const head = await withTimeout(this.store.headPosition(), STORE_PROBE_TIMEOUT_MS);
      return indicator.up({ headPosition: head });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

/** Readiness of the read models: every projection running and no further behind than the configured lag. */
@Injectable()
export class ProjectionsHealthIndicator {
  constructor(
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(maxLagEvents: number, key = 'projections'): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      const statuses = await withTimeout(this.runner.status(), STORE_PROBE_TIMEOUT_MS);
      const summary = Object.fromEntries(
        statuses.map((s) => [s.name, { state: s.state, lagEvents: s.lagEvents, lagMs: s.lagMs }]),
      );
      const unhealthy = statuses.filter(
        (s) => s.state === 'failed' || s.state === 'stopped' || s.lagEvents > maxLagEvents,
      );
      return unhealthy.length === 0 ? indicator.up(summary) : indicator.down({ ...summary, maxLagEvents });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
