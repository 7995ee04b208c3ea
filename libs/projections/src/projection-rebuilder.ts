import type { EventStore, RecordedEvent, SqlClient, SqlExecutor } from '@redress/event-store';
import { physicalTableNamer, type BulkLoad, type PhysicalTableName, type ProjectionDefinition } from './projection';
import type { GenerationRecord, ProjectionCatalog } from './projection-catalog';

export interface RebuildProgress {
  projection: string;
  generation: number;
  position: number;
  headPosition: number;
  eventsApplied: number;
  eventsPerSecond: number;
  /** Seconds left at the current rate; null until a rate is known. */
  etaSeconds: number | null;
}

export interface RebuildResult {
  projection: string;
  generation: number;
  eventsApplied: number;
  seconds: number;
  eventsPerSecond: number;
  /** Of `seconds`, the time spent building the deferred indexes and vacuuming and analysing the tables. */
  indexingSeconds: number;
}

/**
 * Events per transaction. For a projection with a `BulkLoad`, which keeps
 * only the rows changed since the last write (and a bounded number of others)
 * in memory, fewer transactions mean each row is written fewer times; for
 * the others, a batch is folded in memory before it is written, so the more
 * of a stream's events share a batch, the fewer times its row is written too.
 * 50,000 events are about five days of a service desk taking a million
 * complaints a year; read as one page ahead and one in hand, about 150 MB of
 * memory for a projection without a `BulkLoad`.
 */
export const DEFAULT_REBUILD_BATCH_SIZE = 50_000;

/**
 * Events per read of the log for a projection with a `BulkLoad`: it folds
 * each page at once and lets the events go, so pages of a few thousand keep
 * little memory alive without more transactions. Measured over 664,000
 * events (complaint list, rows written with COPY, 50,000 rows kept): the
 * rebuild's own CPU per event was 13.4 µs with pages of 1,000, 12.6 to 13.1
 * with 2,000, 11.9 to 12.0 with 5,000 and 17 with 10,000, whose pages
 * outlive the young generation and load the full collections.
 */
const BULK_LOAD_PAGE_SIZE = 5_000;

/** maintenance_work_mem while a rebuild builds its deferred indexes (PostgreSQL's default is 64 MB). */
const INDEX_BUILD_MEMORY = '256MB';

/**
 * Deferred indexes built at once, each on a connection of its own and one
 * process: PostgreSQL builds a GIN index on one process only, and parallel
 * workers on a B-tree cost more CPU than they save. Measured on the complaint
 * list's seven indexes over 200,000 rows, on 2 cores shared with other work:
 * 4.0 to 5.7 s three at a time, 5.9 to 8.7 s one after the other with two
 * workers each.
 */
const CONCURRENT_INDEX_BUILDS = 3;

/**
 * Rebuilds a projection blue-green: it builds a new generation of the tables
 * from the start of the log (resuming a building generation that a previous
 * run left), then, once caught up, applies the last few events and switches
 * the views in one transaction. Queries answer from the old copy throughout,
 * and the live runner follows the swap on its own.
 *
 * The log is read a page ahead and folded while the previous transaction
 * writes: with the projection's `BulkLoad` where it has one, otherwise by
 * buffering each batch for `applyBatch`. Every transaction moves the
 * checkpoint to the last event it covers, so an interrupted rebuild resumes
 * from there.
 *
 * The new generation is bulk-loaded without its secondary indexes (see
 * `ProjectionDefinition.createIndexes`); they are built, and the tables
 * vacuumed and analysed, once the log is caught up, before the tail and the
 * swap.
 */
export class ProjectionRebuilder {
  constructor(
    private readonly store: EventStore,
    private readonly client: SqlClient,
    private readonly catalog: ProjectionCatalog,
    private readonly batchSize = DEFAULT_REBUILD_BATCH_SIZE,
  ) {}

  /** `signal` stops the rebuild between batches; what it built so far stays, for the next run to resume. */
  async rebuild(
    projection: ProjectionDefinition,
    onProgress?: (progress: RebuildProgress) => void,
    signal?: AbortSignal,
  ): Promise<RebuildResult> {
    await this.catalog.install([projection]);
    const building = await this.catalog.buildingGeneration(projection);
    const load = projection.bulkLoad?.();
    const pageSize = load ? Math.min(this.batchSize, BULK_LOAD_PAGE_SIZE) : this.batchSize;
    const pages = new LogPages(this.store, pageSize);
    try {
      return await this.build(projection, building, load ?? new BufferedBatches(projection), pages, onProgress, signal);
    } finally {
      // No read left running behind an interrupted rebuild: the caller may close the connections next.
      await pages.settle();
    }
  }

