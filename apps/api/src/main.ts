import { Logger } from '@nestjs/common';
import { createApiApp } from './bootstrap';
import { ConfigError, loadConfig } from '@redress/config';
import { startTracing } from '@redress/observability';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Before the application exists, so every span it makes has a provider to go to.
  const tracing = startTracing(config.tracing, {
    onError: (error) =>
      new Logger('Tracing').warn(`span export failed: ${error instanceof Error ? error.message : error}`),
  });
  const app = await createApiApp(config, { onShutdown: () => tracing.shutdown() });
  await app.listen({ port: config.port, host: config.host });
  const where =
    config.eventStore.kind === 'embedded' ? `embedded store in ${config.eventStore.dataDir}` : config.eventStore.kind;
  new Logger('Redress').log(`API listening on http://${config.host}:${config.port} (${where}); OpenAPI at /docs`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
