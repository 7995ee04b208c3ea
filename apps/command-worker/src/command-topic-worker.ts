import { SpanKind } from '@opentelemetry/api';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { AggregateConcurrencyError, type ComplaintCommandService } from '@redress/application';
import { commandErrorAnswer } from '@redress/command-contracts';
import {
  COMMAND_MESSAGE_HEADERS,
  type CommandTopics,
  type ComplaintCommandDeadLetter,
  type ComplaintCommandResultMessage,
} from '@redress/contracts';
import { EventStoreUnavailableError } from '@redress/event-store';
import { contextFromHeaders, inSpan } from '@redress/observability';
import {
  backoffDelay,
  createPublishingProducer,
  ensureTopics,
  sleep,
  type PublishingLog,
  type TopicSettings,
} from '@redress/publishing';
import { commandRequestFrom } from './command-envelope';
import {
  acceptedResult,
  answeredCommand,
  deadLetter,
  rejectedResult,
  type DeadLetterCause,
  type SourceRecord,
} from './command-outcome';
import { headerText, readCommandRecord } from './command-record';

export interface CommandTopicWorkerOptions {
  /** The consumer group: its committed offsets are where a restart resumes. */
  groupId: string;
  topics: CommandTopics;
  /** Partitions and replication of the three topics when the worker creates them. */
  topicSettings: TopicSettings;
  /** How often a message that cannot be handled is tried before it is dead-lettered (≥ 1). */
  maxAttempts: number;
  /** Upper bound of the backoff between attempts (poison messages, and infrastructure failures, which never give up). */
  maxRetryDelayMs: number;
  /** First backoff delay; doubles per attempt up to maxRetryDelayMs. */
  initialRetryDelayMs?: number;
  log?: PublishingLog;
  clock?: () => Date;
}

export interface CommandTopicWorkerHealth {
  healthy: boolean;
  state: 'stopped' | 'starting' | 'running' | 'retrying';
  /** The last infrastructure failure being retried, or the last one seen; null when there was none. */
  lastError: string | null;
  handled: { accepted: number; replayed: number; rejected: number; deadLettered: number };
}

/** What handling a record comes to, before anything is sent. */
type Handling =
  | { kind: 'result'; result: ComplaintCommandResultMessage }
  | { kind: 'poison'; cause: DeadLetterCause }
  | { kind: 'infrastructure'; error: unknown };

/**
 * The Kafka command topic: consumes complaint commands, executes each
 * through the same application service HTTP uses, and puts every outcome on
 * the results topic. Per record, one of three things happens:
 *
 * - a readable command is answered: accepted (with the new revision), or
 *   rejected with the body HTTP would answer. Commands are idempotent by
 *   command id (the service recognises its own events), so a redelivery
 *   appends nothing and is answered with the original result.
 * - an unreadable record (not JSON, no command id or complaint id, a key that
 *   is not the complaint id), or one whose handling fails unexpectedly, is
 *   tried `maxAttempts` times and then set aside on the dead-letter topic
 *   with the reason and the original record: the partition moves on.
 * - an infrastructure failure (the event store unavailable, writers colliding
 *   too often, Kafka refusing the result) is retried with backoff for as
 *   long as it lasts, without committing the offset: nothing is dropped.
 *
 * The offset is committed after the outcome is on its topic, one record at a
 * time, so a crash re-delivers at most the record in hand (answered again,
 * from the store, with `replayed: true`).
 */
export class CommandTopicWorker {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private stopping = new AbortController();
  private readonly state: CommandTopicWorkerHealth = {
    healthy: false,
    state: 'stopped',
    lastError: null,
    handled: { accepted: 0, replayed: 0, rejected: 0, deadLettered: 0 },
  };
  private readonly clock: () => Date;
  private readonly log: PublishingLog;

