/**
 * Runs `stop` once on the first SIGINT or SIGTERM (a second signal while it
 * runs changes nothing), so a worker process finishes what it has in hand,
 * gives its leases and connections up, and exits when nothing is left.
 */
export function stopOnSignals(stop: () => Promise<void>, onError: (error: unknown) => void): void {
  let stopping: Promise<void> | undefined;
  const handle = () => {
    stopping ??= stop().catch(onError);
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}
