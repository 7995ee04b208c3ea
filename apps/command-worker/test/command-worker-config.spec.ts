import { ConfigError } from '@redress/config';
import { loadCommandWorkerConfig } from '../src/command-worker-config';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadCommandWorkerConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('command worker configuration', () => {
  it('defaults to the published topics, three attempts and the shared Kafka and store settings', () => {
    const config = loadCommandWorkerConfig({
      EVENT_STORE: 'postgres',
      POSTGRES_SCHEMA: 'redress',
      KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
      KAFKA_TOPIC_PARTITIONS: '6',
    });
    expect(config).toMatchObject({
      eventStore: { kind: 'postgres', postgres: { schema: 'redress' } },
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
      groupId: 'redress-command-worker',
      clientId: 'redress-command-worker',
      topics: {
        commands: 'complaints.commands.v1',
        results: 'complaints.command-results.v1',
        deadLetters: 'complaints.commands.dlq.v1',
      },
      topicSettings: { partitions: 6, replicationFactor: 1 },
      maxAttempts: 3,
      maxRetryDelayMs: 10_000,
      healthPort: 3300,
      tracing: { serviceName: 'redress-command-worker' },
    });
  });

  it('reads its own variables', () => {
    const config = loadCommandWorkerConfig({
      COMMAND_TOPIC: 'crm.commands',
      COMMAND_RESULTS_TOPIC: 'crm.results',
      COMMAND_DEAD_LETTER_TOPIC: 'crm.dlq',
      COMMAND_WORKER_GROUP_ID: 'workers',
      COMMAND_WORKER_CLIENT_ID: 'worker-a',
      COMMAND_MAX_ATTEMPTS: '5',
      COMMAND_RETRY_MAX_DELAY_MS: '2000',
      COMMAND_WORKER_HEALTH_PORT: '8080',
      OTEL_SERVICE_NAME: 'intake-worker',
    });
    expect(config).toMatchObject({
      topics: { commands: 'crm.commands', results: 'crm.results', deadLetters: 'crm.dlq' },
      groupId: 'workers',
      clientId: 'worker-a',
      maxAttempts: 5,
      maxRetryDelayMs: 2000,
      healthPort: 8080,
      tracing: { serviceName: 'intake-worker' },
    });
  });

  it('reports every bad setting at once, naming the variable, its own and the shared ones alike', () => {
    expect(
      problemsOf({
        COMMAND_MAX_ATTEMPTS: '0',
        COMMAND_RETRY_MAX_DELAY_MS: 'soon',
        COMMAND_TOPIC: 'commands for complaints',
        COMMAND_WORKER_GROUP_ID: ' ',
        EVENT_STORE: 'mysql',
      }),
    ).toEqual(
      expect.arrayContaining([
        'COMMAND_MAX_ATTEMPTS must be a whole number from 1 to 100, not "0"',
        'COMMAND_RETRY_MAX_DELAY_MS must be a whole number from 100 to 600000, not "soon"',
        'COMMAND_TOPIC must be a Kafka topic name ([A-Za-z0-9._-], 1-249), not "commands for complaints"',
        'COMMAND_WORKER_GROUP_ID must not be empty',
        expect.stringContaining('EVENT_STORE must be one of'),
      ]),
    );
    expect(problemsOf({ COMMAND_RESULTS_TOPIC: 'complaints.commands.v1' })).toEqual([
      'COMMAND_TOPIC, COMMAND_RESULTS_TOPIC and COMMAND_DEAD_LETTER_TOPIC must be three different topics',
    ]);
  });
});
