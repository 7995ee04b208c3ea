import type { RecordedEvent, SqlExecutor } from '@redress/event-store';

/** Maps a projection's logical table name to the physical table of one generation. */
export type PhysicalTableName = (logical: string) => string;

/**
 * A read model kept current from the global log. The runtime owns
 * checkpoints, batching, generations (blue-green rebuilds) and recovery; a
 * projection only says how to create its tables and apply a batch of events.
 */
export interface ProjectionDefinition {
  /** Stable name, used in checkpoints and on the command line. */
  name: string;
  /** Bump when the tables or the logic change; the new version is then built as a new generation. */
  version: number;
  /** Logical table names. Queries read them through views that point at the active generation. */
  tables: readonly string[];
  /**
   * Creates the tables of one generation, with the keys `applyBatch` relies
   * on, and every index unless the projection has `createIndexes`.
   */
  createTables(tx: SqlExecutor, table: PhysicalTableName): Promise<void>;
  /**
   * Creates the secondary indexes, for projections that would rather have a
   * rebuild build them once after its bulk load than maintain them row by
   * row during it (several times faster, and the indexes come out compact).
   * A live generation gets them with its tables. Must be idempotent (`IF NOT
   * EXISTS`): a resumed rebuild may run it again. A rebuild collects the
   * statements it issues and runs them concurrently, each in a transaction
   * of its own: each must stand alone (no parameters, none relying on
   * another having run, nothing read from what a statement returns).
   */
  createIndexes?(tx: SqlExecutor, table: PhysicalTableName): Promise<void>;
  /**
   * Applies a batch of events, in global order, inside the transaction that
   * also moves the checkpoint. Events of other kinds must simply be ignored.
   */
  applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void>;
  /**
   * Optional, for rebuilds: a fresh in-memory fold of the log (see
   * `BulkLoad`). A rebuild of a projection without one applies the log with
   * `applyBatch`, batch by batch. Whichever way, the tables must come out the
   * same as the live path leaves them.
   */
  bulkLoad?(): BulkLoad;
}

/**
 * How a rebuild folds the log in memory and writes each changed row once per
 * transaction, rather than reading back and rewriting rows batch by batch.
 * The rebuild calls, for each page of events in log order, `prepare` then
 * `fold`; every so many events it calls `takeChanges` and runs the write it
 * returns in the transaction that moves the checkpoint to the last event
 * folded. It goes on reading and folding the next pages while that write
 * runs, so the state a `BulkLoad` keeps must be its own (rows it replaces, not
 * mutates), and `takeChanges` must hand over a write that no later `fold`
 * affects. One write runs at a time, in order.
 */
export interface BulkLoad {
  /**
   * Reads from the tables what folding `events` needs that this load does not
   * hold: rows that earlier runs or transactions wrote and it has since let go
   * of (it may keep only so many). `committed` sees every write taken so far,
   * committed: a query through it first waits for the write in flight.
   */
  prepare(committed: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void>;
  /** Folds a page of events, in log order, into memory; no I/O. */
  fold(events: readonly RecordedEvent[]): void;
  /**
   * Takes what changed since the last call, as a write for the transaction
   * that moves the checkpoint; null when nothing did.
   */
  takeChanges(): ((tx: SqlExecutor, table: PhysicalTableName) => Promise<void>) | null;
}

export function physicalTableNamer(projection: ProjectionDefinition, generation: number): PhysicalTableName {
  return (logical) => {
    if (!projection.tables.includes(logical)) throw new Error(`${projection.name} has no table ${logical}`);
    return `${logical}_g${generation}`;
  };
}
