import { Command } from 'commander';
import { ConfigError, loadConfig, loadTracingConfig, openPersistence } from '@redress/config';
import { startTracing } from '@redress/observability';
import { PublisherConfigError } from '@redress/publishing';
import { registerAuditCommands } from './audit.command';
import { registerImportCommand } from './import.command';
import { registerKafkaCommands } from './kafka.command';
import { registerKeyCommands } from './keys.command';
import { registerProjectionCommands } from './projections.command';
import { registerSlaCommands } from './sla.command';

/**
 * The management CLI: one entry point, a subcommand per concern, each with
 * --help. It reads the same configuration (environment) as the API.
 */
async function main(argv: string[]): Promise<void> {
  const program = new Command('redress').description('Redress management commands').showHelpAfterError().exitOverride();
  const open = () => openPersistence(loadConfig(process.env).eventStore);
  registerProjectionCommands(program, open);
  registerAuditCommands(program, open);
  registerKafkaCommands(program, open);
  registerImportCommand(program, open);
  registerKeyCommands(program, open);
  registerSlaCommands(program, open);
  await program.parseAsync(argv);
}

/**
 * Long operations are traced (root spans, exported through OTLP when
 * OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set, as the API's are); the spans
 * are flushed before the process exits, whichever way it ends.
 */
async function traced(argv: string[]): Promise<void> {
  const tracing = startTracing(loadTracingConfig(process.env, 'redress-cli'), {
    onError: (error) => console.error(`span export failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  try {
    await main(argv);
  } finally {
    await tracing.shutdown();
  }
}

traced(process.argv).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2); // commander already printed why
  console.error(
    error instanceof ConfigError || error instanceof PublisherConfigError
      ? error.message
      : `error: ${(error as Error).message ?? String(error)}`,
  );
  process.exit(1);
});
