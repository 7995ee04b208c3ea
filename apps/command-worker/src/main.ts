import { ConfigError, openPersistence } from '@redress/config';
import { serveHealth, startTracing, stopOnSignals } from '@redress/observability';
import { createKafkaClient } from '@redress/publishing';
import { loadCommandWorkerConfig } from './command-worker-config';
import { CommandTopicWorker } from './command-topic-worker';
import { complaintCommandService } from './complaint-commands';

/**
 * The Kafka command topic worker as a process of its own (configuration: see
 * loadCommandWorkerConfig), with GET /health on COMMAND_WORKER_HEALTH_PORT
 * (default 3300): 200 while it consumes, 503 while it retries an
 * infrastructure failure or is not running, and its state as JSON either way.
 */
async function main(): Promise<void> {
  const config = loadCommandWorkerConfig(process.env);
  const log = (level: 'error' | 'warn' | 'log', message: string) =>
    (level === 'log' ? console.log : console.warn)(`[command-worker] ${message}`);
  const tracing = startTracing(config.tracing, {
    onError: (error) => log('warn', `span export failed: ${error instanceof Error ? error.message : error}`),
  });
  // With the embedded store only one process may open DATA_DIR: run the worker next to PostgreSQL or KurrentDB.
  const store = await openPersistence(config.eventStore, 'redress-command-worker');
  const kafka = createKafkaClient({ brokers: config.brokers, clientId: config.clientId, log });
  const worker = new CommandTopicWorker(kafka, await complaintCommandService(store), { ...config, log });
  await worker.start();

  const health = serveHealth(
    config.healthPort,
    '0.0.0.0',
    async () => worker.health(),
    (port) => log('log', `consuming ${config.topics.commands} as ${config.groupId}; GET /health on port ${port}`),
  );
  stopOnSignals(
    async () => {
      health.close();
      await worker.stop();
      await store.close();
      await tracing.shutdown();
    },
    (error) => log('error', `stopping failed: ${error instanceof Error ? error.message : String(error)}`),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
