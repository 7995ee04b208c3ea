import { Client, type ClientConfig } from 'pg';
import { quoteIdentifier } from '../sql/sql-client';

const FIRST_RETRY_MS = 50;
const LONGEST_RETRY_MS = 2000;

export interface ListenerStatus {
  listening: boolean;
  /** Server process id of the LISTEN connection, null while disconnected. */
  backendPid: number | null;
  /** Successful connections so far; more than one means it has reconnected. */
  connections: number;
}

/**
 * Holds one dedicated connection that LISTENs on a channel and calls back on
 * every notification. When the connection drops it reconnects with backoff,
 * and after each (re)connect it calls back once, because whatever was
 * notified while nobody listened is lost. Subscribers still poll when idle,
 * so even a long outage delays them rather than stalling them.
 */
export class NotificationListener {
  private client: Client | null = null;
  private backendPid: number | null = null;
  private connections = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = FIRST_RETRY_MS;

  constructor(
    private readonly config: ClientConfig,
    private readonly channel: string,
    private readonly onNotification: () => void,
  ) {}

  /** Connects and listens; rejects when this first connection fails. */
  async start(): Promise<void> {
    await this.connect();
  }

  status(): ListenerStatus {
    return { listening: this.client !== null, backendPid: this.backendPid, connections: this.connections };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.backendPid = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    client.on('notification', () => this.onNotification());
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(this.channel)}`);
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      if (this.closed) throw new Error('listener closed while connecting');
      this.client = client;
      this.backendPid = rows[0].pid;
      this.connections++;
      this.retryDelayMs = FIRST_RETRY_MS;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.onNotification();
  }

  private dropped(client: Client): void {
    if (client !== this.client || this.closed) return;
    this.client = null;
    this.backendPid = null;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed) return;
      this.connect().catch(() => {
        this.retryDelayMs = Math.min(this.retryDelayMs * 2, LONGEST_RETRY_MS);
        if (!this.closed) this.scheduleReconnect();
      });
    }, this.retryDelayMs);
    this.retryTimer.unref();
  }
}
