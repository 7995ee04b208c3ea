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
  return new CloudEventRecords(options).of(event);
}

/** The headers that depend only on an event's type and schema version. */
interface TypeHeaders {
  type: string;
  dataSchema: string;
}

/**
 * `toCloudEventRecord` for a stream of events: the type-dependent headers
 * (`ce_type`, `ce_dataschema`) are built once per type and version rather
 * than once per event, which counts when a backlog is published.
 */
export class CloudEventRecords {
  private readonly byType = new Map<string, TypeHeaders>();

  constructor(private readonly options: CloudEventOptions) {}

  of(event: RecordedEvent): KafkaRecord {
    const complaintId = aggregateIdOf(event.streamId);
    const { metadata } = event;
    const typeHeaders = this.typeHeaders(event.type, event.schemaVersion);
    return {
      key: complaintId,
      value: JSON.stringify(event.data),
      headers: {
        [H.id.header]: event.eventId,
        [H.type.header]: typeHeaders.type,
        [H.source.header]: this.options.source,
        [H.specVersion.header]: CLOUDEVENTS_SPEC_VERSION,
        [H.subject.header]: complaintId,
        [H.time.header]: metadata.occurredAt,
        [H.dataContentType.header]: EVENT_DATA_CONTENT_TYPE,
        [H.dataSchema.header]: typeHeaders.dataSchema,
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

  private typeHeaders(eventType: string, schemaVersion: number): TypeHeaders {
    const key = `${eventType}.${schemaVersion}`;
    let headers = this.byType.get(key);
    if (!headers) {
      headers = {
        type: cloudEventType(eventType, schemaVersion),
        dataSchema: dataSchemaUrl(this.options.dataSchemaBaseUrl, eventType, schemaVersion),
      };
      this.byType.set(key, headers);
    }
    return headers;
  }
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
