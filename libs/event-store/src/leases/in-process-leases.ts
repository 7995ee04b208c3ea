import type { Lease, LeaseManager } from './lease';

/**
 * Leases for a single-process deployment (the embedded store admits one
 * process per data directory): a lease is free unless this process already
 * holds it, and it is never lost.
 */
export class InProcessLeases implements LeaseManager {
  private readonly held = new Set<string>();

  async tryAcquire(name: string): Promise<Lease | null> {
    if (this.held.has(name)) return null;
    this.held.add(name);
    const lost = new AbortController();
    return {
      name,
      lost: lost.signal,
      release: async () => {
        this.held.delete(name);
      },
    };
  }

  async close(): Promise<void> {
    this.held.clear();
  }
}
