import type { AppendResult } from '../port';
import { loadBatchState, lockHead, planBatch, writeBatch, type BatchPlan, type PendingAppend } from './append-batch';
import type { SqlClient } from './sql-client';

export interface GroupCommitOptions {
  /** Most appends one transaction takes; the rest wait for the next one. */
  maxAppendsPerBatch?: number;
  /** Most events one transaction takes (an append larger than this still goes, alone). */
  maxEventsPerBatch?: number;
  /** A channel to NOTIFY (payload: the new head position) from every transaction that writes events. */
  notifyChannel?: string;
  /** Runs after every commit that wrote events (e.g. waking in-process subscribers). */
  afterCommit?: () => void;
}

/** Counters to observe batching: events per transaction is `events / batches`. */
export interface GroupCommitMetrics {
  /** Batches settled, each by one commit (or by a read alone when nothing needed writing). */
  batches: number;
  /** Appends settled by those transactions (written, repeated or rejected). */
  appends: number;
  /** Events written. */
  events: number;
  /** The most appends one transaction carried. */
  largestBatch: number;
  /** Batches whose optimistic write found the head moved by another writer, and were decided again under the lock. */
  lockedRetries: number;
  /** Batches that failed as a whole and were retried one append at a time. */
  splitBatches: number;
}

interface QueuedAppend extends PendingAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const DEFAULT_MAX_APPENDS = 256;
const DEFAULT_MAX_EVENTS = 4096;

/**
 * Group commit: concurrent appends queue here, and a single committer drains
 * the queue one batch at a time (see append-batch.ts), so many appends share
 * one commit and one fsync. There is no timer: while a batch commits, the
 * next one accumulates, so an idle store commits a lone append at once and a
 * busy one batches by itself.
 *
 * A batch is first written optimistically (one read, one self-committing
 * write); if another writer moved the log head in between, it is decided
 * again in a transaction that takes the head lock before reading.
 */
export class GroupCommitter {
  private queue: QueuedAppend[] = [];
  private committing: Promise<void> | null = null;
  private closed = false;
  private readonly maxAppends: number;
  private readonly maxEvents: number;
  private readonly counters: GroupCommitMetrics = {
    batches: 0,
    appends: 0,
    events: 0,
    largestBatch: 0,
    lockedRetries: 0,
    splitBatches: 0,
  };

  constructor(
    private readonly client: SqlClient,
    private readonly options: GroupCommitOptions = {},
  ) {
    this.maxAppends = options.maxAppendsPerBatch ?? DEFAULT_MAX_APPENDS;
    this.maxEvents = options.maxEventsPerBatch ?? DEFAULT_MAX_EVENTS;
  }

  submit(append: PendingAppend): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ ...append, resolve, reject });
      this.committing ??= this.drain();
    });
  }

  metrics(): GroupCommitMetrics {
    return { ...this.counters };
  }

  /** Refuses new appends and resolves once the queued ones are settled. */
  async close(): Promise<void> {
    this.closed = true;
    await this.committing;
  }

  private async drain(): Promise<void> {
    // Yield once, so appends submitted in the same tick as the first (a Promise.all burst) share its batch.
    await Promise.resolve();
    while (this.queue.length > 0) await this.commit(this.takeBatch());
    this.committing = null;
  }

  private takeBatch(): QueuedAppend[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length && count < this.maxAppends) {
      events += this.queue[count].events.length;
      if (count > 0 && events > this.maxEvents) break;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async commit(batch: QueuedAppend[]): Promise<void> {
    let plan: BatchPlan;
    try {
      plan = (await this.writeOptimistically(batch)) ?? (await this.writeUnderLock(batch));
    } catch (error) {
      // Something no check foresaw failed the whole transaction: a malformed event id or payload, a lost
      // connection. Retrying each append alone gives the error to its own caller and lets the others through;
      // an append that did commit after all is then found again by its event ids.
      if (batch.length === 1) return batch[0].reject(error);
      this.counters.splitBatches++;
      for (const append of batch) await this.commit([append]);
      return;
    }
    this.counters.batches++;
    this.counters.appends += batch.length;
    this.counters.events += plan.rows.length;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
    if (plan.rows.length > 0) this.options.afterCommit?.();
    plan.outcomes.forEach((outcome, i) =>
      outcome.ok ? batch[i].resolve(outcome.result) : batch[i].reject(outcome.error),
    );
  }

  /** Decides on an unlocked read and writes only if the head has not moved since (see append-batch.ts). */
  private async writeOptimistically(batch: QueuedAppend[]): Promise<BatchPlan | null> {
    const state = await loadBatchState(this.client, batch);
    const plan = planBatch(batch, state);
    if (plan.rows.length === 0) return plan;
    if (await writeBatch(this.client, plan, state.headPosition, this.options.notifyChannel)) return plan;
    this.counters.lockedRetries++;
    return null;
  }

  /** Takes the head lock first, so the state read next cannot change before the write. */
  private writeUnderLock(batch: QueuedAppend[]): Promise<BatchPlan> {
    return this.client.transaction(async (tx) => {
      await lockHead(tx);
      const state = await loadBatchState(tx, batch);
      const plan = planBatch(batch, state);
      if (plan.rows.length > 0 && !(await writeBatch(tx, plan, state.headPosition, this.options.notifyChannel))) {
        throw new Error('the log head moved while this transaction held its lock');
      }
      return plan;
    });
  }
}
