import { Command } from 'commander';
import { PublisherConfigError } from '@redress/publishing';
import { registerKafkaCommands } from './kafka.command';
import { openPublisherStore } from './open-publisher-store';

/** `npm run kafka -- <command>`: the Kafka management commands (`republish`), configured like the publisher. */
async function main(argv: string[]): Promise<void> {
  const program = new Command('redress').description('Redress Kafka commands').showHelpAfterError().exitOverride();
  registerKafkaCommands(program, () => openPublisherStore(process.env));
  await program.parseAsync(['node', 'redress', 'kafka', ...argv.slice(2)]);
}

main(process.argv).catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(0);
  if (typeof code === 'string' && code.startsWith('commander.')) process.exit(2);
  console.error(error instanceof PublisherConfigError ? error.message : `error: ${(error as Error).message}`);
  process.exit(1);
});
