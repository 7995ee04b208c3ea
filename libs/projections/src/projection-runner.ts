import {
  LeasedTask,
  type EventStore,
  type LeaseManager,
  type RecordedEvent,
  type SqlClient,
  type Subscription,
} from '@redress/event-store';
import { physicalTableNamer, type PhysicalTableName, type ProjectionDefinition } from './projection';
import { analyzeFirstRows } from './first-statistics';
import type { GenerationRecord, ProjectionCatalog } from './projection-catalog';
import { ProjectionRebuilder, type RebuildProgress } from './projection-rebuilder';

/**
 * `rebuilding`: the stored generation is of an older version of the
 * projection than this build's; a new generation is being built from the log
 * and the old one answers queries, frozen, until the swap.
 * `standby`: another process runs the projection (it holds its lease, or
 * this process only observes); this one follows its checkpoint.
 */
export type ProjectionState = 'starting' | 'running' | 'rebuilding' | 'stalled' | 'failed' | 'standby' | 'stopped';

export interface ProjectionStatus {
  name: string;
  version: number;
  generation: number;
  state: ProjectionState;
  position: number;
  headPosition: number;
  lagEvents: number;
  /** How long the oldest event not yet applied has been waiting; 0 when caught up. */
  lagMs: number;
  lastError: string | null;
  restarts: number;
  /** While `rebuilding`: how far the new generation is; null otherwise. */
  rebuild: RebuildProgress | null;
}

export interface ProjectionRunnerOptions {
  batchSize?: number;
  /**
   * At the head of the log, the least time from the start of one batch to
   * the start of the next: a projection then takes what arrived meanwhile in
   * one batch instead of a transaction for every few appends. Under a steady
   * load that is most of what it costs per event (a batch is a transaction
   * and at least three round trips whatever its size); the price is up to
   * this much more lag. A projection behind the head (full batches) never
   * waits.
   */
  minBatchIntervalMs?: number;
  /** A projection whose checkpoint stands still this long while the log moves is restarted. */
  stallAfterMs?: number;
  watchdogIntervalMs?: number;
  /** Upper bound of the retry backoff after a failed batch. */
  maxRetryDelayMs?: number;
  /**
   * Events per batch of a rebuild the runner starts itself, for a projection
   * whose stored generation has an older version. Smaller than a command-line
   * rebuild's: this one shares the process, and with the embedded store its
   * one connection, with live traffic, which waits for each batch to commit.
   */
  rebuildBatchSize?: number;
  /**
   * Where the projections run. `here` (the default): every projection in this
   * process, for a single-process deployment. `leased`: each projection only
   * while this process holds its lease, so across several processes each one
   * is active in exactly one and another takes over when that one dies.
   * `elsewhere`: none here; other processes run them, and this one follows
   * their checkpoints for status, lag and read-your-writes.
   */
  placement?:
    { kind: 'here' } | { kind: 'leased'; leases: LeaseManager; retryIntervalMs?: number } | { kind: 'elsewhere' };
  /** How often a projection that runs elsewhere has its checkpoint read. */
  followIntervalMs?: number;
  /**
   * Events a live generation applies between two looks for its tables that
   * PostgreSQL has never analysed (see first-statistics.ts), until none is left.
   */
  statisticsCheckEvery?: number;
  onLog?: (message: string) => void;
  /** Called as soon as a batch has committed: the read model now includes the log up to `position`. */
  onBatchCommitted?: (commit: BatchCommit) => void;
}

export interface BatchCommit {
  projection: string;
  /** The checkpoint after the batch: the position of its last event. */
  position: number;
  events: number;
}

/** The options with their defaults filled in; the callbacks stay optional. */
type RunnerSettings = Required<Omit<ProjectionRunnerOptions, 'onLog' | 'onBatchCommitted' | 'placement'>> &
  Pick<ProjectionRunnerOptions, 'onLog' | 'onBatchCommitted'>;

