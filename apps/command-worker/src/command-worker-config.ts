import { ConfigError, integer, loadConfig, type EventStoreConfig } from '@redress/config';
import { DEFAULT_COMMAND_TOPICS, type CommandTopics } from '@redress/contracts';
import type { TracingConfig } from '@redress/observability';
import type { TopicSettings } from '@redress/publishing';

export interface CommandWorkerConfig {
  /** The event store the commands are executed against: the API's configuration (EVENT_STORE and the rest). */
  eventStore: EventStoreConfig;
  brokers: string[];
  clientId: string;
  groupId: string;
  topics: CommandTopics;
  topicSettings: TopicSettings;
  maxAttempts: number;
  maxRetryDelayMs: number;
  healthPort: number;
  tracing: TracingConfig;
}

/** `service.name` of the worker's spans unless OTEL_SERVICE_NAME says otherwise. */
export const COMMAND_WORKER_SERVICE_NAME = 'redress-command-worker';

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/**
 * The command worker's settings: the event store, Kafka brokers, partitions,
 * replication and tracing as every Redress process reads them (loadConfig),
 * and its own, every bad one reported at once:
 *
 * | variable                     | default                       |
 * | ---------------------------- | ----------------------------- |
 * | COMMAND_TOPIC                | complaints.commands.v1        |
 * | COMMAND_RESULTS_TOPIC        | complaints.command-results.v1 |
 * | COMMAND_DEAD_LETTER_TOPIC    | complaints.commands.dlq.v1    |
 * | COMMAND_WORKER_GROUP_ID      | redress-command-worker        |
 * | COMMAND_WORKER_CLIENT_ID     | redress-command-worker        |
 * | COMMAND_MAX_ATTEMPTS         | 3 (1 to 100)                  |
 * | COMMAND_RETRY_MAX_DELAY_MS   | 10000 (100 to 600000)         |
 * | COMMAND_WORKER_HEALTH_PORT   | 3300                          |
 */
export function loadCommandWorkerConfig(env: NodeJS.ProcessEnv): CommandWorkerConfig {
  const problems: string[] = [];
  let shared: ReturnType<typeof loadConfig> | undefined;
  try {
    shared = loadConfig({ OTEL_SERVICE_NAME: COMMAND_WORKER_SERVICE_NAME, ...env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const topic = (name: string, fallback: string) => {
    const value = env[name] ?? fallback;
    if (!TOPIC_NAME.test(value))
      problems.push(`${name} must be a Kafka topic name ([A-Za-z0-9._-], 1-249), not "${value}"`);
    return value;
  };
  const text = (name: string, fallback: string) => {
    const value = env[name] ?? fallback;
    if (value.trim() === '') problems.push(`${name} must not be empty`);
    return value;
  };
  const topics: CommandTopics = {
    commands: topic('COMMAND_TOPIC', DEFAULT_COMMAND_TOPICS.commands),
    results: topic('COMMAND_RESULTS_TOPIC', DEFAULT_COMMAND_TOPICS.results),
    deadLetters: topic('COMMAND_DEAD_LETTER_TOPIC', DEFAULT_COMMAND_TOPICS.deadLetters),
  };
  if (new Set(Object.values(topics)).size < 3) {
    problems.push('COMMAND_TOPIC, COMMAND_RESULTS_TOPIC and COMMAND_DEAD_LETTER_TOPIC must be three different topics');
  }
  const groupId = text('COMMAND_WORKER_GROUP_ID', 'redress-command-worker');
  const clientId = text('COMMAND_WORKER_CLIENT_ID', 'redress-command-worker');
  const maxAttempts = integer(env, 'COMMAND_MAX_ATTEMPTS', 3, 1, 100, problems);
  const maxRetryDelayMs = integer(env, 'COMMAND_RETRY_MAX_DELAY_MS', 10_000, 100, 600_000, problems);
  const healthPort = integer(env, 'COMMAND_WORKER_HEALTH_PORT', 3300, 0, 65535, problems);

  if (problems.length > 0 || !shared) throw new ConfigError(problems);
  const { publisher } = shared.publishing;
  return {
    eventStore: shared.eventStore,
    brokers: publisher.brokers,
    clientId,
    groupId,
    topics,
    topicSettings: { partitions: publisher.topics.partitions, replicationFactor: publisher.topics.replicationFactor },
    maxAttempts,
    maxRetryDelayMs,
    healthPort,
    tracing: shared.tracing,
  };
}
