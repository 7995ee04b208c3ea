import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { inSpan } from '@redress/observability';

/** How the operation ended: `completed`, `failed`, or what the operation says (an audit: `valid` or `broken`). */
export const ATTR_OUTCOME = 'redress.operation.outcome';
/** Events read and handled so far; kept current while the operation runs, so a failure shows how far it got. */
export const ATTR_EVENTS_PROCESSED = 'redress.events.processed';
/** The first log position the operation handles. */
export const ATTR_FIRST_POSITION = 'redress.log.position.first';
export const ATTR_PROJECTION_NAME = 'redress.projection.name';
/** The Kafka topic written to (OpenTelemetry messaging convention). */
export const ATTR_TOPIC = 'messaging.destination.name';

/**
 * Runs a long management operation (a projection rebuild, a republish, an
 * audit) as the root span of a trace of its own, so an operator finds it in
 * the tracing backend next to the API's traces. The span records the
 * operation's outcome, and on failure the error (recordFailure, by inSpan).
 */
export function inOperationSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
  outcomeOf: (result: T) => string = () => 'completed',
): Promise<T> {
  return inSpan(name, { kind: SpanKind.INTERNAL, root: true, attributes }, async (span) => {
    try {
      const result = await work(span);
      span.setAttribute(ATTR_OUTCOME, outcomeOf(result));
      return result;
    } catch (error) {
      span.setAttribute(ATTR_OUTCOME, 'failed');
      throw error;
    }
  });
}
