import { allTopics } from '@redress/contracts';
import { SpanKind, trace } from '@opentelemetry/api';
import type { EventStore, RecordedEvent, SqlClient, Subscription } from '@redress/event-store';
import { inSpanFollowing } from '@redress/observability';
import type { Kafka } from 'kafkajs';
import { abandonOnAbort, backoffDelay, sleep } from './backoff';
import { CloudEventBatches, routedBy, sendPrepared, type PreparedBatch } from './cloud-event-sender';
import { createKafkaClient, type PublishingLog } from './kafka-client';
import { CheckpointMovedError, PublisherCheckpoint } from './publisher-checkpoint';
import type { PublisherConfig } from './publisher-config';
import type { RecordProducer } from './record-producer';
import { ensureTopics } from './topic-provisioner';
import { WireRecordProducer } from './wire-record-producer';

export type PublisherState = 'stopped' | 'starting' | 'running' | 'retrying';

export interface PublisherHealth {
  /** Running and the last attempt succeeded. */
  healthy: boolean;
  /** Why it is not healthy, in words; null when healthy. Always set otherwise, even before any error. */
  reason: string | null;
  state: PublisherState;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  /** The checkpoint: every event up to here is acknowledged by Kafka. */
  position: number;
  headPosition: number | null;
  /** Events in the log not yet acknowledged by Kafka. */
  lagEvents: number | null;
  lastPublishedAt: string | null;
}

export interface KafkaEventPublisherOptions {
  /** Checkpoint name; one per independent publisher sharing a database. */
  name?: string;
  log?: PublishingLog;
  /**
   * Called once Kafka has acknowledged a batch, before its checkpoint is
   * stored: for metrics, and for tests that simulate a crash in that window.
   */
  onAcknowledged?: (events: readonly RecordedEvent[]) => void | Promise<void>;
  /** The client that provisions the topics, instead of one built from the configuration. */
  kafka?: Kafka;
  /** Makes the producer the batches go through, instead of a `WireRecordProducer` on the configured brokers. */
  producer?: () => RecordProducer;
}

/** The publisher was stopped while it was waiting to retry. */
class PublisherStoppedError extends Error {}

/** Every so many consecutive failures the producer is replaced, in case its session is what is broken. */
const FAILURES_PER_PRODUCER = 3;

/**
 * Publishes the global log to Kafka, in order, at least once.
 *
 * A catch-up subscription reads after the checkpoint; each batch becomes one
 * acks=all request of the idempotent producer, and only once Kafka has
 * acknowledged it does the checkpoint move (in the projection catalog). So a
 * crash anywhere loses nothing, and what it can duplicate is only the batch
 * that was acknowledged but not yet checkpointed, recognisable by `ce_id`.
 * While Kafka is unreachable the batch is retried with a capped backoff and
 * `health()` says so; once it is back, publishing resumes where it stopped.
 * Topics are provisioned through kafkajs's admin client; the records go
 * through a `RecordProducer`, by default a `WireRecordProducer`, which
 * encodes the records several times more cheaply than kafkajs.
 *
 * Batches are published one after the other, each only once the previous one
 * is acknowledged and checkpointed; but the next batch is read from the store
 * and turned into records while the previous one is in flight, so the
 * store's round trip and the record building overlap Kafka's instead of
 * adding to them.
 */
export class KafkaEventPublisher {
  private readonly kafka: Kafka;
  private readonly checkpoint: PublisherCheckpoint;
  private readonly log: PublishingLog;
  private readonly batches: CloudEventBatches;
  private readonly createProducer: () => RecordProducer;
  private producer: RecordProducer | undefined;
  private subscription: Subscription | undefined;
  /** The publication of the last batch handed over: settles once it is checkpointed, or has failed. */
  private inFlight: Promise<void> = Promise.resolve();
  private running: Promise<void> | undefined;
  private stopping = new AbortController();
  private topicsReady = false;

  private state: PublisherState = 'stopped';
  private position = 0;
  private failures = 0;
  private lastError: string | null = null;
  private lastErrorAt: string | null = null;
  private lastPublishedAt: string | null = null;

