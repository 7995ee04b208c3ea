import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { Lease, LeaseManager } from './lease';

export interface PostgresLeaseOptions {
  connectionString: string;
  /**
   * Leases are named within a namespace, the deployment's schema: two
   * deployments sharing one database must not exclude each other.
   */
  namespace: string;
  applicationName?: string;
  /** How often the session is checked, so a holder learns of a lost lease within about this long. */
  heartbeatIntervalMs?: number;
}

interface HeldLease {
  key: string;
  lost: AbortController;
}

/**
 * Leases as PostgreSQL session-level advisory locks on one dedicated
 * connection. The server frees a session's locks the moment the session
 * ends, so when a holder dies (even by kill -9: the kernel closes its socket)
 * the lease is free at once, and a standby that polls takes it over within
 * its polling interval. A holder whose own session ends (server restart,
 * pg_terminate_backend, network loss) learns it from the connection's error
 * or from the heartbeat, and its leases' `lost` signals fire so it stops
 * before or while someone else starts.
 *
 * A lease is a liveness device, not the safety net: the work it guards is
 * fenced on its own (a projection's checkpoint moves by compare-and-set in the
 * batch's transaction; Kafka consumers recognise a re-sent event by its id),
 * so the short overlap a partition could cause never double-applies.
 */
export class PostgresAdvisoryLeases implements LeaseManager {
  private session: Client | null = null;
  private connecting: Promise<Client> | null = null;
  private readonly held = new Map<string, HeldLease>();
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: PostgresLeaseOptions) {}

  async tryAcquire(name: string): Promise<Lease | null> {
    if (this.closed) throw new Error('the lease manager is closed');
    // PostgreSQL advisory locks are re-entrant within a session; a lease is not, even within one process.
    if (this.held.has(name)) return null;
    let session: Client;
    try {
      session = await this.openSession();
    } catch {
      return null; // the database is unreachable: nobody can be sure of the lease, so nobody takes it
    }
    const key = leaseKey(this.options.namespace, name);
    const { rows } = await session.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [
      key,
    ]);
    if (!rows[0].acquired || this.held.has(name)) return null;
    const held: HeldLease = { key, lost: new AbortController() };
    this.held.set(name, held);
    return { name, lost: held.lost.signal, release: () => this.release(name, held, session) };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    const session = this.session;
    this.session = null;
    this.held.clear();
    // Ending the session frees every lock it holds.
    await session?.end().catch(() => undefined);
  }

  private async release(name: string, held: HeldLease, session: Client): Promise<void> {
    if (this.held.get(name) !== held) return;
    this.held.delete(name);
    if (session !== this.session) return; // that session is gone, and its locks with it
    await session.query('SELECT pg_advisory_unlock($1::bigint)', [held.key]).catch(() => undefined);
  }

  private openSession(): Promise<Client> {
    if (this.session) return Promise.resolve(this.session);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: this.options.applicationName ?? 'redress:leases',
      keepAlive: true,
      // A query that hangs means the session cannot be trusted; fail it so the heartbeat drops the session.
      query_timeout: 5_000,
    });
    client.on('error', () => this.sessionEnded(client));
    client.on('end', () => this.sessionEnded(client));
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      throw new Error('the lease manager is closed');
    }
    this.session = client;
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch(() => this.sessionEnded(client));
    }, this.options.heartbeatIntervalMs ?? 1_000);
    this.heartbeat.unref();
    return client;
  }

  /** The session is gone, and the server has freed its locks: every lease of it is lost. */
  private sessionEnded(client: Client): void {
    if (client !== this.session) return;
    this.session = null;
    clearInterval(this.heartbeat);
    client.end().catch(() => undefined);
    const lost = [...this.held.values()];
    this.held.clear();
    for (const held of lost) held.lost.abort(new Error('the lease session ended'));
  }
}

/** A stable 64-bit advisory-lock key for a lease name within a namespace. */
export function leaseKey(namespace: string, name: string): string {
  const digest = createHash('sha256').update(`redress-lease\0${namespace}\0${name}`).digest();
  return BigInt.asIntN(64, digest.readBigUInt64BE(0)).toString();
}
