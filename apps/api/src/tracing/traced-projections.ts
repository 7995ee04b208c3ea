import { SpanKind } from '@opentelemetry/api';
import { inSpanFollowing } from '@redress/observability';
import type { ProjectionDefinition } from '@redress/projections';

/**
 * The projections with each batch applied in a span, `projection <name>
 * apply`, that follows the events it applies: a child of the trace of the
 * command that appended the first of them, linked to the others' (see
 * inSpanFollowing). The definitions are otherwise untouched.
 */
export function tracedProjections(projections: readonly ProjectionDefinition[]): ProjectionDefinition[] {
  return projections.map((projection) => ({
    ...projection,
    applyBatch: (tx, events, table) =>
      inSpanFollowing(
        `projection ${projection.name} apply`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'redress.projection.name': projection.name,
            'redress.projection.version': projection.version,
            'redress.events.count': events.length,
            'redress.log.position.first': events[0]?.position ?? 0,
            'redress.log.position.last': events.at(-1)?.position ?? 0,
          },
        },
        events,
        () => projection.applyBatch(tx, events, table),
      ),
  }));
}
