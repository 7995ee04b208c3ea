import { join } from 'node:path';
import { COMMAND_MESSAGE_SOURCE } from './command-message-schemas';
import type { CommandMessageType } from './command-message';
import type { JsonSchema } from './event-schema-catalog';
import { inlinedSchemaGenerator } from './event-schema-generator';

/**
 * Generates the JSON Schema of each command channel message from its
 * TypeScript type in command-message.ts, as the event schemas are generated
 * from the domain's event types: the published contract is the code.
 *
 * Development only (ts-json-schema-generator is a dev dependency): nothing
 * loaded at run time may import this file, and the index does not.
 */
export type CommandMessageSchemaGenerator = (type: CommandMessageType, schemaVersion: number) => JsonSchema;

export function createCommandMessageSchemaGenerator(repoRoot: string): CommandMessageSchemaGenerator {
  const generator = inlinedSchemaGenerator(repoRoot, join(repoRoot, COMMAND_MESSAGE_SOURCE));
  return (type, schemaVersion) => {
    // Everything is inlined, so the generator's `definitions` is empty; its description is the type's comment.
    const { $schema: _draft, definitions: _inlined, ...schema } = generator.createSchema(type) as JsonSchema;
    return { $schema: 'http://json-schema.org/draft-07/schema#', title: `${type} v${schemaVersion}`, ...schema };
  };
}