  constructor(
    private readonly kafka: Kafka,
    private readonly commands: ComplaintCommandService,
    private readonly options: CommandTopicWorkerOptions,
  ) {
    if (!Number.isInteger(options.maxAttempts) || options.maxAttempts < 1) {
      throw new Error(`maxAttempts must be a whole number >= 1, not ${options.maxAttempts}`);
    }
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log ?? (() => undefined);
  }

  async start(): Promise<void> {
    this.stopping = new AbortController();
    this.state.state = 'starting';
    const { topics } = this.options;
    await ensureTopics(
      this.kafka,
      [topics.commands, topics.results, topics.deadLetters],
      this.options.topicSettings,
      this.log,
    );
    const producer = createPublishingProducer(this.kafka);
    await producer.connect();
    this.producer = producer;
    const consumer = this.kafka.consumer({ groupId: this.options.groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    // A new group starts at the beginning: commands sent before the worker first ran are not skipped.
    await consumer.subscribe({ topics: [topics.commands], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Each partition in order; different partitions (different complaints) side by side.
      partitionsConsumedConcurrently: this.options.topicSettings.partitions,
      eachBatch: (payload) => this.handleBatch(consumer, payload),
    });
    this.consumer = consumer;
    this.state.state = 'running';
    this.state.healthy = true;
  }

  /**
   * Stops taking records, abandons a retry in progress (its record stays
   * uncommitted, for the next worker), lets the record in hand finish, and
   * leaves the group.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
    this.state.state = 'stopped';
    this.state.healthy = false;
  }

  health(): CommandTopicWorkerHealth {
    return structuredClone(this.state);
  }

  private async handleBatch(consumer: Consumer, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale() || this.stopping.signal.aborted) return;
      const record: SourceRecord = { ...message, topic: batch.topic, partition: batch.partition };
      const done = await this.handleRecord(record, message, payload);
      if (!done) return;
      payload.resolveOffset(message.offset);
      // The committed offset is the next one to read.
      await consumer.commitOffsets([
        { topic: batch.topic, partition: batch.partition, offset: (BigInt(message.offset) + 1n).toString() },
      ]);
      await payload.heartbeat();
    }
  }

  /** Handles one record until its outcome is on a topic; false when the worker stopped first. */
  private async handleRecord(record: SourceRecord, message: KafkaMessage, payload: EachBatchPayload): Promise<boolean> {
    let failures = 0;
    for (let attempt = 1; ; attempt++) {
      const handling = await this.handle(record, message);
      if (handling.kind === 'infrastructure') {
        this.retrying(handling.error, record);
        if (!(await this.pause(attempt, payload))) return false;
        continue;
      }
      if (handling.kind === 'poison') {
        failures++;
        if (failures < this.options.maxAttempts) {
          this.log('warn', `${where(record)}: attempt ${failures} failed (${handling.cause.message}); trying again`);
          if (!(await this.pause(failures, payload))) return false;
          continue;
        }
        const letter = deadLetter(record, handling.cause, failures, this.clock());
        if (!(await this.sendDeadLetter(record, letter, payload))) return false;
        this.state.handled.deadLettered++;
        this.log('warn', `${where(record)}: dead-lettered after ${failures} attempt(s): ${handling.cause.message}`);
        return true;
      }
      if (!(await this.sendResult(handling.result, payload))) return false;
      this.count(handling.result);
      return true;
    }
  }

  /** Reads, validates and executes one record's command, in a span that continues the sender's trace. */
  private async handle(record: SourceRecord, message: KafkaMessage): Promise<Handling> {
    const read = readCommandRecord(record.key, record.value);
    if (read.kind === 'unreadable') {
      const { reason, message: why, problems, commandId } = read;
      return { kind: 'poison', cause: { reason, message: why, problems, commandId } };
    }
    const command = answeredCommand(read);
    const parent = contextFromHeaders(headerText(message.headers));
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.destination.name': record.topic,
      'messaging.kafka.partition': record.partition,
      'messaging.kafka.offset': record.offset,
      'redress.command.id': read.commandId,
    };
    const span = `process ${record.topic}`;
    return inSpan(
      span,
      { kind: SpanKind.CONSUMER, attributes },
      async () => {
        try {
          const request = await commandRequestFrom(read);
          const result = await this.commands.execute(request);
          return { kind: 'result', result: acceptedResult(command, result, this.clock()) };
        } catch (error) {
          if (error instanceof EventStoreUnavailableError || error instanceof AggregateConcurrencyError) {
            return { kind: 'infrastructure', error };
          }
          const answer = commandErrorAnswer(error);
          if (answer) return { kind: 'result', result: rejectedResult(command, answer, this.clock()) };
          const why = `handling failed: ${error instanceof Error ? error.message : String(error)}`;
          return {
            kind: 'poison',
            cause: { reason: 'PROCESSING_FAILED', message: why, problems: [], commandId: read.commandId },
          };
        }
      },
      parent,
    );
  }

  private sendResult(result: ComplaintCommandResultMessage, payload: EachBatchPayload): Promise<boolean> {
    const headers = {
      'content-type': 'application/json',
      [COMMAND_MESSAGE_HEADERS.commandId]: result.commandId,
      [COMMAND_MESSAGE_HEADERS.outcome]: result.outcome,
    };
    return this.send(this.options.topics.results, result.complaintId, result, headers, payload);
  }

  private sendDeadLetter(record: SourceRecord, letter: ComplaintCommandDeadLetter, payload: EachBatchPayload) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [COMMAND_MESSAGE_HEADERS.deadLetterReason]: letter.reason,
      ...(letter.commandId !== undefined && { [COMMAND_MESSAGE_HEADERS.commandId]: letter.commandId }),
    };
    return this.send(this.options.topics.deadLetters, record.key, letter, headers, payload);
  }

  /**
   * Sends one record, retrying with backoff while Kafka refuses it; false when
   * the worker stopped during a retry. A stop does not prevent the first
   * attempt: the record in hand is finished (the producer closes after the consumer).
   */
  private async send(
    topic: string,
    key: string | Buffer | null,
    value: unknown,
    headers: Record<string, string>,
    payload: EachBatchPayload,
  ): Promise<boolean> {
    const producer = this.producer;
    if (!producer) return false;
    for (let attempt = 1; ; attempt++) {
      try {
        await producer.send({ topic, messages: [{ key, value: JSON.stringify(value), headers }] });
        this.recovered();
        return true;
      } catch (error) {
        this.retrying(error, undefined, topic);
        if (!(await this.pause(attempt, payload))) return false;
      }
    }
  }

  /**
   * Waits out the backoff of an attempt, heartbeating so the group keeps the
   * partition; false when the worker is stopping or lost the partition.
   */
  private async pause(attempt: number, payload: EachBatchPayload): Promise<boolean> {
    const delay = backoffDelay(attempt, this.options.maxRetryDelayMs, this.options.initialRetryDelayMs ?? 100);
    const until = Date.now() + delay;
    while (Date.now() < until) {
      await sleep(Math.min(until - Date.now(), 1_000), this.stopping.signal);
      if (this.stopping.signal.aborted || !payload.isRunning() || payload.isStale()) return false;
      await payload.heartbeat();
    }
    return true;
  }

  private retrying(error: unknown, record?: SourceRecord, topic?: string): void {
    const text = error instanceof Error ? error.message : String(error);
    this.state.state = 'retrying';
    this.state.healthy = false;
    this.state.lastError = text;
    this.log('warn', `${record ? where(record) : `sending to ${topic}`}: ${text}; retrying (offset not committed)`);
  }

  private recovered(): void {
    if (this.state.state !== 'retrying') return;
    this.state.state = 'running';
    this.state.healthy = true;
  }

  private count(result: ComplaintCommandResultMessage): void {
    if (result.outcome === 'rejected') this.state.handled.rejected++;
    else if (result.replayed) this.state.handled.replayed++;
    else this.state.handled.accepted++;
  }
}

function where(record: SourceRecord): string {
  return `${record.topic}[${record.partition}]@${record.offset}`;
}
