import type { ReadAllOptions, RecordedEvent } from './port';

/** Default of `SharedLogTail`'s capacity: a few seconds of peak traffic, a few MB. */
const DEFAULT_CAPACITY = 10_000;

/**
 * The newest events of the global log, read once for every catch-up
 * subscriber of one store. A worker runs a subscription per projection plus
 * the publisher, all near the head of the log: without this each of them
 * read, and parsed, every event itself. Readers within the kept window are
 * served from memory; a reader at its end joins one read of what follows;
 * a reader behind the window reads the store itself.
 *
 * Exact because the log only grows at its end in position order: a read
 * after the window's last position returns exactly the events that follow
 * it, so the window stays a run of the log without holes. The events are
 * deep-frozen, since every subscriber gets the same objects: a handler that
 * tried to change one would otherwise change it for the others. Those read
 * behind the window are frozen too, so a handler meets the same events
 * whether it is catching up or at the head.
 */
export class SharedLogTail {
  /** Consecutive events of the log, oldest first. */
  private window: RecordedEvent[] = [];
  /** The position the window starts after; its events run from `base` + 1 (or later, where positions skip). */
  private base = 0;
  private inFlight: { number: number; done: Promise<unknown> } | undefined;
  private readsStarted = 0;

  constructor(
    private readonly readAll: (options: ReadAllOptions) => Promise<RecordedEvent[]>,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** Up to `maxCount` events after `after`, in order; empty when there are none yet. */
  async read(after: number, maxCount: number): Promise<RecordedEvent[]> {
    // Only a read that starts after this call can be trusted to see an append
    // that woke the caller: joining one already under way could miss it.
    const arrival = this.readsStarted;
    for (;;) {
      if (after < this.base) return (await this.readAll({ after, maxCount })).map(deepFreeze);
      if (after < this.end) return this.cachedAfter(after, maxCount);
      const pending = this.inFlight;
      if (pending && pending.number > arrival) {
        await pending.done;
        if (after === this.end) return [];
      } else if (pending) {
        await pending.done.catch(() => undefined);
      } else {
        if (after > this.end) this.restartAt(after);
        void this.extend(maxCount).catch(() => undefined);
      }
    }
  }

  /** The position of the window's last event (its base when empty). */
  private get end(): number {
    return this.window.length ? this.window[this.window.length - 1].position : this.base;
  }

  /** A reader ahead of the window (the first one, or one that read past it itself): the window moves to it. */
  private restartAt(after: number): void {
    this.window = [];
    this.base = after;
  }

  /** Reads what follows the window once, for every reader waiting on it. */
  private extend(maxCount: number): Promise<unknown> {
    const from = this.end;
    const done = this.readAll({ after: from, maxCount }).then((events) => {
      // Never while a read is under way does the window move otherwise, so these follow on from its end.
      for (const event of events) this.window.push(deepFreeze(event));
      this.trim();
    });
    const read = { number: ++this.readsStarted, done };
    this.inFlight = read;
    const settle = () => {
      if (this.inFlight === read) this.inFlight = undefined;
    };
    done.then(settle, settle);
    return done;
  }

  private cachedAfter(after: number, maxCount: number): RecordedEvent[] {
    const start = firstAfter(this.window, after);
    return this.window.slice(start, start + maxCount);
  }

  /** Drops the oldest events beyond the capacity once half as many again have gathered, so the copying stays rare. */
  private trim(): void {
    if (this.window.length <= this.capacity * 1.5) return;
    const dropped = this.window.length - this.capacity;
    this.base = this.window[dropped - 1].position;
    this.window = this.window.slice(dropped);
  }
}

/** Index of the first event whose position is above `after` (binary search: positions ascend). */
function firstAfter(events: RecordedEvent[], after: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle].position <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}
