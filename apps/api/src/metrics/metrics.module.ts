import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { ProjectionRunner } from '@redress/projections';
import { KafkaEventPublisher } from '@redress/publishing';
import { SearchComplaintsQuery } from '../read-models/read-model.cqrs';
import { ApiMetrics } from './api-metrics';
import { MetricsController } from './metrics.controller';

/**
 * GET /metrics. Global, so the persistence module can meter the event store
 * it provides; the scrape-time sources are looked up once every module exists,
 * and the in-process publisher only when this process runs one.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [{ provide: ApiMetrics, useFactory: () => new ApiMetrics() }],
  exports: [ApiMetrics],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    @Inject(ApiMetrics) private readonly metrics: ApiMetrics,
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly queryBus: QueryBus,
  ) {}

  onModuleInit(): void {
    this.metrics.observeHttp(this.adapterHost.httpAdapter.getInstance());
    const runner = this.provided(ProjectionRunner);
    const publisher = this.provided(KafkaEventPublisher);
    this.metrics.readFrom({
      projections: runner ? () => runner.status() : undefined,
      publisher: publisher ? () => publisher.health() : undefined,
      complaintsByStatus: async () =>
        (await this.queryBus.execute(new SearchComplaintsQuery({ limit: 1 }))).totals.byStatus,
    });
  }

  private provided<T>(type: new (...args: never[]) => T): T | undefined {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      return undefined;
    }
  }
}
