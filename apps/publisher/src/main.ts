import { ConfigError, integer, loadConfig, loadTracingConfig, openPersistence } from '@redress/config';
import { LeasedTask } from '@redress/event-store';
import { serveHealth, startTracing, stopOnSignals } from '@redress/observability';
import {
  KAFKA_PUBLISHER_LEASE,
  KafkaEventPublisher,
  loadPublisherConfig,
  PublisherConfigError,
} from '@redress/publishing';

/**
 * The publisher as a process of its own: follows the event log and publishes
 * it to Kafka (configuration: see loadPublisherConfig), with GET /health on
 * PUBLISHER_HEALTH_PORT (default 3100): 200 when healthy, 503 otherwise, and
 * the publisher's health as JSON either way. Several may run: the one holding
 * the publisher's lease publishes, the others stand by (healthy, `active`
 * false) and one of them takes over within LEASE_RETRY_INTERVAL_MS of its death.
 */
async function main(): Promise<void> {
  const config = loadPublisherConfig(process.env);
  const problems: string[] = [];
  const healthPort = integer(process.env, 'PUBLISHER_HEALTH_PORT', 3100, 0, 65535, problems);
  const retryIntervalMs = integer(process.env, 'LEASE_RETRY_INTERVAL_MS', 1000, 50, 60_000, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const tracing = startTracing(loadTracingConfig(process.env, 'redress-publisher'), {
    onError: (error) =>
      console.warn(`[publisher] span export failed: ${error instanceof Error ? error.message : error}`),
  });
  // With the embedded store run the publisher inside the API (PUBLISHER_IN_PROCESS=true): PGlite admits one
  // process per data directory. This standalone process is for PostgreSQL and KurrentDB deployments.
  const store = await openPersistence(loadConfig(process.env).eventStore, 'redress-publisher');
  const publisher = new KafkaEventPublisher(store.eventStore, store.readModels, config);
  const leased = new LeasedTask(store.leases, KAFKA_PUBLISHER_LEASE, publisher, {
    retryIntervalMs,
    onLog: (message) => console.log(`[publisher] ${message}`),
  });
  leased.start();

  const health = serveHealth(
    healthPort,
    '0.0.0.0',
    async () => (leased.active ? { active: true, ...(await publisher.health()) } : { active: false, healthy: true }),
    (port) => console.log(`[publisher] publishing to ${config.brokers.join(',')}; GET /health on port ${port}`),
  );

  stopOnSignals(
    async () => {
      health.close();
      await leased.stop();
      await store.close();
      await tracing.shutdown();
    },
    (error) => console.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof PublisherConfigError || error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
