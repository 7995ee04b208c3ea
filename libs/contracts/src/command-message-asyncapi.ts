import { COMMAND_MESSAGE_HEADERS, type CommandMessageType } from './command-message';
import type { CommandMessageSchemaEntry } from './command-message-schemas';
import type { JsonSchema } from './event-schema-catalog';

/** The AsyncAPI sections that describe the command channel; buildAsyncApiDocument merges them into its own. */
export interface CommandChannelSections {
  channels: Record<string, unknown>;
  operations: Record<string, unknown>;
  messages: Record<string, unknown>;
  schemas: Record<string, JsonSchema>;
}

const SUMMARY: Record<CommandMessageType, { channel: string; operation: string; headers: JsonSchema }> = {
  ComplaintCommandMessage: {
    channel:
      'Complaint commands for Redress, keyed by complaint id: judged exactly as the same command over HTTP, ' +
      'idempotent by command id. Every command gets one result (more after a redelivery, each with its original outcome).',
    operation: 'Redress receives complaint commands.',
    headers: headers({
      [COMMAND_MESSAGE_HEADERS.traceParent]: "Optional W3C Trace Context: the command continues the sender's trace.",
      [COMMAND_MESSAGE_HEADERS.traceState]: 'Optional W3C Trace Context vendor data that comes with traceparent.',
    }),
  },
  ComplaintCommandResultMessage: {
    channel: 'The outcome of every command, keyed by complaint id and correlated by command id.',
    operation: 'Redress sends the outcome of each command.',
    headers: headers(
      {
        'content-type': 'application/json',
        [COMMAND_MESSAGE_HEADERS.commandId]: 'The command id (also in the value).',
        [COMMAND_MESSAGE_HEADERS.outcome]: 'accepted or rejected (also in the value).',
      },
      ['content-type', COMMAND_MESSAGE_HEADERS.commandId, COMMAND_MESSAGE_HEADERS.outcome],
    ),
  },
  ComplaintCommandDeadLetter: {
    channel:
      'Command topic messages that could not be read (or handled) after the configured attempts, under their ' +
      'original key, with the reason and the original record.',
    operation: 'Redress sets aside the messages it cannot handle.',
    headers: headers(
      {
        'content-type': 'application/json',
        [COMMAND_MESSAGE_HEADERS.deadLetterReason]:
          'UNPARSEABLE, INVALID_ENVELOPE or PROCESSING_FAILED (also in the value).',
        [COMMAND_MESSAGE_HEADERS.commandId]: 'The command id, when the value had a readable one.',
      },
      ['content-type', COMMAND_MESSAGE_HEADERS.deadLetterReason],
    ),
  },
};

/**
 * The command channel in AsyncAPI 3.0 terms: one channel per topic, one
 * message per message type and version, the committed JSON Schemas as
 * payloads (inlined) and the complaint id as key.
 */
export function commandChannelSections(
  entries: readonly CommandMessageSchemaEntry[],
  channelIdOf: (topic: string) => string,
  partitions: number,
  replicas: number,
): CommandChannelSections {
  const sections: CommandChannelSections = { channels: {}, operations: {}, messages: {}, schemas: {} };
  for (const entry of entries) {
    const id = channelIdOf(entry.topic);
    const name = `${entry.type}.v${entry.schemaVersion}`;
    const summary = SUMMARY[entry.type];
    sections.channels[id] = {
      address: entry.topic,
      title: entry.topic,
      description: summary.channel,
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
      bindings: { kafka: { topic: entry.topic, partitions, replicas, bindingVersion: '0.5.0' } },
    };
    const receives = entry.type === 'ComplaintCommandMessage';
    sections.operations[`${receives ? 'receive' : 'send'}${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: receives ? 'receive' : 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: summary.operation,
      messages: [{ $ref: `#/channels/${id}/messages/${name}` }],
    };
    sections.messages[name] = {
      name,
      title: `${entry.type} v${entry.schemaVersion}`,
      contentType: 'application/json',
      headers: summary.headers,
      payload: { $ref: `#/components/schemas/${name}` },
      ...(entry.type !== 'ComplaintCommandDeadLetter' && {
        correlationId: { location: '$message.payload#/commandId' },
      }),
      bindings: {
        kafka: {
          key: {
            type: 'string',
            description:
              entry.type === 'ComplaintCommandDeadLetter'
                ? "The original record's key, as it was."
                : 'The complaint id (also complaintId in the value).',
          },
          bindingVersion: '0.5.0',
        },
      },
    };
    const { $schema: _draft, ...payload } = entry.schema;
    sections.schemas[name] = payload;
  }
  return sections;
}

function headers(descriptions: Record<string, string>, required: string[] = []): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(descriptions).map(([header, description]) => [header, { type: 'string', description }]),
    ),
    ...(required.length > 0 && { required }),
  };
}
