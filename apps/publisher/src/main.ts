import { createServer } from 'node:http';
import { KafkaEventPublisher, loadPublisherConfig, PublisherConfigError } from '@redress/publishing';
import { ConfigError, loadConfig, loadTracingConfig, openPersistence } from '@redress/config';
import { startTracing } from '@redress/observability';

/**
 * The publisher as a process of its own: follows the event log and publishes
 * it to Kafka (configuration: see loadPublisherConfig), with GET /health on
 * PUBLISHER_HEALTH_PORT (default 3100): 200 when healthy, 503 otherwise, and
 * the publisher's health as JSON either way.
 */
async function main(): Promise<void> {
  const config = loadPublisherConfig(process.env);
  const tracing = startTracing(loadTracingConfig(process.env, 'redress-publisher'), {
    onError: (error) =>
      console.warn(`[publisher] span export failed: ${error instanceof Error ? error.message : error}`),
  });
  // With the embedded store run the publisher inside the API (PUBLISHER_IN_PROCESS=true): PGlite admits one
  // process per data directory. This standalone process is for PostgreSQL and KurrentDB deployments.
  const store = await openPersistence(loadConfig(process.env).eventStore, 'redress-publisher');
  const publisher = new KafkaEventPublisher(store.eventStore, store.readModels, config);
  await publisher.start();

  const healthPort = Number(process.env.PUBLISHER_HEALTH_PORT ?? 3100);
  const health = createServer((_request, response) => {
    void publisher.health().then((state) => {
      response.writeHead(state.healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(state));
    });
  }).listen(healthPort, () => {
    console.log(`[publisher] publishing to ${config.brokers.join(',')}; GET /health on port ${healthPort}`);
  });

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    health.close();
    await publisher.stop();
    await store.close();
    await tracing.shutdown();
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof PublisherConfigError || error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
