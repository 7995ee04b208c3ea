import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { PUBLISHED_EVENT_SCHEMA_VERSIONS } from '@redress/domain';
import { COMMAND_MESSAGE_SCHEMA_VERSIONS, type CommandMessageType } from '../src/command-message';
import { createCommandMessageSchemaGenerator } from '../src/command-message-schema-generator';
import { commandMessageSchemaFileName } from '../src/command-message-schemas';
import { eventSchemaFileName, type JsonSchema } from '../src/event-schema-catalog';
import { schemaDrift, shapeChangedMessage } from '../src/event-schema-drift';
import { createEventSchemaGenerator } from '../src/event-schema-generator';

/**
 * `npm run schemas [-- --force]`: writes the JSON Schema of every event type's
 * current version to libs/contracts/schemas/events/, and of every command
 * channel message to libs/contracts/schemas/commands/. A new version gets a new
 * file; a reworded comment updates the file. A changed payload under an
 * unchanged version is refused (bump the version instead); --force overwrites
 * anyway, for a version that was never released. Run from the repository root.
 */
async function main(): Promise<void> {
  const repoRoot = process.cwd();
  const schemasDir = join(repoRoot, 'libs', 'contracts', 'schemas', 'events');
  const force = process.argv.includes('--force');
  const generate = createEventSchemaGenerator(repoRoot);
  const generateCommandMessage = createCommandMessageSchemaGenerator(repoRoot);
  const commandSchemasDir = join(repoRoot, 'libs', 'contracts', 'schemas', 'commands');
  const wanted = [
    ...Object.entries(PUBLISHED_EVENT_SCHEMA_VERSIONS).map(([eventType, version]) => ({
      file: join(schemasDir, eventSchemaFileName(eventType, version)),
      schemaOf: () => generate(eventType, version),
      shapeChanged: () => shapeChangedMessage(eventType, version),
    })),
    ...(Object.entries(COMMAND_MESSAGE_SCHEMA_VERSIONS) as [CommandMessageType, number][]).map(([type, version]) => ({
      file: join(commandSchemasDir, commandMessageSchemaFileName(type, version)),
      schemaOf: () => generateCommandMessage(type, version),
      shapeChanged: () =>
        `${type}'s type changed but its schema version is still ${version}: bump it in ` +
        `COMMAND_MESSAGE_SCHEMA_VERSIONS (libs/contracts/src/command-message.ts) and run npm run schemas again`,
    })),
  ];
  let refused = 0;
  let written = 0;
  for (const { file, schemaOf, shapeChanged } of wanted) {
    const generated = schemaOf();
    const committed = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JsonSchema) : undefined;
    const drift = schemaDrift(generated, committed);
    if (drift === 'identical') continue;
    if (drift === 'shape-changed' && !force) {
      console.error(`refused: ${shapeChanged()}`);
      refused++;
      continue;
    }
    // Formatted as `npm run format` would, so the committed files stay Prettier-clean.
    const options = { ...(await resolveConfig(file)), filepath: file };
    writeFileSync(file, await format(JSON.stringify(generated), options));
    written++;
    console.log(`${drift === 'missing' ? 'wrote' : 'updated'} ${relative(repoRoot, file)} (${drift})`);
  }
  if (refused > 0) process.exitCode = 1;
  else if (written === 0) console.log('event schemas are up to date');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