/** The read models have not reached a log position in time (read-your-writes waited too long). */
export class ReadModelBehindError extends Error {
  constructor(
    readonly position: number,
    readonly timeoutMs: number,
  ) {
    super(`the read models did not reach log position ${position} within ${timeoutMs} ms`);
    this.name = 'ReadModelBehindError';
  }
}

/** The checkpoint was moved by someone else (another worker, or a rebuild swapped generations). */
class CheckpointMovedError extends Error {}

/** A batch delivered to a subscription the worker has since replaced (e.g. after a stall). */
class AbandonedSubscriptionError extends Error {}

/** The stored generation was built by a newer version of the projection than this build has: writing would corrupt it. */
export class NewerProjectionVersionError extends Error {
  constructor(projection: ProjectionDefinition, stored: GenerationRecord) {
    super(
      `projection ${projection.name}: the stored generation ${stored.generation} has version ${stored.version}, ` +
        `newer than this build's ${projection.version}; run the newer build, or rebuild it with this one ` +
        `(npm run projections -- rebuild ${projection.name})`,
    );
    this.name = 'NewerProjectionVersionError';
  }
}

interface RunningRebuild {
  abort: AbortController;
  /** Settles once the rebuild has stopped, whether it swapped the new generation in, failed or was aborted. */
  finished: Promise<void>;
  progress: RebuildProgress | null;
}

/** Default of `ProjectionRunnerOptions.minBatchIntervalMs`. */
const DEFAULT_MIN_BATCH_INTERVAL_MS = 20;

/** Default of `ProjectionRunnerOptions.rebuildBatchSize`. */
const START_UP_REBUILD_BATCH_SIZE = 10_000;

/**
 * Keeps one projection current: a catch-up subscription from its checkpoint,
 * each batch applied and the checkpoint moved in one transaction (so a crash
 * at any point neither loses nor double-applies an event), and recovery from
 * failures, stalls and generation swaps.
 *
 * A batch commits asynchronously (PostgreSQL's `synchronous_commit = off`):
 * visible to readers at once, but without waiting for its WAL to reach the
 * disk. A read model can afford it: should the server crash before the
 * flush, the batch's rows and its checkpoint are lost together, and the
 * projection applies the same events again from the checkpoint that did
 * survive. So a batch costs no fsync of its own, and does not queue behind
 * the event store's.
 */
class ProjectionWorker {
  state: ProjectionState = 'starting';
  generation = 0;
  position = 0;
  lastError: string | null = null;
  restarts = 0;
  private subscription: Subscription | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;
  /** Identifies the current subscription; batches from an abandoned one are refused, never applied twice. */
  private epoch = 0;
  /** Watchdog bookkeeping: when the checkpoint last moved. */
  lastProgressAt = Date.now();
  /** The rebuild of an outdated generation, while one runs. */
  private rebuild: RunningRebuild | undefined;
  /** While a batch waits out the batch interval: its timer, and how to end the wait at once (on stop). */
  private gathering: { timer: NodeJS.Timeout; end: () => void } | undefined;
  /** While the projection runs elsewhere: the timer that reads its checkpoint. */
  private followTimer: NodeJS.Timeout | undefined;
  /** Whether some table of the generation may still lack planner statistics, and events applied since the last look. */
  private statisticsPending = true;
  private eventsSinceStatisticsCheck = 0;

  constructor(
    readonly projection: ProjectionDefinition,
    private readonly store: EventStore,
    private readonly client: SqlClient,
    private readonly catalog: ProjectionCatalog,
    private readonly options: RunnerSettings,
  ) {}

  get rebuildProgress(): RebuildProgress | null {
    return this.rebuild?.progress ?? null;
  }

  async start(): Promise<void> {
    if (this.stopped) return;
    const active = await this.catalog.active(this.projection.name);
    if (this.stopped) return; // stopped while the catalog answered: subscribing now would outlive stop()
    this.generation = active.generation;
    this.position = active.position;
    this.statisticsPending = true;
    this.lastProgressAt = Date.now();
    if (active.version > this.projection.version) {
      this.recover(new NewerProjectionVersionError(this.projection, active), this.epoch);
      return;
    }
    if (active.version < this.projection.version) {
      this.rebuildOutdated(active);
      return;
    }
    this.state = 'running';
    const table = physicalTableNamer(this.projection, this.generation);
    const epoch = ++this.epoch;
    this.subscription = this.store.subscribeToAll({
      after: this.position,
      maxBatchSize: this.options.batchSize,
      onEvents: (events) => this.apply(events, table, epoch),
      onError: (error) => this.recover(error, epoch),
    });
  }

