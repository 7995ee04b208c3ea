import type { SqlClient } from '@redress/event-store';
import { ProjectionCatalog, type ProjectionDefinition } from '@redress/projections';

export const DEFAULT_PUBLISHER_NAME = 'kafka-publisher';

/** Another process moved the checkpoint (a second publisher, or an operator): reload rather than overwrite it. */
export class CheckpointMovedError extends Error {
  constructor(name: string, from: number) {
    super(`the checkpoint of ${name} is no longer at ${from}`);
    this.name = 'CheckpointMovedError';
  }
}

/**
 * The publisher's position in the global log, kept in the projection catalog
 * (`redress_projection_generations`) beside the read models' checkpoints, so
 * `projections status` lists it with its lag too. It is registered as a
 * projection without tables; it is never applied or rebuilt like one.
 */
export class PublisherCheckpoint {
  private readonly catalog: ProjectionCatalog;
  private readonly definition: ProjectionDefinition;
  private generation = 0;

  constructor(
    private readonly db: SqlClient,
    readonly name: string = DEFAULT_PUBLISHER_NAME,
  ) {
    this.catalog = new ProjectionCatalog(db);
    this.definition = {
      name,
      version: 1,
      tables: [],
      createTables: async () => undefined,
      applyBatch: async () => {
        throw new Error(`${name} is a publisher checkpoint, not a projection to apply`);
      },
    };
  }

  /** Registers the checkpoint if new (at 0: publish the whole log) and returns the stored position. */
  async load(): Promise<number> {
    await this.catalog.install([this.definition]);
    const active = await this.catalog.active(this.name);
    this.generation = active.generation;
    return active.position;
  }

  /**
   * Moves the checkpoint from `from` to `to`; call it only after Kafka has
   * acknowledged every event up to `to`. A crash before this line means the
   * batch is published again on restart: a duplicate, never a loss.
   */
  async advance(from: number, to: number): Promise<void> {
    if (!(await this.catalog.advance(this.db, this.name, this.generation, from, to))) {
      throw new CheckpointMovedError(this.name, from);
    }
  }
}
