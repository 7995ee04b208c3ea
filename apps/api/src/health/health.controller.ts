import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { PublicRoute } from '../auth/route-access';
import { EventStoreHealthIndicator, ProjectionsHealthIndicator } from './health.indicators';

export const READINESS_MAX_PROJECTION_LAG = Symbol('READINESS_MAX_PROJECTION_LAG');

/** Kubernetes-style probes: liveness says the process answers, readiness that it can serve correct answers. */
@ApiTags('operations')
@Controller('health')
@PublicRoute('probes (kubelet, load balancers) carry no credentials, and the answers hold no data')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly projections: ProjectionsHealthIndicator,
    @Inject(READINESS_MAX_PROJECTION_LAG) private readonly maxLagEvents: number,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up and its event loop answers' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: the event store answers and projections run within the allowed lag (503 otherwise)',
  })
  ready() {
    return this.health.check([() => this.eventStore.check(), () => this.projections.check(this.maxLagEvents)]);
  }
}
