import type { EventStore, SqlClient } from '@redress/event-store';
import { physicalTableNamer, type ProjectionDefinition } from './projection';
import type { ProjectionCatalog } from './projection-catalog';

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
}

/**
 * Rebuilds a projection blue-green: it builds a new generation of the tables
 * from the start of the log (resuming a building generation that a previous
 * run left), then, once caught up, applies the last few events and switches
 * the views in one transaction. Queries answer from the old copy throughout,
 * and the live runner follows the swap on its own.
 */
export class ProjectionRebuilder {
  constructor(
    private readonly store: EventStore,
    private readonly client: SqlClient,
    private readonly catalog: ProjectionCatalog,
    private readonly batchSize = 2000,
  ) {}

  async rebuild(
    projection: ProjectionDefinition,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<RebuildResult> {
    await this.catalog.install([projection]);
    const building = await this.catalog.buildingGeneration(projection);
    const table = physicalTableNamer(projection, building.generation);
    const started = Date.now();
    let position = building.position;
    let applied = 0;
    let head = await this.store.headPosition();

    // Events are read before the transaction opens: the embedded store shares one connection with it.
    const applyNext = async (promoteWhenDone: boolean): Promise<boolean> => {
      const events = await this.store.readAll({ after: position, maxCount: this.batchSize });
      return this.client.transaction(async (tx) => {
        if (events.length > 0) {
          const to = events[events.length - 1].position;
          if (!(await this.catalog.advance(tx, projection.name, building.generation, position, to))) {
            throw new Error(`another rebuild of ${projection.name} is running`);
          }
          await projection.applyBatch(tx, events, table);
          position = to;
          applied += events.length;
        }
        const caughtUp = events.length < this.batchSize;
        if (caughtUp && promoteWhenDone) await this.catalog.promote(tx, projection, building.generation);
        return caughtUp;
      });
    };

    // Catch up in batches, each its own transaction, so an interrupted rebuild resumes from its checkpoint.
    while (!(await applyNext(false))) {
      head = Math.max(head, position);
      const seconds = (Date.now() - started) / 1000;
      const rate = seconds > 0 ? applied / seconds : 0;
      onProgress?.({
        projection: projection.name,
        generation: building.generation,
        position,
        headPosition: head,
        eventsApplied: applied,
        eventsPerSecond: Math.round(rate),
        etaSeconds: rate > 0 ? Math.max(0, (head - position) / rate) : null,
      });
    }
    // The tail that arrived meanwhile and the swap commit together.
    while (!(await applyNext(true))) {
      /* a burst of appends outran the last batch: keep going until a batch is short */
    }
    const seconds = (Date.now() - started) / 1000;
    onProgress?.({
      projection: projection.name,
      generation: building.generation,
      position,
      headPosition: Math.max(head, position),
      eventsApplied: applied,
      eventsPerSecond: Math.round(seconds > 0 ? applied / seconds : applied),
      etaSeconds: 0,
    });
    return {
      projection: projection.name,
      generation: building.generation,
      eventsApplied: applied,
      seconds,
      eventsPerSecond: Math.round(seconds > 0 ? applied / seconds : applied),
    };
  }
}
