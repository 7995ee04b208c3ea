import { Logger } from '@nestjs/common';
import { createApiApp } from './bootstrap';
import { ConfigError, loadConfig } from '@redress/config';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApiApp(config);
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
