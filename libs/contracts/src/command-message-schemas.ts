import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_MESSAGE_SCHEMA_VERSIONS, DEFAULT_COMMAND_TOPICS, type CommandMessageType } from './command-message';
import type { JsonSchema } from './event-schema-catalog';

/**
 * The committed JSON Schemas of the command channel's messages, one file per
 * version next to the event schemas: `libs/contracts/schemas/commands/<Type>.v<N>.json`.
 */
export const COMMAND_MESSAGE_SCHEMAS_DIR = join(__dirname, '..', 'schemas', 'commands');

/** The TypeScript file the schemas are generated from, relative to the repository root. */
export const COMMAND_MESSAGE_SOURCE = 'libs/contracts/src/command-message.ts';

export interface CommandMessageSchemaEntry {
  type: CommandMessageType;
  schemaVersion: number;
  /** The topic that carries this message. */
  topic: string;
  schema: JsonSchema;
}

const TOPIC_OF: Record<CommandMessageType, keyof typeof DEFAULT_COMMAND_TOPICS> = {
  ComplaintCommandMessage: 'commands',
  ComplaintCommandResultMessage: 'results',
  ComplaintCommandDeadLetter: 'deadLetters',
};

export function commandMessageSchemaFileName(type: CommandMessageType, schemaVersion: number): string {
  return `${type}.v${schemaVersion}.json`;
}

/** The committed schema of each message type's current version, with the topic (of `topics`) that carries it. */
export function loadCommandMessageSchemas(
  topics = DEFAULT_COMMAND_TOPICS,
  dir: string = COMMAND_MESSAGE_SCHEMAS_DIR,
): CommandMessageSchemaEntry[] {
  return (Object.entries(COMMAND_MESSAGE_SCHEMA_VERSIONS) as [CommandMessageType, number][]).map(
    ([type, schemaVersion]) => ({
      type,
      schemaVersion,
      topic: topics[TOPIC_OF[type]],
      schema: JSON.parse(readFileSync(join(dir, commandMessageSchemaFileName(type, schemaVersion)), 'utf8')),
    }),
  );
}
