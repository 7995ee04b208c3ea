import {
  CLOUD_EVENT_HEADERS,
  cloudEventType,
  COMPLAINT_EVENTS_TOPIC,
  EVENT_DATA_CONTENT_TYPE,
} from './cloud-event-contract';
import { commandChannelSections } from './command-message-asyncapi';
import { loadCommandMessageSchemas, type CommandMessageSchemaEntry } from './command-message-schemas';
import type { EventSchemaEntry, JsonSchema } from './event-schema-catalog';
import { allTopics, topicsForEvent, type TopicLayout } from './topic-layout';

export interface AsyncApiOptions {
  schemas: readonly EventSchemaEntry[];
  topics: TopicLayout;
  /** host:port of the brokers, for the `servers` section. */
  brokers?: readonly string[];
  /** The command channel's messages and topics; by default the committed schemas on the default topics. */
  commandMessages?: readonly CommandMessageSchemaEntry[];
}

/** Message names are `<EventType>.v<N>`: valid AsyncAPI component keys, and readable. */
const messageName = (entry: EventSchemaEntry) => `${entry.eventType}.v${entry.schemaVersion}`;

/** A channel id from a topic name: `complaints.sla-breaches.v1` → `complaintsSlaBreachesV1`. */
function channelId(topic: string): string {
  return topic
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part, i) => (i === 0 ? part : part[0].toUpperCase() + part.slice(1)))
    .join('');
}

/**
 * The AsyncAPI 3.0 description of what Redress publishes: one channel per
 * topic, one message per event type and schema version, CloudEvents binary
 * mode headers, the complaint id as key, and the committed JSON Schemas as
 * payloads (inlined, so the document stands alone).
 */
export function buildAsyncApiDocument(options: AsyncApiOptions): Record<string, unknown> {
  const { schemas, topics } = options;
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const topic of allTopics(topics)) {
    const carried = schemas.filter((entry) => topicsForEvent(topics, entry.eventType).includes(topic));
    const id = channelId(topic);
    channels[id] = {
      address: topic,
      title: topic,
      description:
        topic === topics.allEvents
          ? 'Every Redress complaint event, keyed by complaint id: in order per complaint.'
          : `The events routed here from ${topics.allEvents}, with the same key, headers and per-complaint order.`,
      messages: Object.fromEntries(
        carried.map((entry) => [messageName(entry), { $ref: `#/components/messages/${messageName(entry)}` }]),
      ),
      bindings: {
        kafka: { topic, partitions: topics.partitions, replicas: topics.replicationFactor, bindingVersion: '0.5.0' },
      },
    };
    operations[`publish${id[0].toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `Redress publishes to ${topic}.`,
      messages: carried.map((entry) => ({ $ref: `#/channels/${id}/messages/${messageName(entry)}` })),
    };
  }
  const commands = commandChannelSections(
    options.commandMessages ?? loadCommandMessageSchemas(),
    channelId,
    topics.partitions,
    topics.replicationFactor,
  );

  return {
    asyncapi: '3.0.0',
    id: 'urn:redress:complaint-events',
    info: {
      title: 'Redress complaint events',
      // 1.1.0: the optional trace context headers (traceparent, tracestate and their ce_ attributes).
      // 1.2.0: the command channel (commands, their results, dead letters).
      version: '1.2.0',
      description: [
        'Every fact recorded about a complaint, published from the Redress event log to Kafka.',
        '',
        'Guarantees: at least once, in order per complaint (record key = complaint id, Java-compatible murmur2',
        'partitioner, idempotent producer with acks=all). A publisher crash can re-send the last unacknowledged',
        'batch, and a backfill re-sends history: both carry the original ce_id, so deduplicate on ce_id.',
        'A payload change is a new ce_type version with its own schema; old versions stay valid forever.',
      ].join('\n'),
    },
    defaultContentType: EVENT_DATA_CONTENT_TYPE,
    servers: Object.fromEntries(
      (options.brokers ?? ['127.0.0.1:9092']).map((host, i) => [`broker${i + 1}`, { host, protocol: 'kafka' }]),
    ),
    channels: { ...channels, ...commands.channels },
    operations: { ...operations, ...commands.operations },
    components: {
      messages: {
        ...Object.fromEntries(schemas.map((entry) => [messageName(entry), message(entry)])),
        ...commands.messages,
      },
      schemas: {
        CloudEventHeaders: cloudEventHeadersSchema(),
        ...Object.fromEntries(schemas.map((entry) => [messageName(entry), payloadSchema(entry.schema)])),
        ...commands.schemas,
      },
    },
  };
}

function message(entry: EventSchemaEntry): Record<string, unknown> {
  return {
    name: messageName(entry),
    title: cloudEventType(entry.eventType, entry.schemaVersion),
    contentType: EVENT_DATA_CONTENT_TYPE,
    headers: { $ref: '#/components/schemas/CloudEventHeaders' },
    payload: { $ref: `#/components/schemas/${messageName(entry)}` },
    correlationId: { location: `$message.header#/${CLOUD_EVENT_HEADERS.correlationId.header}` },
    bindings: {
      kafka: {
        key: { type: 'string', format: 'uuid', description: 'The complaint id (also ce_subject and ce_partitionkey).' },
        bindingVersion: '0.5.0',
      },
    },
  };
}

function cloudEventHeadersSchema(): JsonSchema {
  const specs = Object.values(CLOUD_EVENT_HEADERS);
  return {
    type: 'object',
    description: `CloudEvents 1.0, Kafka binary content mode. Topic ${COMPLAINT_EVENTS_TOPIC} and the routed topics share them.`,
    properties: Object.fromEntries(
      specs.map((spec) => [spec.header, { type: 'string', description: spec.description, examples: [spec.example] }]),
    ),
    required: specs.filter((spec) => spec.required).map((spec) => spec.header),
  };
}

/** AsyncAPI's schema object is JSON Schema without `$schema`. */
function payloadSchema(schema: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}