  constructor(
    private readonly store: EventStore,
    checkpointDb: SqlClient,
    private readonly config: PublisherConfig,
    private readonly options: KafkaEventPublisherOptions = {},
  ) {
    this.log = options.log ?? defaultLog;
    this.kafka =
      options.kafka ?? createKafkaClient({ brokers: config.brokers, clientId: config.clientId, log: this.log });
    this.createProducer =
      options.producer ?? (() => new WireRecordProducer({ brokers: config.brokers, clientId: config.clientId }));
    this.checkpoint = new PublisherCheckpoint(checkpointDb, options.name);
    this.batches = new CloudEventBatches(config, routedBy(config.topics));
  }

  /**
   * Loads the checkpoint (failing fast if its database is unusable), then
   * publishes in the background until `stop`; Kafka being down is not an
   * error here, it is retried and reported by `health`.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = new AbortController();
    this.state = 'starting';
    this.position = await this.checkpoint.load();
    this.running = this.supervise();
  }

  /** Finishes the batch in flight (acknowledged and checkpointed, or abandoned if Kafka is down), then disconnects. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopping.abort();
    await this.subscription?.stop();
    await this.running;
    await this.inFlightSettled();
    this.running = undefined;
    await this.dropProducer();
    this.state = 'stopped';
  }

  async health(): Promise<PublisherHealth> {
    const headPosition = await this.store.headPosition().catch(() => null);
    const healthy = this.state === 'running' && this.failures === 0;
    return {
      healthy,
      reason: healthy ? null : this.unhealthyReason(),
      state: this.state,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      consecutiveFailures: this.failures,
      position: this.position,
      headPosition,
      lagEvents: headPosition === null ? null : Math.max(0, headPosition - this.position),
      lastPublishedAt: this.lastPublishedAt,
    };
  }

  private unhealthyReason(): string {
    if (this.state === 'stopped') return 'the publisher is stopped';
    if (this.lastError !== null && this.failures > 0) {
      return `${this.failures} consecutive attempts failed, the last at ${this.lastErrorAt}: ${this.lastError}`;
    }
    return 'connecting to Kafka; nothing published in this session yet';
  }

  /** Resolves once every event up to `position` is acknowledged by Kafka and checkpointed. */
  async waitForPosition(position: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.position < position) {
      if (Date.now() > deadline) {
        throw new Error(`publisher did not reach position ${position} within ${timeoutMs} ms (at ${this.position})`);
      }
      await sleep(5);
    }
  }

  /** Connect, follow the log; on any failure back off and start again from the stored checkpoint. */
  private async supervise(): Promise<void> {
    let attempt = 0;
    while (!this.stopping.signal.aborted) {
      try {
        await this.connect();
        attempt = 0;
        await this.followLog();
      } catch (error) {
        await this.subscription?.stop();
        // Nothing is sent after a failed batch; the one before it may still be finishing its checkpoint.
        await this.inFlightSettled();
        if (this.stopping.signal.aborted) break;
        if (error instanceof CheckpointMovedError) {
          this.log('warn', `${error.message}; reloading it`);
          this.position = await this.checkpoint.load().catch(() => this.position);
          continue;
        }
        this.recordFailure(error);
        this.state = 'retrying';
        await this.dropProducer();
        const delay = backoffDelay(++attempt, this.config.maxRetryDelayMs);
        this.log('warn', `publisher failed (${this.lastError}); restarting in ${delay} ms`);
        await sleep(delay, this.stopping.signal);
      }
    }
  }

  private async connect(): Promise<void> {
    if (!this.topicsReady) {
      const { topics } = this.config;
      await this.unlessStopped(ensureTopics(this.kafka, allTopics(topics), topics, this.log, this.stopping.signal));
      this.topicsReady = true;
    }
    if (!this.producer) {
      const producer = this.createProducer();
      try {
        await this.unlessStopped(producer.connect());
      } catch (error) {
        await producer.disconnect().catch(() => undefined);
        throw error;
      }
      this.producer = producer;
    }
  }

  /** A Kafka client call that a stop abandons instead of waiting out the client's internal retries. */
  private unlessStopped<T>(work: Promise<T>): Promise<T> {
    return abandonOnAbort(work, this.stopping.signal, () => new PublisherStoppedError('publisher stopped'));
  }

  /** Resolves when stopped; rejects with the error that ended the subscription or a publication. */
  private followLog(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stopping.signal.addEventListener('abort', () => resolve(), { once: true });
      this.state = this.failures === 0 ? 'running' : 'retrying';
      this.inFlight = Promise.resolve();
      this.subscription = this.store.subscribeToAll({
        after: this.position,
        maxBatchSize: this.config.batchSize,
        onEvents: (events) => this.handOver(events, reject),
        onError: reject,
      });
    });
  }

  /**
   * Prepares the batch's records now, queues its publication behind the one
   * in flight, and resolves once that one is done: the subscription then
   * reads the next page while this batch is being sent. So at most one batch
   * is in flight and one waits, prepared, behind it. A failed publication
   * ends the chain (nothing after it is sent) and, through `fail`, the
   * subscription, even when it is idle at the head of the log.
   */
  private handOver(events: RecordedEvent[], fail: (error: unknown) => void): Promise<void> {
    const batch = this.batches.prepare(events);
    const previous = this.inFlight;
    const publication = previous.then(() => this.publish(events, batch));
    publication.catch(fail);
    this.inFlight = publication;
    return previous;
  }

  private inFlightSettled(): Promise<void> {
    return this.inFlight.catch(() => undefined);
  }

  private async send(batch: PreparedBatch): Promise<void> {
    await this.connect();
    await this.unlessStopped(sendPrepared(this.producer as RecordProducer, batch));
  }

  /**
   * In a producer span, `publish <topic>`, that follows the events (a child
   * of the first one's recorded trace, linked to the others'), from the
   * first attempt to Kafka's acknowledgement, each failed attempt an event
   * on it.
   */
  private publish(events: RecordedEvent[], batch: PreparedBatch): Promise<void> {
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.destination.name': this.config.topics.allEvents,
      'messaging.batch.message_count': events.length,
      'redress.log.position.first': events[0].position,
      'redress.log.position.last': events[events.length - 1].position,
    };
    return inSpanFollowing(
      `publish ${this.config.topics.allEvents}`,
      { kind: SpanKind.PRODUCER, attributes },
      events,
      () => this.publishBatch(events, batch),
    );
  }

  private async publishBatch(events: RecordedEvent[], batch: PreparedBatch): Promise<void> {
    await this.retrying(() => this.send(batch), true);
    await this.options.onAcknowledged?.(events);
    const to = events[events.length - 1].position;
    await this.retrying(() => this.checkpoint.advance(this.position, to), false);
    this.position = to;
    this.lastPublishedAt = new Date().toISOString();
  }

  /**
   * Runs `work` until it succeeds, backing off between attempts. The batch
   * stays the same across attempts: nothing after it is sent before it is
   * acknowledged, which is what keeps per-complaint order through an outage.
   */
  private async retrying(work: () => Promise<void>, sendsToKafka: boolean): Promise<void> {
    for (;;) {
      try {
        await work();
        if (this.failures > 0) this.log('log', `publishing resumed after ${this.failures} failed attempts`);
        this.failures = 0;
        this.state = 'running';
        return;
      } catch (error) {
        if (error instanceof CheckpointMovedError) throw error;
        if (this.stopping.signal.aborted) throw new PublisherStoppedError('publisher stopped');
        this.recordFailure(error);
        trace.getActiveSpan()?.addEvent('attempt failed', { 'exception.message': this.lastError ?? '' });
        this.state = 'retrying';
        // A fresh producer session (new producer id) in case the old one is what is broken; its
        // first send may repeat part of the unacknowledged batch, which is allowed.
        if (sendsToKafka && this.failures % FAILURES_PER_PRODUCER === 0) await this.dropProducer();
        const delay = backoffDelay(this.failures, this.config.maxRetryDelayMs);
        this.log('warn', `publishing failed (attempt ${this.failures}: ${this.lastError}); retrying in ${delay} ms`);
        await sleep(delay, this.stopping.signal);
      }
    }
  }

  private recordFailure(error: unknown): void {
    this.failures++;
    this.lastError = error instanceof Error ? error.message : String(error);
    this.lastErrorAt = new Date().toISOString();
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }
}

const defaultLog: PublishingLog = (level, message) => {
  const line = `[publisher] ${message}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};
