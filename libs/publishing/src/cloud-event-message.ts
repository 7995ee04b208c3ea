import {
  CLOUD_EVENT_HEADERS as H,
  CLOUDEVENTS_SPEC_VERSION,
  cloudEventType,
  dataSchemaUrl,
  EVENT_DATA_CONTENT_TYPE,
  SEQUENCE_DIGITS,
} from '@redress/contracts';
import type { RecordedEvent } from '@redress/event-store';
import { storedTraceContext } from '@redress/observability';

export interface CloudEventOptions {
  /** `ce_source`: which Redress deployment published the event. */
  source: string;
  /** Base of `ce_dataschema`, e.g. `https://redress.example.com/schemas`. */
  dataSchemaBaseUrl: string;
}

/** A Kafka record as kafkajs takes it. */
export interface KafkaRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

const COMPLAINT_STREAM_PREFIX = 'complaint-';

/** `complaint-<uuid>` → `<uuid>`; any other stream keeps its whole id, so it still has one stable key. */
export function aggregateIdOf(streamId: string): string {
  return streamId.startsWith(COMPLAINT_STREAM_PREFIX) ? streamId.slice(COMPLAINT_STREAM_PREFIX.length) : streamId;
}

/**
 * One stored event as a CloudEvent in Kafka binary content mode. Everything
 * comes from the stored event, nothing from the clock, so publishing the same
 * event again (after a crash, or in a backfill) yields the same record, and
 * consumers can recognise it by `ce_id`.
 *
 * The trace context the event recorded (the command's, within the HTTP
 * caller's trace) goes in both W3C `traceparent`/`tracestate` headers, where
 * OpenTelemetry's Kafka instrumentations look, and in the CloudEvents
 * Distributed Tracing extension's `ce_traceparent`/`ce_tracestate`, which the
 * extension requires to carry the same value. Events without one get neither.
 */
export function toCloudEventRecord(event: RecordedEvent, options: CloudEventOptions): KafkaRecord {
  const complaintId = aggregateIdOf(event.streamId);
  const { metadata } = event;
  return {
    key: complaintId,
    value: JSON.stringify(event.data),
    headers: {
      [H.id.header]: event.eventId,
      [H.type.header]: cloudEventType(event.type, event.schemaVersion),
      [H.source.header]: options.source,
      [H.specVersion.header]: CLOUDEVENTS_SPEC_VERSION,
      [H.subject.header]: complaintId,
      [H.time.header]: metadata.occurredAt,
      [H.dataContentType.header]: EVENT_DATA_CONTENT_TYPE,
      [H.dataSchema.header]: dataSchemaUrl(options.dataSchemaBaseUrl, event.type, event.schemaVersion),
      [H.correlationId.header]: metadata.correlationId,
      [H.causationId.header]: metadata.causationId,
      [H.actorId.header]: metadata.actor.id,
      [H.actorRole.header]: metadata.actor.role,
      [H.sequence.header]: String(event.revision).padStart(SEQUENCE_DIGITS, '0'),
      [H.logPosition.header]: String(event.position),
      [H.partitionKey.header]: complaintId,
      ...traceHeaders(metadata),
    },
  };
}

function traceHeaders(metadata: RecordedEvent['metadata']): Record<string, string> {
  const stored = storedTraceContext(metadata);
  if (!stored) return {};
  const headers: Record<string, string> = {
    [H.traceParent.header]: stored.traceparent,
    [H.traceParentAttribute.header]: stored.traceparent,
  };
  if (stored.tracestate !== undefined) {
    headers[H.traceState.header] = stored.tracestate;
    headers[H.traceStateAttribute.header] = stored.tracestate;
  }
  return headers;
}