  private async apply(events: RecordedEvent[], table: PhysicalTableName, epoch: number): Promise<void> {
    if (epoch !== this.epoch) throw new AbandonedSubscriptionError();
    const started = Date.now();
    const from = this.position;
    const to = events[events.length - 1].position;
    await this.client.transaction(
      async (tx, opened) => {
        if (opened.length !== 1) throw new CheckpointMovedError();
        await this.projection.applyBatch(tx, events, table);
      },
      // Moving the checkpoint first also locks it, so a second worker on the same projection waits, then fails.
      { opening: this.catalog.advanceOpening(this.projection.name, this.generation, from, to) },
    );
    if (epoch !== this.epoch) return;
    this.options.onBatchCommitted?.({ projection: this.projection.name, position: to, events: events.length });
    this.position = to;
    this.lastProgressAt = Date.now();
    this.failures = 0;
    if (this.state !== 'running') this.state = 'running';
    await this.giveTablesFirstStatistics(events.length, table);
    // Committed and announced already: only the next batch waits, for more events to gather.
    const rest = started + this.options.minBatchIntervalMs - Date.now();
    if (events.length < this.options.batchSize && rest > 0 && !this.stopped) {
      await new Promise<void>((resolve) => {
        this.gathering = { timer: setTimeout(resolve, rest), end: resolve };
      });
      this.gathering = undefined;
    }
  }

  /** Every so many events, until all have them: first statistics for tables that hold rows (first-statistics.ts). */
  private async giveTablesFirstStatistics(applied: number, table: PhysicalTableName): Promise<void> {
    if (!this.statisticsPending) return;
    this.eventsSinceStatisticsCheck += applied;
    if (this.eventsSinceStatisticsCheck < this.options.statisticsCheckEvery) return;
    this.eventsSinceStatisticsCheck = 0;
    try {
      const empty = await analyzeFirstRows(this.client, this.projection.tables.map(table));
      this.statisticsPending = empty.length > 0;
    } catch (error) {
      // Only plans suffer until autovacuum analyses the tables: the batch itself has committed.
      this.options.onLog?.(`projection ${this.projection.name}: could not analyse its tables: ${String(error)}`);
    }
  }

  /**
   * This build's version of the projection differs from the stored one's, so
   * neither can keep the other's tables: builds the new version blue-green,
   * in the background, and starts the live subscription on it once swapped
   * in. Until then the old generation keeps answering queries, frozen at its
   * checkpoint: read-your-writes of a later event waits for the swap, and
   * readiness reports the growing lag.
   * Another process rebuilding the same projection makes this one fail and
   * retry, and find the new generation in place.
   */
  private rebuildOutdated(outdated: GenerationRecord): void {
    this.state = 'rebuilding';
    this.options.onLog?.(
      `projection ${this.projection.name}: the stored generation ${outdated.generation} has version ${outdated.version}, ` +
        `this build's is ${this.projection.version}; rebuilding it blue-green while queries read the old one`,
    );
    const abort = new AbortController();
    const rebuilder = new ProjectionRebuilder(this.store, this.client, this.catalog, this.options.rebuildBatchSize);
    const rebuild: RunningRebuild = { abort, finished: Promise.resolve(), progress: null };
    rebuild.finished = rebuilder
      .rebuild(
        this.projection,
        (progress) => {
          rebuild.progress = progress;
        },
        abort.signal,
      )
      .then(
        (result) => {
          this.rebuild = undefined;
          this.options.onLog?.(
            `projection ${this.projection.name}: generation ${result.generation} (version ${this.projection.version}) ` +
              `is live after ${result.eventsApplied} events in ${result.seconds.toFixed(1)} s`,
          );
          return this.start();
        },
        (error: unknown) => {
          this.rebuild = undefined;
          if (!abort.signal.aborted) throw error;
        },
      )
      .catch((error: unknown) => this.recover(error, this.epoch));
    this.rebuild = rebuild;
  }

