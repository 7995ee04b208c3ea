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
   * EXISTS`): a resumed rebuild may run it again.
   */
  createIndexes?(tx: SqlExecutor, table: PhysicalTableName): Promise<void>;
  /**
   * Applies a batch of events, in global order, inside the transaction that
   * also moves the checkpoint. Events of other kinds must simply be ignored.
   */
  applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void>;
}

export function physicalTableNamer(projection: ProjectionDefinition, generation: number): PhysicalTableName {
  return (logical) => {
    if (!projection.tables.includes(logical)) throw new Error(`${projection.name} has no table ${logical}`);
    return `${logical}_g${generation}`;
  };
}
