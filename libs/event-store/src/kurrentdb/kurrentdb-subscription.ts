import type { AllStreamResolvedEvent, AllStreamSubscription, ReadPosition } from '@kurrent/kurrentdb-client';
import type { RecordedEvent, Subscription, SubscriptionOptions } from '../port';
import { positionOf, toReadPosition } from './kurrentdb-mapping';

const DEFAULT_BATCH = 500;

/** How long to wait before resubscribing after the n-th consecutive drop: initial·2ⁿ, capped. */
export interface ResubscribeBackoff {
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESUBSCRIBE_BACKOFF: ResubscribeBackoff = { initialDelayMs: 100, maxDelayMs: 5_000 };

type Outcome = 'stopped' | 'dropped';
const STOP = Symbol('stop');

/**
 * A catch-up subscription to `$all` that survives dropped connections.
 *
 * The server subscription is a Node Readable; we take whatever it has buffered
 * as one batch (up to maxBatchSize) and hand batches to the handler one at a
 * time, so the Readable's backpressure throttles the server while the handler
 * runs. `position` advances only after the handler resolves, which makes it a
 * checkpoint: when the connection drops (error or end), we resubscribe from
 * it with capped exponential backoff, and drop anything at or before it that
 * the server sends again, so nothing is delivered twice and nothing is missed.
 * A handler error (or an event we cannot map, which would fail again on every
 * resubscribe) stops the subscription and goes to onError.
 */
export class KurrentDbCatchUpSubscription implements Subscription {
  private current: number;
  private stopped = false;
  private requestStop!: () => void;
  private readonly stopRequested = new Promise<typeof STOP>((resolve) => {
    this.requestStop = () => resolve(STOP);
  });
  private readonly running: Promise<void>;

  constructor(
    /** Opens a server subscription starting at the given position. */
    private readonly open: (from: ReadPosition) => AllStreamSubscription,
    /** Maps a Redress event, or returns undefined for one the subscriber must not see. */
    private readonly toEvent: (resolved: AllStreamResolvedEvent) => RecordedEvent | undefined,
    private readonly options: SubscriptionOptions,
    private readonly backoff: ResubscribeBackoff = DEFAULT_RESUBSCRIBE_BACKOFF,
  ) {
    this.current = options.after;
    toReadPosition(options.after); // validate now rather than inside the loop
    this.running = this.run();
  }

  get position(): number {
    return this.current;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.requestStop();
    await this.running;
  }

  private async run(): Promise<void> {
    let consecutiveDrops = 0;
    while (!this.stopped) {
      let received = false;
      let outcome: Outcome = 'dropped';
      let subscription: AllStreamSubscription | undefined;
      try {
        subscription = this.open(toReadPosition(this.current));
        outcome = await this.follow(subscription, () => (received = true));
      } catch {
        // Opening failed; same as a drop.
      } finally {
        if (subscription) await this.close(subscription);
      }
      if (outcome === 'stopped' || this.stopped) return;
      consecutiveDrops = received ? 1 : consecutiveDrops + 1;
      const delay = Math.min(this.backoff.maxDelayMs, this.backoff.initialDelayMs * 2 ** (consecutiveDrops - 1));
      await this.sleepUnlessStopped(delay);
    }
  }

  /** Delivers events from one server subscription until it drops or we stop. */
  private async follow(subscription: AllStreamSubscription, onReceived: () => void): Promise<Outcome> {
    // Errors reach us through the iterator; without a listener an 'error' event would crash the process.
    subscription.on('error', () => undefined);
    const iterator = subscription[Symbol.asyncIterator]();
    const maxBatchSize = this.options.maxBatchSize ?? DEFAULT_BATCH;
    for (;;) {
      const next = iterator.next();
      next.catch(() => undefined); // it may settle after we stopped waiting for it
      let first: IteratorResult<AllStreamResolvedEvent> | typeof STOP;
      try {
        first = await Promise.race([next, this.stopRequested]);
      } catch {
        return 'dropped';
      }
      if (first === STOP) return 'stopped';
      if (first.done) return 'dropped'; // a live subscription never ends by itself
      onReceived();

      const buffered = [first.value, ...takeBuffered(subscription, maxBatchSize - 1)];
      let batch: RecordedEvent[];
      try {
        batch = this.toBatch(buffered);
      } catch (error) {
        return this.fail(error);
      }
      if (batch.length === 0) continue;
      try {
        await this.options.onEvents(batch);
      } catch (error) {
        return this.fail(error);
      }
      this.current = batch[batch.length - 1].position;
      if (this.stopped) return 'stopped';
    }
  }

  /** The Redress events after the checkpoint; a resubscribe may repeat the event at the checkpoint itself. */
  private toBatch(buffered: AllStreamResolvedEvent[]): RecordedEvent[] {
    const batch: RecordedEvent[] = [];
    for (const resolved of buffered) {
      const position = positionOf(resolved);
      if (position === undefined || position <= this.current) continue;
      const event = this.toEvent(resolved);
      if (event) batch.push(event);
    }
    return batch;
  }

  private fail(error: unknown): Outcome {
    this.stopped = true;
    this.options.onError?.(error);
    return 'stopped';
  }

  private async close(subscription: AllStreamSubscription): Promise<void> {
    try {
      await subscription.unsubscribe();
    } catch {
      // Already gone with the connection.
    }
    subscription.destroy();
  }

  private async sleepUnlessStopped(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), this.stopRequested]);
    clearTimeout(timer);
  }
}

/** What the Readable already holds, without waiting for more. */
function takeBuffered(subscription: AllStreamSubscription, limit: number): AllStreamResolvedEvent[] {
  const taken: AllStreamResolvedEvent[] = [];
  while (taken.length < limit) {
    const item = subscription.read() as AllStreamResolvedEvent | null;
    if (item === null) break;
    taken.push(item);
  }
  return taken;
}