  /** After a failed batch: restart from the stored checkpoint, backing off while the failure persists. */
  private recover(error: unknown, epoch: number): void {
    if (this.stopped || epoch !== this.epoch) return;
    this.subscription = undefined;
    if (error instanceof CheckpointMovedError) {
      this.options.onLog?.(`projection ${this.projection.name}: checkpoint moved elsewhere; reloading`);
      void this.restart(0);
      return;
    }
    this.failures++;
    this.state = 'failed';
    this.lastError = error instanceof Error ? error.message : String(error);
    const delay = Math.min(this.options.maxRetryDelayMs, 100 * 2 ** Math.min(this.failures, 10));
    this.options.onLog?.(`projection ${this.projection.name} failed (${this.lastError}); retrying in ${delay} ms`);
    void this.restart(delay);
  }

  async restart(delayMs: number): Promise<void> {
    this.restarts++;
    await this.subscription?.stop();
    this.subscription = undefined;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.start().catch((error: unknown) => this.recover(error, this.epoch));
    }, delayMs);
  }

  /**
   * Replaces a subscription that stopped making progress without waiting for
   * it: its handler may hang forever. Should it ever wake up, the epoch check
   * refuses its batch, and the checkpoint guard would refuse it anyway.
   */
  abandonAndRestart(): void {
    const stuck = this.subscription;
    this.subscription = undefined;
    this.epoch++;
    void stuck?.stop();
    this.restarts++;
    clearTimeout(this.retryTimer);
    this.start().catch((error: unknown) => this.recover(error, this.epoch));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.state = 'stopped';
    clearTimeout(this.gathering?.timer);
    this.gathering?.end();
    clearTimeout(this.retryTimer);
    clearTimeout(this.followTimer);
    this.followTimer = undefined;
    this.epoch++; // a batch already handed over by the old subscription must not be applied after the stop
    const rebuild = this.rebuild;
    rebuild?.abort.abort();
    // The rebuild stops after its current batch and keeps its checkpoint, so the next start resumes it.
    await Promise.all([this.subscription?.stop(), rebuild?.finished]);
    this.subscription = undefined;
  }

  /** Runs the projection here from its stored checkpoint (this process has just taken its lease). */
  async activate(): Promise<void> {
    clearTimeout(this.followTimer);
    this.followTimer = undefined;
    this.stopped = false;
    this.state = 'starting';
    await this.start();
  }

  /** Stops running the projection here (the lease is lost or given up) and goes back to following it. */
  async deactivate(): Promise<void> {
    await this.stop();
    this.follow();
  }

  /**
   * Follows the checkpoint of a projection another process runs, so status,
   * lag and read-your-writes in this process see how far it is.
   */
  follow(): void {
    this.state = 'standby';
    const read = async () => {
      try {
        const active = await this.catalog.active(this.projection.name);
        // Taken over meanwhile: the running projection keeps its own position.
        if (this.state !== 'standby') return;
        this.generation = active.generation;
        this.position = active.position;
        this.lastError = null;
      } catch (error) {
        this.lastError = error instanceof Error ? error.message : String(error);
      }
      if (this.state === 'standby') this.followTimer = setTimeout(() => void read(), this.options.followIntervalMs);
    };
    void read();
  }
}

/**
 * Runs every projection of the product in this process, with a watchdog that
 * flags and restarts a projection whose checkpoint stands still while the log
 * moves (the silent stall Marten and Emmett users report).
 */
export class ProjectionRunner {
  private readonly workers: ProjectionWorker[];
  private watchdog: NodeJS.Timeout | undefined;
  private readonly settings: RunnerSettings;
  private readonly placement: NonNullable<ProjectionRunnerOptions['placement']>;
  /** With leased placement: one task per projection, active while this process holds its lease. */
  private leasedTasks: LeasedTask[] = [];

