import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { PUBLISHED_EVENT_SCHEMA_VERSIONS } from '@redress/domain';
import { eventSchemaFileName, type JsonSchema } from '../src/event-schema-catalog';
import { schemaDrift, shapeChangedMessage } from '../src/event-schema-drift';
import { createEventSchemaGenerator } from '../src/event-schema-generator';

/**
 * `npm run schemas [-- --force]`: writes the JSON Schema of every event type's
 * current version to libs/contracts/schemas/events/. A new version gets a new
 * file; a reworded comment updates the file. A changed payload under an
 * unchanged version is refused (bump the version instead); --force overwrites
 * anyway, for a version that was never released. Run from the repository root.
 */
async function main(): Promise<void> {
  const repoRoot = process.cwd();
  const schemasDir = join(repoRoot, 'libs', 'contracts', 'schemas', 'events');
  const force = process.argv.includes('--force');
  const generate = createEventSchemaGenerator(repoRoot);
  let refused = 0;
  let written = 0;
  for (const [eventType, version] of Object.entries(PUBLISHED_EVENT_SCHEMA_VERSIONS)) {
    const file = join(schemasDir, eventSchemaFileName(eventType, version));
    const generated = generate(eventType, version);
    const committed = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JsonSchema) : undefined;
    const drift = schemaDrift(generated, committed);
    if (drift === 'identical') continue;
    if (drift === 'shape-changed' && !force) {
      console.error(`refused: ${shapeChangedMessage(eventType, version)}`);
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
