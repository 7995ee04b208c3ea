import { Command } from 'commander';
import { ConfigError, loadConfig, openPersistence } from '@redress/config';
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
  registerSlaCommands(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
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