  private async build(
    projection: ProjectionDefinition,
    building: GenerationRecord,
    load: BulkLoad,
    pages: LogPages,
    onProgress: ((progress: RebuildProgress) => void) | undefined,
    signal: AbortSignal | undefined,
  ): Promise<RebuildResult> {
    const table = physicalTableNamer(projection, building.generation);
    const started = Date.now();
    let position = building.position;
    let applied = 0;
    let head = await this.store.headPosition();
    const progressAt = (etaSeconds: (rate: number) => number | null): RebuildProgress => {
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? applied / seconds : 0;
      head = Math.max(head, position);
      return {
        projection: projection.name,
        generation: building.generation,
        position,
        headPosition: head,
        eventsApplied: applied,
        eventsPerSecond: Math.round(rate),
        etaSeconds: etaSeconds(rate),
      };
    };

    // Catch up in transactions of `batchSize` events, so an interrupted rebuild resumes from its checkpoint.
    await this.catchUp(projection, building.generation, table, load, pages, position, signal, (to, events) => {
      position = to;
      applied += events;
      onProgress?.(progressAt((rate) => (rate > 0 ? Math.max(0, (head - position) / rate) : null)));
    });
    const indexingStarted = Date.now();
    await this.finishBulkLoad(projection, table);
    const indexingSeconds = (Date.now() - indexingStarted) / 1000;

    // The tail that arrived meanwhile and the swap commit together. Events are read before the transaction
    // opens: the embedded store shares one connection with it.
    const applyTail = async (): Promise<boolean> => {
      signal?.throwIfAborted();
      const events = await pages.after(position);
      return this.client.transaction(async (tx) => {
        if (events.length > 0) {
          const to = events[events.length - 1].position;
          await this.advance(tx, projection, building.generation, position, to);
          await projection.applyBatch(tx, events, table);
          position = to;
          applied += events.length;
        }
        const caughtUp = events.length < pages.pageSize;
        if (caughtUp) await this.catalog.promote(tx, projection, building.generation);
        return caughtUp;
      });
    };
    while (!(await applyTail())) {
      /* a burst of appends outran the last batch: keep going until a batch is short */
    }
    const finished = progressAt(() => 0);
    onProgress?.(finished);
    const seconds = (Date.now() - started) / 1000;
    return {
      projection: projection.name,
      generation: building.generation,
      eventsApplied: applied,
      seconds,
      eventsPerSecond: Math.round(seconds > 0 ? applied / seconds : applied),
      indexingSeconds,
    };
  }

  /**
   * Folds the log from `from` up to the last full page, writing every
   * `batchSize` events (and what is left at the end) in a transaction of its
   * own that moves the checkpoint. While one transaction writes, the next
   * pages are read and folded; the next write waits for it.
   */
  private async catchUp(
    projection: ProjectionDefinition,
    generation: number,
    table: PhysicalTableName,
    load: BulkLoad,
    pages: LogPages,
    from: number,
    signal: AbortSignal | undefined,
    onCommitted: (position: number, events: number) => void,
  ): Promise<void> {
    let committed = from;
    let folded = from;
    let foldedSinceWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    // What `prepare` reads must include every write taken so far.
    const committedState: SqlExecutor = {
      query: async <Row>(text: string, params?: unknown[]) => {
        await writing;
        return this.client.query<Row>(text, params);
      },
    };
    try {
      for (;;) {
        signal?.throwIfAborted();
        const events = await pages.after(folded);
        if (events.length > 0) {
          await load.prepare(committedState, events, table);
          load.fold(events);
          folded = events[events.length - 1].position;
          foldedSinceWrite += events.length;
        }
        const caughtUp = events.length < pages.pageSize;
        if (foldedSinceWrite >= this.batchSize || (caughtUp && foldedSinceWrite > 0)) {
          await writing;
          const [write, to, events] = [load.takeChanges(), folded, foldedSinceWrite];
          foldedSinceWrite = 0;
          writing = this.client
            .transaction(async (tx) => {
              await this.advance(tx, projection, generation, committed, to);
              await write?.(tx, table);
            })
            .then(() => {
              committed = to;
              onCommitted(to, events);
            });
          // Awaited before the next write or at the end; until then a failure must not count as unhandled.
          writing.catch(() => undefined);
        }
        if (caughtUp) break;
      }
    } catch (error) {
      // Stopped (or failed) between writes: the write in flight commits or not, and the checkpoint says which.
      await writing.catch(() => undefined);
      throw error;
    }
    await writing;
  }

