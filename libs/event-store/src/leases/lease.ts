/**
 * Leases make a piece of background work (a projection, the Kafka publisher,
 * the SLA alert timer) active in exactly one process of a deployment, and let
 * another process take it over when the holder dies.
 */
export interface Lease {
  readonly name: string;
  /**
   * Aborted when the lease is lost without a release (its database session
   * ended: the connection dropped, the server restarted). The holder must
   * stop the work at once: another process may already have taken it over.
   */
  readonly lost: AbortSignal;
  /** Gives the lease up, so another process can take it now rather than after a failure. */
  release(): Promise<void>;
}

/** The port: a named lease is held by at most one holder at a time. */
export interface LeaseManager {
  /** Takes the lease if nobody holds it; null when another holder does (or the database is unreachable). */
  tryAcquire(name: string): Promise<Lease | null>;
  /** Releases every lease this manager holds. */
  close(): Promise<void>;
}
