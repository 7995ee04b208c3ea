import { randomUUID } from 'node:crypto';
import type { AppendResult } from '../port';
import {
  chainedState,
  loadBatchState,
  lockHead,
  onlyWrites,
  planBatch,
  writeBatch,
  type BatchPlan,
  type BatchState,
  type PendingAppend,
  type WriteChain,
} from './append-batch';
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
  /** Fewest events a batch needs to be sent while another commits (see {@link GroupCommitter}). */
  pipelineMinEvents?: number;
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
  /** Batches sent while the one before was still committing. */
  pipelinedBatches: number;
  /** Pipelined writes that reached the head before the write they were planned on, sent again once it went through. */
  resentWrites: number;
}

/**
 * A batch's optimistic write: its plan, the chain it was sent with (none when
 * nothing needed writing), and whether it went through.
 */
interface OptimisticWrite extends BatchPlan {
  chain: WriteChain | null;
  written: boolean;
}

interface QueuedAppend extends PendingAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * A batch on its way: once its write is sent, the next batch can be planned on
 * top of its plan and sent behind it (see {@link GroupCommitter}).
 */
interface BatchInFlight {
  /** Set once the batch's optimistic write is sent: what it will have written if it succeeds. */
  chain: WriteChain | null;
  /** Resolves when the write was sent, or the batch settled without one. */
  sent: Promise<void>;
  /** Resolves when every append of the batch has its outcome. */
  settled: Promise<void>;
  /** Once settled: whether its optimistic write went through as planned (false also when there was none). */
  wroteAsPlanned: boolean;
}

const DEFAULT_MAX_APPENDS = 256;
const DEFAULT_MAX_EVENTS = 4096;
/**
 * A second batch is sent while one is committing only when it carries at least
 * this many events, and a queue of twice as many is split in two for that:
 * overlapping pays for the extra commit only when the batches are large.
 */
const DEFAULT_PIPELINE_MIN_EVENTS = 128;

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
 *
 * Large batches are pipelined, two at a time: the next one is read, planned on
 * top of the plan of the one still committing, and sent behind it, so the
 * database inserts one batch while this process prepares the next and
 * settles the last. The write of the second goes ahead only if the head is
 * exactly where the first one's write leaves it, with the first one's write
 * token (append-batch.ts); otherwise it is decided again under the lock once
 * the first has settled. Outcomes are settled in submission order.
 */
export class GroupCommitter {
  private queue: QueuedAppend[] = [];
  private committing: Promise<void> | null = null;
  private closed = false;
  private readonly maxAppends: number;
  private readonly maxEvents: number;
  private readonly pipelineMinEvents: number;
  private readonly counters: GroupCommitMetrics = {
    batches: 0,
    appends: 0,
    events: 0,
    largestBatch: 0,
    lockedRetries: 0,
    splitBatches: 0,
    pipelinedBatches: 0,
    resentWrites: 0,
  };

  constructor(
    private readonly client: SqlClient,
    private readonly options: GroupCommitOptions = {},
  ) {
    this.maxAppends = options.maxAppendsPerBatch ?? DEFAULT_MAX_APPENDS;
    this.maxEvents = options.maxEventsPerBatch ?? DEFAULT_MAX_EVENTS;
    this.pipelineMinEvents = options.pipelineMinEvents ?? DEFAULT_PIPELINE_MIN_EVENTS;
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
    let previous: BatchInFlight | null = null;
    for (;;) {
      const pipelined = previous?.chain != null && this.queuedEvents() >= this.pipelineMinEvents;
      if (previous && !pipelined) {
        // Too little to send behind it: let it settle while more accumulates.
        await previous.settled;
        previous = null;
      }
      if (this.queue.length === 0) break;
      const batch = this.takeBatch(previous === null);
      if (pipelined) this.counters.pipelinedBatches++;
      const current = this.start(batch, pipelined ? previous : null);
      await current.sent;
      // Two batches in flight at most: the one before must settle before a third starts.
      if (previous) {
        await previous.settled;
        // Planned on a write that did not happen, this one's write cannot succeed either: plan nothing on it.
        if (pipelined && !previous.wroteAsPlanned) current.chain = null;
      }
      previous = current;
    }
    this.committing = null;
  }

  private queuedEvents(): number {
    let events = 0;
    for (const append of this.queue) events += append.events.length;
    return events;
  }

