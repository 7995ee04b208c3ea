import { ComplaintCommandService } from '@redress/application';
import { openPersistence, type AppConfig, type Persistence } from '@redress/config';
import { LeasedTask } from '@redress/event-store';
import {
  allProjections,
  leasedSlaAlertTimer,
  loadSlaTracking,
  ProjectionCatalog,
  ProjectionRunner,
  SlaAlertTimer,
  type ProjectionStatus,
} from '@redress/projections';
import {
  KAFKA_PUBLISHER_LEASE,
  KafkaEventPublisher,
  type PublisherConfig,
  type PublisherHealth,
} from '@redress/publishing';

export interface BackgroundWorkerOptions {
  /** How often a standby tries the leases: bounds the takeover after the active worker dies. */
  leaseRetryIntervalMs: number;
  log: (message: string) => void;
}

export interface BackgroundWorkerHealth {
  healthy: boolean;
  reason: string | null;
  pid: number;
  projections: Pick<ProjectionStatus, 'name' | 'state' | 'position' | 'lagEvents' | 'lagMs' | 'lastError'>[];
  publisher: { active: boolean } & Partial<PublisherHealth>;
  slaAlertTimer: { active: boolean };
}

/**
 * The background work of a deployment — the projections, the Kafka publisher
 * and the SLA alert timer — in a process of its own. Run two or more of them
 * against one shared store: each piece of work is active in exactly one, the
 * holder of its lease, and the others stand by to take it over.
 */
export class BackgroundWorker {
  private readonly runner: ProjectionRunner;
  private readonly publisher: KafkaEventPublisher;
  private readonly publishing: LeasedTask;
  private readonly alerts: LeasedTask;
  /** SLA_ALERT_TIMER=false leaves the timer to other processes. */
  private readonly alertTimerEnabled: boolean;

  private constructor(
    private readonly persistence: Persistence,
    config: AppConfig,
    publisherConfig: PublisherConfig,
    options: BackgroundWorkerOptions,
  ) {
    const { eventStore, readModels, leases } = persistence;
    const retryIntervalMs = options.leaseRetryIntervalMs;
    this.alertTimerEnabled = config.sla.alertTimer;
    const sla = loadSlaTracking(config.sla.policySelectionFile);
    this.runner = new ProjectionRunner(allProjections(sla), eventStore, readModels, new ProjectionCatalog(readModels), {
      placement: { kind: 'leased', leases, retryIntervalMs },
      onLog: options.log,
    });
    this.publisher = new KafkaEventPublisher(eventStore, readModels, publisherConfig, {
      log: (level, message) => options.log(`publisher ${level}: ${message}`),
    });
    this.publishing = new LeasedTask(leases, KAFKA_PUBLISHER_LEASE, this.publisher, {
      retryIntervalMs,
      onLog: options.log,
    });
    const timer = new SlaAlertTimer(readModels, new ComplaintCommandService(eventStore), {
      onError: (error) => options.log(`SLA alert timer: ${error instanceof Error ? error.message : String(error)}`),
    });
    this.alerts = leasedSlaAlertTimer(timer, leases, { retryIntervalMs, onLog: options.log });
  }

  static async open(
    config: AppConfig,
    publisherConfig: PublisherConfig,
    options: BackgroundWorkerOptions,
  ): Promise<BackgroundWorker> {
    if (config.eventStore.kind === 'embedded') {
      throw new Error(
        'the worker needs a store it can share with the API (EVENT_STORE=postgres or kurrentdb); ' +
          'with the embedded store the API runs the projections, the publisher and the SLA timer itself',
      );
    }
    const persistence = await openPersistence(config.eventStore, 'redress-worker');
    return new BackgroundWorker(persistence, config, publisherConfig, options);
  }

  async start(): Promise<void> {
    await this.runner.start();
    this.publishing.start();
    if (this.alertTimerEnabled) this.alerts.start();
  }

  /** Stops the work running here and gives its leases up, so a standby takes over at once, then closes the store. */
  async stop(): Promise<void> {
    await Promise.all([this.alerts.stop(), this.publishing.stop(), this.runner.stop()]);
    await this.persistence.close();
  }

  async health(): Promise<BackgroundWorkerHealth> {
    const statuses = await this.runner.status();
    const projections = statuses.map(({ name, state, position, lagEvents, lagMs, lastError }) => ({
      name,
      state,
      position,
      lagEvents,
      lagMs,
      lastError,
    }));
    const troubled = projections.filter((p) => p.state === 'failed' || p.state === 'stalled');
    const publisherHealth = this.publishing.active ? await this.publisher.health() : null;
    const reasons = [
      ...troubled.map((p) => `projection ${p.name} is ${p.state}${p.lastError ? `: ${p.lastError}` : ''}`),
      ...(publisherHealth && !publisherHealth.healthy ? [`publisher: ${publisherHealth.reason}`] : []),
    ];
    const publisher = publisherHealth ? { active: true, ...publisherHealth } : { active: false };
    return {
      healthy: reasons.length === 0,
      reason: reasons.length === 0 ? null : reasons.join('; '),
      pid: process.pid,
      projections,
      publisher,
      slaAlertTimer: { active: this.alerts.active },
    };
  }
}
