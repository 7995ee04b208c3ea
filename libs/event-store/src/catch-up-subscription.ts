import type { AppendSignal } from './append-signal';
import type { ReadAllOptions, RecordedEvent, Subscription, SubscriptionOptions } from './port';

/** How long an idle subscriber sleeps when no append signal arrives. */
const IDLE_POLL_MS = 1000;
const DEFAULT_BATCH = 500;

/**
 * A catch-up subscription over any store that can read its global log in
 * order: read after the checkpoint until caught up, then sleep until an append
 * signal (or the idle poll) and read again. Because the log has no gaps, the
 * position of the last handled event is an exact checkpoint.
 */
export class CatchUpSubscription implements Subscription {
  private current: number;
  private stopped = false;
  private readonly running: Promise<void>;

  constructor(
    private readonly readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
    private readonly signal: AppendSignal,
    private readonly options: SubscriptionOptions,
  ) {
    this.current = options.after;
    this.running = this.run();
  }

  get position(): number {
    return this.current;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.signal.notify();
    await this.running;
  }

  private async run(): Promise<void> {
    const maxCount = this.options.maxBatchSize ?? DEFAULT_BATCH;
    while (!this.stopped) {
      const wait = this.signal.arm(IDLE_POLL_MS);
      let batch: RecordedEvent[];
      try {
        batch = await this.readAll({ after: this.current, maxCount });
      } catch {
        // The store is unavailable for now; try again after the idle interval.
        await wait.woken;
        continue;
      }
      if (this.stopped) return wait.cancel();
      if (batch.length === 0) {
        await wait.woken;
        continue;
      }
      wait.cancel();
      try {
        await this.options.onEvents(batch);
      } catch (error) {
        this.stopped = true;
        this.options.onError?.(error);
        return;
      }
      this.current = batch[batch.length - 1].position;
    }
  }
}
