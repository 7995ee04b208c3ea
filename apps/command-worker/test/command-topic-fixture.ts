import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type IHeaders, type Producer } from 'kafkajs';
import { openPersistence, type Persistence } from '@redress/config';
import type { CommandTopics, ComplaintCommandResultMessage } from '@redress/contracts';
import type { EventStore } from '@redress/event-store';
import { createPublishingProducer } from '@redress/publishing';
import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../../libs/event-store/test/support/postgres-test-schema';
import { deleteTopicsOf, waitUntil } from '../../../test/kafka/kafka-publication-fixture';
import type { ReadRecord } from '../../../test/support/kafka-topic-reader';
import { ensureLocalKafka } from '../../../test/support/local-kafka';
import { headerText } from '../src/command-record';
import { CommandTopicWorker, type CommandTopicWorkerOptions } from '../src/command-topic-worker';
import { complaintCommandService } from '../src/complaint-commands';

export const MAX_ATTEMPTS = 3;

/**
 * The command topic for one spec: topics and a consumer group of its own (so
 * specs and reruns never see each other's records), a PostgreSQL event store
 * in a schema of its own opened as the worker process opens it, workers over
 * it, and a producer that sends commands as an enterprise system would.
 */
export async function openCommandTopicFixture() {
  const brokers = await ensureLocalKafka();
  await adminQuery('SELECT 1'); // fails with a hint when PostgreSQL is down; never skips
  const schema = randomSchemaName();
  const persistence: Persistence = await openPersistence(
    { kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 4 } },
    'redress-command-worker-test',
  );
  const run = `t${randomUUID().slice(0, 8)}`;
  const topics: CommandTopics = {
    commands: `${run}.complaints.commands.v1`,
    results: `${run}.complaints.command-results.v1`,
    deadLetters: `${run}.complaints.commands.dlq.v1`,
  };
  const kafka = new Kafka({ clientId: `command-topic-${run}`, brokers, logLevel: logLevel.NOTHING });
  const producer: Producer = createPublishingProducer(kafka);
  await producer.connect();
  const workers: CommandTopicWorker[] = [];
  const logs: string[] = [];
  // One reader for the whole spec (joining a new group per read costs seconds on the shared broker).
  const answers = new TopicCollector(kafka, `reader-${run}`, [topics.results, topics.deadLetters]);

  return {
    brokers,
    kafka,
    topics,
    store: persistence.eventStore,
    logs,
    groupId: `command-worker-${run}`,

    /**
     * A worker on this fixture's topics and group, with the command service the process builds;
     * `store` replaces its event store (e.g. one that fails).
     */
    async worker(store: EventStore = persistence.eventStore, options: Partial<CommandTopicWorkerOptions> = {}) {
      const commands = await complaintCommandService({ ...persistence, eventStore: store });
      const worker = new CommandTopicWorker(kafka, commands, {
        groupId: this.groupId,
        topics,
        topicSettings: { partitions: 3, replicationFactor: 1 },
        maxAttempts: MAX_ATTEMPTS,
        maxRetryDelayMs: 200,
        initialRetryDelayMs: 20,
        log: (level, message) => logs.push(`${level}: ${message}`),
        ...options,
      });
      workers.push(worker);
      await worker.start();
      return worker;
    },

    /** Sends one record to the command topic: a message object as JSON, or raw bytes. */
    async send(key: string | null, value: object | string | Buffer, headers: IHeaders = {}): Promise<void> {
      const raw = typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value);
      await producer.send({ topic: topics.commands, messages: [{ key, value: raw, headers }] });
    },

    /** The result records of `commandId`, once `count` of them are on the results topic. */
    async resultRecords(commandId: string, count = 1): Promise<ReadRecord[]> {
      const records = await answers.until(topics.results, (all) => ofCommand(all, commandId).length >= count);
      return ofCommand(records, commandId);
    },

    async results(commandId: string, count = 1): Promise<ComplaintCommandResultMessage[]> {
      const records = await this.resultRecords(commandId, count);
      return records.map((record) => record.value as ComplaintCommandResultMessage);
    },

    async result(commandId: string): Promise<ComplaintCommandResultMessage> {
      return (await this.results(commandId))[0];
    },

    /** The dead letters, once `done` holds for them. */
    async deadLetters(done: (letters: ReadRecord[]) => boolean): Promise<ReadRecord[]> {
      return answers.until(topics.deadLetters, done);
    },

    /** Every record of the results or dead-letter topic read so far, once `done` holds for them. */
    async answers(topic: string, done: (records: ReadRecord[]) => boolean): Promise<ReadRecord[]> {
      return answers.until(topic, done);
    },

    waitUntil,

    async close(): Promise<void> {
      for (const worker of workers) await worker.stop();
      await answers.stop();
      await producer.disconnect();
      await persistence.close();
      await dropSchema(schema);
      await deleteTopicsOf(brokers, run);
    },
  };
}

export type CommandTopicFixture = Awaited<ReturnType<typeof openCommandTopicFixture>>;

/**
 * Reads topics from the beginning with one consumer for as long as the spec
 * runs, started on first use (the topics exist once a worker has started).
 */
class TopicCollector {
  private readonly records = new Map<string, ReadRecord[]>();
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topics: string[],
  ) {
    for (const topic of topics) this.records.set(topic, []);
  }

  async until(topic: string, done: (records: ReadRecord[]) => boolean, timeoutMs = 60_000): Promise<ReadRecord[]> {
    if (!this.consumer) await this.start();
    const records = this.records.get(topic)!;
    await waitUntil(() => done(records), timeoutMs, `${topic}: the awaited records`);
    return [...records];
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  private async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId, allowAutoTopicCreation: false });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.records.get(topic)!.push({
          topic,
          partition,
          offset: Number(message.offset),
          key: message.key?.toString() ?? '',
          value: message.value ? JSON.parse(message.value.toString()) : null,
          headers: headerText(message.headers),
        });
      },
    });
  }
}

function ofCommand(records: ReadRecord[], commandId: string): ReadRecord[] {
  return records.filter((record) => (record.value as { commandId?: string } | null)?.commandId === commandId);
}

/** A command message as an enterprise system sends it; `overrides` replace or add envelope fields. */
export function commandMessage(
  complaintId: string,
  command: string,
  body: unknown,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> & { commandId: string } {
  return {
    commandId: randomUUID(),
    complaintId,
    command,
    body,
    actor: { id: 'call-centre-7', role: 'agent' },
    ...overrides,
  };
}
