import type { Lease, LeaseManager } from './lease';

/** Work that runs only while its lease is held. */
export interface LeasedWork {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LeasedTaskOptions {
  /** How often a standby tries to take the lease: bounds the takeover time after a holder dies. */
  retryIntervalMs?: number;
  onLog?: (message: string) => void;
  /** Told whenever the work becomes active here or stops being so. */
  onChange?: (active: boolean) => void;
}

const DEFAULT_RETRY_INTERVAL_MS = 1_000;

/**
 * Runs a piece of work in whichever process holds its lease: a standby tries
 * to take the lease every `retryIntervalMs`, starts the work once it has it,
 * and stops the work the moment the lease is lost, then goes back to trying.
 * Transitions run one at a time, so a loss that arrives while the work is
 * still starting stops it once the start has finished.
 */
export class LeasedTask {
  private lease: Lease | null = null;
  private running = false;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | undefined;
  private transitions: Promise<void> = Promise.resolve();
  private readonly retryIntervalMs: number;

  constructor(
    private readonly leases: LeaseManager,
    readonly name: string,
    private readonly work: LeasedWork,
    private readonly options: LeasedTaskOptions = {},
  ) {
    this.retryIntervalMs = options.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS;
  }

  /** Whether the work is active in this process now. */
  get active(): boolean {
    return this.running;
  }

  /** Starts trying to take the lease; returns at once. */
  start(): void {
    this.stopped = false;
    this.enqueue(() => this.attempt());
  }

  /** Stops the work if it runs here and gives the lease up; waits for both. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.enqueue(() => this.deactivate('stopping'));
  }

  private enqueue(transition: () => Promise<void>): Promise<void> {
    this.transitions = this.transitions.then(transition).catch((error: unknown) => {
      this.options.onLog?.(`${this.name}: ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.transitions;
  }

  private async attempt(): Promise<void> {
    if (this.stopped || this.lease) return;
    const lease = await this.leases.tryAcquire(this.name).catch((error: unknown) => {
      this.options.onLog?.(`${this.name}: could not try the lease (${error instanceof Error ? error.message : error})`);
      return null;
    });
    if (!lease) return this.retryLater();
    if (this.stopped) return lease.release();
    this.lease = lease;
    lease.lost.addEventListener('abort', () => void this.enqueue(() => this.lost(lease)), { once: true });
    try {
      await this.work.start();
    } catch (error) {
      await this.deactivate(`failed to start (${error instanceof Error ? error.message : String(error)})`);
      return this.retryLater();
    }
    this.running = true;
    this.options.onChange?.(true);
    this.options.onLog?.(`${this.name}: active in this process`);
  }

  private async lost(lease: Lease): Promise<void> {
    if (this.lease !== lease) return;
    await this.deactivate('lease lost');
    this.retryLater();
  }

  private async deactivate(reason: string): Promise<void> {
    const lease = this.lease;
    if (!lease) return;
    this.lease = null;
    const wasRunning = this.running;
    this.running = false;
    await this.work.stop();
    await lease.release();
    if (wasRunning) {
      this.options.onChange?.(false);
      this.options.onLog?.(`${this.name}: no longer active here (${reason})`);
    }
  }

  private retryLater(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.enqueue(() => this.attempt()), this.retryIntervalMs);
    this.retryTimer.unref();
  }
}
