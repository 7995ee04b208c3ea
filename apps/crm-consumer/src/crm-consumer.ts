import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { CustomerViewStore } from './customer-view-store';
import { readPublishedEvent } from './published-event';

export interface CrmConsumerOptions {
  /** The consumer group: its committed offsets are where a restart resumes. */
  groupId: string;
  topic: string;
  log?: (message: string) => void;
}

/**
 * The reference downstream consumer: Redress events from Kafka into a
 * customer-centric view. What it relies on, and what it does about it:
 *
 * - Order per complaint: Redress keys every record by complaint id, so one
 *   complaint's events share a partition and arrive in order. Partitions are
 *   processed one batch at a time, in offset order (kafkajs's eachBatch).
 * - At least once, never lost: Redress may deliver an event twice (a
 *   publisher crash between Kafka's ack and its checkpoint, a backfill), and
 *   so may Kafka (a rebalance or crash before our offset commit). Each event
 *   carries a stable `ce_id`; the store applies an id once and ignores it
 *   after that, in the same transaction as the view update.
 * - Offsets are committed manually, only after that transaction: a crash
 *   before the commit re-delivers the batch, and the ids make it harmless.
 * - A record it cannot read (malformed, or a payload version it does not
 *   know) fails the batch instead of being skipped: skipping would silently
 *   corrupt the view. kafkajs retries it; an operator fixes the consumer.
 */
export class CrmConsumer {
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly store: CustomerViewStore,
    private readonly options: CrmConsumerOptions,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.options.groupId });
    await consumer.connect();
    // A new group reads the topic from the beginning: the view is built from the whole history.
    await consumer.subscribe({ topics: [this.options.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handle(consumer, payload),
    });
    this.consumer = consumer;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async handle(consumer: Consumer, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || payload.isStale()) return;
    const events = batch.messages.map(readPublishedEvent);
    const result = await this.store.applyBatch(events);
    if (result.duplicates > 0) {
      this.options.log?.(
        `partition ${batch.partition}: ${result.duplicates} duplicate(s) recognised by ce_id, ignored`,
      );
    }
    const last = batch.messages[batch.messages.length - 1].offset;
    payload.resolveOffset(last);
    // The committed offset is the next one to read.
    await consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
    ]);
    await payload.heartbeat();
  }
}
