/** Doubling delays from `initialMs`, capped at `maxMs`, with ±20 % jitter so restarted publishers do not retry in step. */
export function backoffDelay(attempt: number, maxMs: number, initialMs = 100): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 20));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Sleeps, but wakes early when `signal` aborts (a stop must not wait out a long backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}

/**
 * Resolves as `work` does, or rejects with `whenAborted()` as soon as
 * `signal` aborts. kafkajs calls (connect, send, metadata) run their own
 * retries and ignore any signal; a stop must not wait them out — while a
 * coordinator is loading, one connect can take minutes. The abandoned call
 * settles later on its own; its outcome is dropped.
 */
export function abandonOnAbort<T>(work: Promise<T>, signal: AbortSignal, whenAborted: () => Error): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(whenAborted());
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(whenAborted());
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
