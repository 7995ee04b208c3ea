import { quoteLiteral, type SqlClient, type SqlExecutor } from '@redress/event-store';
import { physicalTableNamer, type ProjectionDefinition } from './projection';

/**
 * The catalog of projection generations and their checkpoints. A generation
 * is one physical copy of a projection's tables; exactly one is active (its
 * views point at it) and at most one is being built. Each generation's
 * checkpoint is moved in the same transaction as its table writes.
 */
export interface GenerationRecord {
  projection: string;
  generation: number;
  version: number;
  status: 'active' | 'building';
  position: number;
  updatedAt: string;
}

/** Arbitrary constant naming the advisory lock that serialises catalog set-up across processes. */
const CATALOG_LOCK_KEY = 7_310_452_119;

export class ProjectionCatalog {
  constructor(private readonly client: SqlClient) {}

  /** Creates the catalog and, for each projection without one, a first active generation. Idempotent. */
  async install(projections: readonly ProjectionDefinition[]): Promise<void> {
    await this.client.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_LOCK_KEY]);
      await tx.query(`CREATE TABLE IF NOT EXISTS redress_projection_generations (
        projection TEXT NOT NULL,
        generation INT NOT NULL,
        version INT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'building')),
        position BIGINT NOT NULL DEFAULT 0,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        PRIMARY KEY (projection, generation)
      )`);
      await tx.query(`CREATE UNIQUE INDEX IF NOT EXISTS redress_projection_one_active
        ON redress_projection_generations (projection) WHERE status = 'active'`);
      for (const projection of projections) {
        const { rows } = await tx.query(
          'SELECT 1 FROM redress_projection_generations WHERE projection = $1 AND status = $2',
          [projection.name, 'active'],
        );
        if (rows.length === 0) {
          await this.createGeneration(tx, projection, 1, 'active');
          await pointViewsAt(tx, projection, 1);
        }
      }
    });
  }

  async generations(projection?: string, executor: SqlExecutor = this.client): Promise<GenerationRecord[]> {
    const { rows } = await executor.query<Record<string, unknown>>(
      `SELECT projection, generation, version, status, position, updated_at FROM redress_projection_generations
       WHERE $1::text IS NULL OR projection = $1 ORDER BY projection, generation`,
      [projection ?? null],
      'redress_projection_generations',
    );
    return rows.map((row) => ({
      projection: String(row.projection),
      generation: Number(row.generation),
      version: Number(row.version),
      status: row.status as GenerationRecord['status'],
      position: Number(row.position),
      updatedAt: new Date(row.updated_at as string).toISOString(),
    }));
  }

  async active(projection: string): Promise<GenerationRecord> {
    const found = (await this.generations(projection)).find((g) => g.status === 'active');
    if (!found) throw new Error(`projection ${projection} has no active generation; was the catalog installed?`);
    return found;
  }

  /**
   * Moves a generation's checkpoint from `from` to `to`, in the caller's
   * transaction. It fails (returns false) when the checkpoint is not at `from`
   * or the generation is gone: another worker got there first, or a rebuild
   * replaced this generation. The caller then rolls back and re-reads.
   */
  async advance(tx: SqlExecutor, projection: string, generation: number, from: number, to: number): Promise<boolean> {
    const { rows } = await tx.query(
      advanceSql(['$1', '$2', '$3', '$4'], { asynchronousCommit: false }),
      [projection, generation, from, to],
      'redress_advance_checkpoint',
    );
    return rows.length === 1;
  }

  /**
   * `advance` as a statement without parameters, for a transaction's
   * `opening`: sent with BEGIN, it costs a live batch no round trip of its
   * own. It returns one row when it moved the checkpoint, none where
   * `advance` would return false. The transaction also commits without
   * waiting for its WAL to reach the disk (see `ProjectionWorker`).
   */
  advanceOpening(projection: string, generation: number, from: number, to: number): string {
    for (const value of [generation, from, to]) {
      if (!Number.isSafeInteger(value)) throw new Error(`a checkpoint position must be an integer, not ${value}`);
    }
    const values: AdvanceValues = [quoteLiteral(projection), String(generation), String(from), String(to)];
    return advanceSql(values, { asynchronousCommit: true });
  }

  /** Starts (or finds, to resume) the generation a rebuild builds into. */
  async buildingGeneration(projection: ProjectionDefinition): Promise<GenerationRecord> {
    return this.client.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_LOCK_KEY]);
      const existing = await tx.query<{ generation: number; version: number }>(
        `SELECT generation, version FROM redress_projection_generations WHERE projection = $1 AND status = 'building'`,
        [projection.name],
      );
      if (existing.rows.length === 0 || Number(existing.rows[0].version) !== projection.version) {
        if (existing.rows.length) await this.dropGeneration(tx, projection, Number(existing.rows[0].generation));
        const { rows } = await tx.query<{ next: number }>(
          'SELECT COALESCE(MAX(generation), 0) + 1 AS next FROM redress_projection_generations WHERE projection = $1',
          [projection.name],
        );
        await this.createGeneration(tx, projection, Number(rows[0].next), 'building');
      }
      return (await this.generations(projection.name, tx)).find((g) => g.status === 'building') as GenerationRecord;
    });
  }

  /**
   * Makes the building generation active, in the caller's transaction: views
   * switch to it and the old generation's tables are dropped. Queries see the
   * old copy until this commits and the new one after, never a mix.
   */
  async promote(tx: SqlExecutor, projection: ProjectionDefinition, building: number): Promise<void> {
    const { rows } = await tx.query<{ generation: number }>(
      `SELECT generation FROM redress_projection_generations WHERE projection = $1 AND status = 'active' FOR UPDATE`,
      [projection.name],
    );
    await pointViewsAt(tx, projection, building);
    for (const row of rows) await this.dropGeneration(tx, projection, Number(row.generation));
    await tx.query(
      `UPDATE redress_projection_generations SET status = 'active', updated_at = now() WHERE projection = $1 AND generation = $2`,
      [projection.name, building],
    );
  }

  private async createGeneration(
    tx: SqlExecutor,
    projection: ProjectionDefinition,
    generation: number,
    status: GenerationRecord['status'],
  ): Promise<void> {
    const table = physicalTableNamer(projection, generation);
    await projection.createTables(tx, table);
    // A generation being built gets its secondary indexes after its bulk load (ProjectionRebuilder).
    if (status === 'active') await projection.createIndexes?.(tx, table);
    await tx.query(
      'INSERT INTO redress_projection_generations (projection, generation, version, status) VALUES ($1, $2, $3, $4)',
      [projection.name, generation, projection.version, status],
    );
  }

  private async dropGeneration(tx: SqlExecutor, projection: ProjectionDefinition, generation: number): Promise<void> {
    const table = physicalTableNamer(projection, generation);
    for (const logical of projection.tables) await tx.query(`DROP TABLE IF EXISTS ${table(logical)}`);
    await tx.query('DELETE FROM redress_projection_generations WHERE projection = $1 AND generation = $2', [
      projection.name,
      generation,
    ]);
  }
}

async function pointViewsAt(tx: SqlExecutor, projection: ProjectionDefinition, generation: number): Promise<void> {
  const table = physicalTableNamer(projection, generation);
  for (const logical of projection.tables) {
    // DROP + CREATE rather than CREATE OR REPLACE: a new version may have different columns.
    await tx.query(`DROP VIEW IF EXISTS ${logical}`);
    await tx.query(`CREATE VIEW ${logical} AS SELECT * FROM ${table(logical)}`);
  }
}

/** Projection, generation, from and to, as an SQL text each: parameter references or literals. */
type AdvanceValues = [string, string, string, string];

/** The checkpoint move's statement; `asynchronousCommit` also sets the transaction's commit mode, sparing it a statement. */
function advanceSql(
  [projection, generation, from, to]: AdvanceValues,
  { asynchronousCommit }: { asynchronousCommit: boolean },
) {
  const commitMode = asynchronousCommit ? ", set_config('synchronous_commit', 'off', true)" : '';
  return `UPDATE redress_projection_generations SET position = ${to}, updated_at = now()
       WHERE projection = ${projection} AND generation = ${generation} AND position = ${from} RETURNING position${commitMode}`;
}