  constructor(
    projections: readonly ProjectionDefinition[],
    private readonly store: EventStore,
    client: SqlClient,
    private readonly catalog: ProjectionCatalog,
    options: ProjectionRunnerOptions = {},
  ) {
    this.settings = {
      batchSize: options.batchSize ?? 500,
      minBatchIntervalMs: options.minBatchIntervalMs ?? DEFAULT_MIN_BATCH_INTERVAL_MS,
      stallAfterMs: options.stallAfterMs ?? 30_000,
      watchdogIntervalMs: options.watchdogIntervalMs ?? 5_000,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
      rebuildBatchSize: options.rebuildBatchSize ?? START_UP_REBUILD_BATCH_SIZE,
      followIntervalMs: options.followIntervalMs ?? 250,
      statisticsCheckEvery: options.statisticsCheckEvery ?? 1_000,
      onLog: options.onLog,
      onBatchCommitted: options.onBatchCommitted,
    };
    this.placement = options.placement ?? { kind: 'here' };
    this.workers = projections.map((p) => new ProjectionWorker(p, store, client, catalog, this.settings));
  }

  async start(): Promise<void> {
    await this.catalog.install(this.workers.map((w) => w.projection));
    const placement = this.placement;
    switch (placement.kind) {
      case 'here':
        await Promise.all(this.workers.map((worker) => worker.start()));
        break;
      case 'elsewhere':
        for (const worker of this.workers) worker.follow();
        break;
      case 'leased':
        this.leasedTasks = this.workers.map((worker) => {
          worker.follow();
          const task = new LeasedTask(
            placement.leases,
            `projection:${worker.projection.name}`,
            { start: () => worker.activate(), stop: () => worker.deactivate() },
            { retryIntervalMs: placement.retryIntervalMs, onLog: this.settings.onLog },
          );
          task.start();
          return task;
        });
        break;
    }
    this.watchdog = setInterval(() => void this.checkForStalls(), this.settings.watchdogIntervalMs);
    this.watchdog.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.watchdog);
    await Promise.all(this.leasedTasks.map((task) => task.stop()));
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }

  /** The projections running in this process now. */
  activeHere(): string[] {
    return this.workers.filter((w) => w.state !== 'standby' && w.state !== 'stopped').map((w) => w.projection.name);
  }

  /** Resolves once every projection has applied the log up to `position` (e.g. a command's append). */
  async waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.workers.some((worker) => worker.position < position)) {
      if (Date.now() > deadline) throw new ReadModelBehindError(position, timeoutMs);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    return Promise.all(
      this.workers.map(async (worker) => ({
        name: worker.projection.name,
        version: worker.projection.version,
        generation: worker.generation,
        state: worker.state,
        position: worker.position,
        headPosition: head,
        lagEvents: Math.max(0, head - worker.position),
        lagMs: await this.lagMs(worker.position, head),
        lastError: worker.lastError,
        restarts: worker.restarts,
        rebuild: worker.rebuildProgress,
      })),
    );
  }

  private async lagMs(position: number, head: number): Promise<number> {
    if (position >= head) return 0;
    const [oldestPending] = await this.store.readAll({ after: position, maxCount: 1 });
    return oldestPending ? Math.max(0, Date.now() - Date.parse(oldestPending.recordedAt)) : 0;
  }

  private async checkForStalls(): Promise<void> {
    let head: number;
    try {
      head = await this.store.headPosition();
    } catch {
      return; // the store itself is down; the subscriptions recover when it is back
    }
    for (const worker of this.workers) {
      const stalled =
        worker.state === 'running' &&
        worker.position < head &&
        Date.now() - worker.lastProgressAt > this.settings.stallAfterMs;
      if (stalled) {
        worker.state = 'stalled';
        this.settings.onLog?.(
          `projection ${worker.projection.name} stalled at ${worker.position} (head ${head}); restarting`,
        );
        worker.lastProgressAt = Date.now();
        worker.abandonAndRestart();
      }
    }
  }
}
