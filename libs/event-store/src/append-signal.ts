export interface ArmedWait {
  /** Resolves on the next notify() after arming, or after the timeout. */
  readonly woken: Promise<void>;
  /** Releases the wait early when it is no longer needed. */
  cancel(): void;
}

/**
 * Wakes subscribers when new events may be available. A waiter arms *before*
 * it reads, so an append that lands between "read found nothing" and "go to
 * sleep" still wakes it. Waiters also wake on a timeout, so a missed signal
 * (e.g. a dropped LISTEN connection) delays a subscriber instead of stalling it.
 */
export class AppendSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  arm(timeoutMs: number): ArmedWait {
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => {
      wake = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
    });
    const timer = setTimeout(wake, timeoutMs);
    timer.unref?.();
    this.waiters.add(wake);
    return { woken, cancel: wake };
  }
}