  /**
   * Takes the next batch off the queue. With nothing in flight, a queue large
   * enough for two pipelined batches gives only its first half, so that the
   * second half can follow it at once.
   */
  private takeBatch(nothingInFlight: boolean): QueuedAppend[] {
    const queued = this.queuedEvents();
    const eventLimit =
      nothingInFlight && queued >= 2 * this.pipelineMinEvents ? Math.min(this.maxEvents, queued / 2) : this.maxEvents;
    let events = 0;
    let count = 0;
    while (count < this.queue.length && count < this.maxAppends) {
      events += this.queue[count].events.length;
      if (count > 0 && events > eventLimit) break;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private start(batch: QueuedAppend[], previous: BatchInFlight | null): BatchInFlight {
    let markSent!: () => void;
    const inFlight: BatchInFlight = {
      chain: null,
      sent: new Promise<void>((resolve) => (markSent = resolve)),
      settled: Promise.resolve(),
      wroteAsPlanned: false,
    };
    const onSent = (chain: WriteChain | null) => {
      inFlight.chain = chain;
      markSent();
    };
    inFlight.settled = this.commit(batch, previous, onSent)
      .then((wroteAsPlanned) => {
        inFlight.wroteAsPlanned = wroteAsPlanned;
      })
      .finally(markSent);
    return inFlight;
  }

  private async commit(
    batch: QueuedAppend[],
    previous: BatchInFlight | null,
    onSent: (chain: WriteChain | null) => void,
  ): Promise<boolean> {
    const plannedOn = previous?.chain ?? null;
    let optimistic: OptimisticWrite;
    try {
      optimistic = await this.writeOptimistically(batch, plannedOn, onSent);
    } catch (error) {
      // Something no check foresaw failed the whole transaction: a malformed event id or payload, a lost
      // connection. Retrying each append alone gives the error to its own caller and lets the others through;
      // an append that did commit after all is then found again by its event ids.
      await previous?.settled;
      await this.commitOneByOne(batch, error);
      return false;
    }
    // Outcomes in submission order: the batch before settles first, and a retry under the lock follows it.
    await previous?.settled;
    if (optimistic.chain !== null && !optimistic.written && previous?.wroteAsPlanned) {
      // Sent on another connection, the write can reach the head before the write it was planned on and find the
      // head short of it; that write has now gone through as planned, so the same write is sent again. It still
      // goes ahead only on that write's head and token, so it fails again if anyone else wrote since.
      optimistic.written = await this.resend(optimistic.chain).catch(() => false);
    }
    // A plan with rows holds if its write went through, which checked the write it was planned on. One without
    // (repeats, conflicts) was decided on that write too: it holds only if that write went through as planned.
    const holds = optimistic.rows.length > 0 ? optimistic.written : plannedOn === null || previous!.wroteAsPlanned;
    let plan: BatchPlan = optimistic;
    if (!holds) {
      this.counters.lockedRetries++;
      try {
        plan = await this.writeUnderLock(batch);
      } catch (error) {
        await this.commitOneByOne(batch, error);
        return false;
      }
    }
    this.settle(batch, plan);
    return optimistic.written;
  }

  private async commitOneByOne(batch: QueuedAppend[], error: unknown): Promise<void> {
    if (batch.length === 1) return batch[0].reject(error);
    this.counters.splitBatches++;
    for (const append of batch) {
      try {
        this.settle([append], await this.writeUnderLock([append]));
      } catch (appendError) {
        append.reject(appendError);
      }
    }
  }

  private settle(batch: QueuedAppend[], plan: BatchPlan): void {
    this.counters.batches++;
    this.counters.appends += batch.length;
    this.counters.events += plan.rows.length;
    this.counters.largestBatch = Math.max(this.counters.largestBatch, batch.length);
    if (plan.rows.length > 0) this.options.afterCommit?.();
    plan.outcomes.forEach((outcome, i) =>
      outcome.ok ? batch[i].resolve(outcome.result) : batch[i].reject(outcome.error),
    );
  }

  /**
   * Decides on an unlocked read (on top of `after`, the plan of a batch still
   * committing, if any) and writes only if the head is then where the read and
   * that plan put it (see append-batch.ts). `onSent` hears of the write as
   * soon as it is on its way, so the next batch can be planned behind it.
   */
  private async writeOptimistically(
    batch: QueuedAppend[],
    after: WriteChain | null,
    onSent: (chain: WriteChain | null) => void,
  ): Promise<OptimisticWrite> {
    const decide = (state: BatchState) => planBatch(batch, after ? chainedState(state, after) : state);
    // First without looking up the event ids (see loadBatchState); a plan that rejects or repeats anything is
    // decided again with them. A write of a stored id fails as a whole and is then decided under the lock.
    let state = await loadBatchState(this.client, batch, { eventIds: false });
    let plan = decide(state);
    if (!onlyWrites(plan)) {
      state = await loadBatchState(this.client, batch);
      plan = decide(state);
    }
    if (plan.rows.length === 0) {
      onSent(null);
      return { ...plan, chain: null, written: false };
    }
    const chain: WriteChain = {
      plan,
      token: randomUUID(),
      requiredHead: after ? after.plan.headPosition : state.headPosition,
      requiredToken: after ? after.token : null,
    };
    const writing = writeBatch(this.client, chain, this.options.notifyChannel);
    onSent(chain);
    return { ...plan, chain, written: await writing };
  }

  private resend(chain: WriteChain): Promise<boolean> {
    this.counters.resentWrites++;
    return writeBatch(this.client, chain, this.options.notifyChannel);
  }

  /** Takes the head lock first, so the state read next cannot change before the write. */
  private writeUnderLock(batch: QueuedAppend[]): Promise<BatchPlan> {
    return this.client.transaction(async (tx) => {
      await lockHead(tx);
      const state = await loadBatchState(tx, batch);
      const plan = planBatch(batch, state);
      const chain: WriteChain = { plan, token: randomUUID(), requiredHead: state.headPosition, requiredToken: null };
      if (plan.rows.length > 0 && !(await writeBatch(tx, chain, this.options.notifyChannel))) {
        throw new Error('the log head moved while this transaction held its lock');
      }
      return plan;
    });
  }
}