  private async advance(
    tx: SqlExecutor,
    projection: ProjectionDefinition,
    generation: number,
    from: number,
    to: number,
  ): Promise<void> {
    if (!(await this.catalog.advance(tx, projection.name, generation, from, to))) {
      throw new Error(`another rebuild of ${projection.name} is running`);
    }
  }

  /**
   * Vacuums and analyses the new tables, then builds the deferred indexes, before any query sees them: the
   * planner gets statistics, and the visibility map and hint bits get set now rather than by the first
   * queries after the swap (which would otherwise write while they read, and could not scan indexes only).
   * Vacuuming first spares it all but the primary key, and the index builds then read settled pages. The
   * indexes are built a few at a time, each on a connection of its own: PostgreSQL builds one index per
   * statement, and a GIN index on one core only.
   */
  private async finishBulkLoad(projection: ProjectionDefinition, table: PhysicalTableName): Promise<void> {
    // VACUUM cannot run inside a transaction block.
    for (const logical of projection.tables) await this.client.query(`VACUUM (ANALYZE) ${table(logical)}`);
    const statements = await deferredIndexStatements(projection, table);
    await forEachConcurrently(statements, CONCURRENT_INDEX_BUILDS, (statement) =>
      this.client.transaction(async (tx) => {
        // Sorts a million rows' index entries (and GIN's posting lists) in memory rather than in temporary files.
        await tx.query(`SET LOCAL maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
        // The builds beside it keep the cores busy already; parallel workers would only add their coordination.
        await tx.query('SET LOCAL max_parallel_maintenance_workers = 0');
        await tx.query(statement);
      }),
    );
  }
}

/** The statements `createIndexes` issues, collected to run concurrently (see `ProjectionDefinition`). */
async function deferredIndexStatements(projection: ProjectionDefinition, table: PhysicalTableName): Promise<string[]> {
  const statements: string[] = [];
  const collector: SqlExecutor = {
    query: async <Row>(text: string, params?: unknown[]) => {
      if (params?.length) throw new Error(`${projection.name}: createIndexes takes no parameters (${text})`);
      statements.push(text);
      return { rows: [] as Row[] };
    },
  };
  await projection.createIndexes?.(collector, table);
  return statements;
}

/**
 * Runs `work` on every item, at most `limit` at once, in order of the items;
 * after a failure it starts no more, and rejects with it.
 */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failing = false;
  const worker = async (): Promise<void> => {
    try {
      while (next < items.length && !failing) await work(items[next++]);
    } catch (error) {
      failing = true;
      throw error;
    }
  };
  const workers = Array.from({ length: Math.min(limit, items.length) }, worker);
  // Every worker is let finish before a failure surfaces: none may run behind the caller's back.
  const outcomes = await Promise.allSettled(workers);
  const failed = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A rebuild's `BulkLoad` for a projection without one of its own: each batch of events goes to `applyBatch`. */
class BufferedBatches implements BulkLoad {
  private events: RecordedEvent[] = [];

  constructor(private readonly projection: ProjectionDefinition) {}

  async prepare(): Promise<void> {
    // applyBatch reads what it needs itself, in the transaction that writes it.
  }

  fold(events: readonly RecordedEvent[]): void {
    this.events = this.events.length === 0 ? [...events] : this.events.concat(events);
  }

  takeChanges(): ((tx: SqlExecutor, table: PhysicalTableName) => Promise<void>) | null {
    const events = this.events;
    this.events = [];
    return events.length === 0 ? null : (tx, table) => this.projection.applyBatch(tx, events, table);
  }
}

/**
 * Pages through the log, reading the next page while the caller applies the
 * current one: reading is mostly this process parsing rows, applying mostly
 * the database writing them, so the two overlap.
 */
class LogPages {
  private prefetched: { after: number; page: Promise<RecordedEvent[]> } | undefined;

  constructor(
    private readonly store: EventStore,
    readonly pageSize: number,
  ) {}

  /** Waits for a read ahead still running, whatever its outcome. */
  async settle(): Promise<void> {
    await this.prefetched?.page.catch(() => undefined);
  }

  async after(position: number): Promise<RecordedEvent[]> {
    const page =
      this.prefetched?.after === position
        ? this.prefetched.page
        : this.store.readAll({ after: position, maxCount: this.pageSize });
    this.prefetched = undefined;
    const events = await page;
    // A short page means the head is near: the next read is better made fresh, after this batch.
    if (events.length === this.pageSize) this.prefetch(events[events.length - 1].position);
    return events;
  }

  private prefetch(after: number): void {
    const page = this.store.readAll({ after, maxCount: this.pageSize });
    // Should the rebuild stop before taking it, a failed read must not surface as an unhandled rejection.
    page.catch(() => undefined);
    this.prefetched = { after, page };
  }
}
