import type { SqlClient } from '@redress/event-store';
import { ProjectionCatalog, type GenerationRecord } from '@redress/projections';

export const SLA_PROJECTION = 'sla-tracking';

/**
 * The SLA read model's active generation in this store; undefined when it
 * was never built (not even the projection catalog exists: the CLI creates
 * nothing by asking).
 */
export async function activeSlaGeneration(readModels: SqlClient): Promise<GenerationRecord | undefined> {
  const { rows } = await readModels.query<{ catalog: string | null }>(
    `SELECT to_regclass('redress_projection_generations')::text AS catalog`,
  );
  if (!rows[0]?.catalog) return undefined;
  const generations = await new ProjectionCatalog(readModels).generations(SLA_PROJECTION);
  return generations.find((generation) => generation.status === 'active');
}

/** Why a command that reads the SLA read model cannot, and what to do about it. */
export const SLA_READ_MODEL_MISSING =
  `the SLA read model (projection ${SLA_PROJECTION}) has not been built in this store: ` +
  `start the API, or run: redress projections rebuild ${SLA_PROJECTION}`;
