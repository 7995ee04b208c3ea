import { ConfigError, loadConfig, loadTracingConfig } from '@redress/config';
import { serveHealth, startTracing, stopOnSignals } from '@redress/observability';
import { loadPublisherConfig, PublisherConfigError } from '@redress/publishing';
import { BackgroundWorker } from './background-worker';
import { loadWorkerSettings } from './worker-settings';

/**
 * The background worker process: projections, Kafka publisher and SLA alert
 * timer, each active in whichever worker holds its lease (see
 * BackgroundWorker), with GET /health on WORKER_HEALTH_PORT.
 */
async function main(): Promise<void> {
  const settings = loadWorkerSettings(process.env);
  const config = loadConfig(process.env);
  const publisherConfig = loadPublisherConfig(process.env);
  const tracing = startTracing(loadTracingConfig(process.env, 'redress-worker'), {
    onError: (error) => log(`span export failed: ${error instanceof Error ? error.message : error}`),
  });
  const worker = await BackgroundWorker.open(config, publisherConfig, {
    leaseRetryIntervalMs: settings.leaseRetryIntervalMs,
    log,
  });
  await worker.start();
  const health = serveHealth(
    settings.healthPort,
    settings.healthHost,
    () => worker.health(),
    (port) => log(`running; GET /health on port ${port}`),
  );

  stopOnSignals(
    async () => {
      health.close();
      await worker.stop();
      await tracing.shutdown();
    },
    (error) => console.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

function log(message: string): void {
  console.log(`[worker ${process.pid}] ${message}`);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof PublisherConfigError;
  console.error(known ? error.message : error);
  process.exit(1);
});
