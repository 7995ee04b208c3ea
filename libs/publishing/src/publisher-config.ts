import { COMPLAINT_EVENTS_TOPIC, DEFAULT_CLOUDEVENTS_SOURCE, type TopicLayout } from '@redress/contracts';
import type { CloudEventOptions } from './cloud-event-message';

export interface PublisherConfig extends CloudEventOptions {
  brokers: string[];
  clientId: string;
  topics: TopicLayout;
  /** Events read from the log and sent to Kafka in one request (at most). */
  batchSize: number;
  /** Upper bound of the backoff between attempts while Kafka (or the checkpoint database) fails. */
  maxRetryDelayMs: number;
}

export class PublisherConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid publisher configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PublisherConfigError';
  }
}

/**
 * Reads the publisher's settings from the environment, reporting every bad
 * one at once:
 *
 * | variable                          | default                          |
 * | --------------------------------- | -------------------------------- |
 * | KAFKA_BROKERS                     | 127.0.0.1:9092 (comma-separated) |
 * | KAFKA_CLIENT_ID                   | redress-publisher                |
 * | KAFKA_TOPIC_PARTITIONS            | 3                                |
 * | KAFKA_REPLICATION_FACTOR          | 1                                |
 * | KAFKA_TOPIC_ROUTES                | none; `Type=topic[,topic];…`     |
 * | CLOUDEVENTS_SOURCE                | /redress                         |
 * | CLOUDEVENTS_DATASCHEMA_BASE_URL   | http://localhost:3000/schemas    |
 * | PUBLISHER_BATCH_SIZE              | 1000                             |
 * | PUBLISHER_MAX_RETRY_DELAY_MS      | 10000                            |
 */
export function loadPublisherConfig(env: NodeJS.ProcessEnv): PublisherConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number) => {
    const text = env[name] ?? String(fallback);
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min) problems.push(`${name} must be an integer >= ${min}, not "${text}"`);
    return value;
  };

  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) problems.push(`KAFKA_BROKERS must list host:port, not "${broker}"`);
  }
  const clientId = env.KAFKA_CLIENT_ID ?? 'redress-publisher';
  if (clientId.trim() === '') problems.push('KAFKA_CLIENT_ID must not be empty');
  const source = env.CLOUDEVENTS_SOURCE ?? DEFAULT_CLOUDEVENTS_SOURCE;
  if (source.trim() === '') problems.push('CLOUDEVENTS_SOURCE must not be empty');
  const dataSchemaBaseUrl = env.CLOUDEVENTS_DATASCHEMA_BASE_URL ?? 'http://localhost:3000/schemas';
  if (!URL.canParse(dataSchemaBaseUrl))
    problems.push(`CLOUDEVENTS_DATASCHEMA_BASE_URL must be an absolute URL, not "${dataSchemaBaseUrl}"`);

  // One cluster may carry several deployments (or a staging copy beside production): each needs its own topic.
  if (env.KAFKA_EVENTS_TOPIC !== undefined && !TOPIC_NAME.test(env.KAFKA_EVENTS_TOPIC)) {
    problems.push(
      `KAFKA_EVENTS_TOPIC must be a Kafka topic name (letters, digits, . _ -), not "${env.KAFKA_EVENTS_TOPIC}"`,
    );
  }
  const config: PublisherConfig = {
    brokers,
    clientId,
    source,
    dataSchemaBaseUrl,
    topics: {
      allEvents: env.KAFKA_EVENTS_TOPIC ?? COMPLAINT_EVENTS_TOPIC,
      routes: parseTopicRoutes(env.KAFKA_TOPIC_ROUTES ?? '', problems),
      partitions: integer('KAFKA_TOPIC_PARTITIONS', 3, 1),
      replicationFactor: integer('KAFKA_REPLICATION_FACTOR', 1, 1),
    },
    batchSize: integer('PUBLISHER_BATCH_SIZE', 1000, 1),
    maxRetryDelayMs: integer('PUBLISHER_MAX_RETRY_DELAY_MS', 10_000, 100),
  };
  if (problems.length > 0) throw new PublisherConfigError(problems);
  return config;
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** `SlaBreached=complaints.sla-breaches.v1;ComplaintEscalated=a,b` → {SlaBreached: [...], ComplaintEscalated: [a, b]}. */
export function parseTopicRoutes(text: string, problems: string[]): Record<string, string[]> {
  const routes: Record<string, string[]> = {};
  for (const entry of text
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [eventType, topicList = ''] = entry.split('=', 2).map((part) => part.trim());
    const topics = topicList
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (!/^[A-Za-z]+$/.test(eventType) || topics.length === 0 || !topics.every((t) => TOPIC_NAME.test(t))) {
      problems.push(`KAFKA_TOPIC_ROUTES entries must look like EventType=topic[,topic], not "${entry}"`);
      continue;
    }
    routes[eventType] = [...(routes[eventType] ?? []), ...topics];
  }
  return routes;
}
