import type { ProjectionDefinition } from '../src';

/** Counts every event it applies, one row per event id, so a double application is visible. */
export function countingProjection(
  name: string,
  failBatch?: (attempt: number) => boolean,
): ProjectionDefinition & { attempts: number } {
  const projection = {
    name,
    version: 1,
    tables: [`${name.replace(/-/g, '_')}_seen`],
    attempts: 0,
    async createTables(tx, table) {
      await tx.query(`CREATE TABLE ${table(projection.tables[0])} (event_id UUID NOT NULL, position BIGINT NOT NULL)`);
    },
    async applyBatch(tx, events, table) {
      projection.attempts++;
      for (const event of events) {
        await tx.query(`INSERT INTO ${table(projection.tables[0])} VALUES ($1, $2)`, [event.eventId, event.position]);
      }
      // Fail after writing: the rows above must roll back with the checkpoint.
      if (failBatch?.(projection.attempts)) throw new Error(`simulated crash in batch attempt ${projection.attempts}`);
    },
  } satisfies ProjectionDefinition & { attempts: number };
  return projection;
}
