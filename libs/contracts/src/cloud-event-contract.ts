/**
 * The published contract of Redress events on Kafka: CloudEvents 1.0 in
 * binary content mode (cloudevents/spec `bindings/kafka-protocol-binding.md`):
 * the value is the event's `data` as JSON, every context attribute is its own
 * `ce_`-prefixed UTF-8 header, and `content-type` carries `datacontenttype`.
 * The publisher writes these headers and the AsyncAPI document describes them
 * from this one table, so the two cannot drift apart.
 */

/** The topic that carries every Redress event, in per-complaint order. */
export const COMPLAINT_EVENTS_TOPIC = 'complaints.events.v1';

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const DEFAULT_CLOUDEVENTS_SOURCE = '/redress';
export const EVENT_DATA_CONTENT_TYPE = 'application/json';

/** Reverse-DNS prefix of every `ce_type` (the spec asks for a reverse-DNS prefix). */
const CLOUD_EVENT_TYPE_PREFIX = 'com.redress.complaint';

/**
 * `com.redress.complaint.<EventType>.v<schemaVersion>`. The version suffix is
 * the spec's own example convention (`com.example.object.deleted.v2`): a new
 * payload shape is a new type, so a consumer can route on the header alone and
 * never meets a shape it did not subscribe to.
 */
export function cloudEventType(eventType: string, schemaVersion: number): string {
  return `${CLOUD_EVENT_TYPE_PREFIX}.${eventType}.v${schemaVersion}`;
}

/** The inverse of `cloudEventType`; undefined for a type that is not a Redress complaint event. */
export function parseCloudEventType(ceType: string): { eventType: string; schemaVersion: number } | undefined {
  const match = /^com\.redress\.complaint\.([A-Za-z]+)\.v([1-9][0-9]*)$/.exec(ceType);
  return match ? { eventType: match[1], schemaVersion: Number(match[2]) } : undefined;
}

/** Where the JSON Schema of one event version is served: `<base>/<EventType>/<version>` (GET /schemas/:type/:version). */
export function dataSchemaUrl(baseUrl: string, eventType: string, schemaVersion: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/${eventType}/${schemaVersion}`;
}

/** Width of the zero-padded `ce_sequence`: the sequence extension requires lexicographic order. */
export const SEQUENCE_DIGITS = 16;

export interface CloudEventHeaderSpec {
  header: string;
  description: string;
  /** Present on every message. */
  required: boolean;
  /** Where the value comes from; also the AsyncAPI example. */
  example: string;
}

/** Every header of a published message, by the attribute it carries. */
export const CLOUD_EVENT_HEADERS = {
  id: {
    header: 'ce_id',
    description: 'The event id, unique per event and stable across re-publication: deduplicate on it.',
    required: true,
    example: '9b1a4a0e-1c52-5b8e-9f39-1f3a5c0d2e11',
  },
  type: {
    header: 'ce_type',
    description: 'com.redress.complaint.<EventType>.v<schemaVersion>; names the payload schema.',
    required: true,
    example: 'com.redress.complaint.ComplaintReceived.v1',
  },
  source: {
    header: 'ce_source',
    description: 'The producing Redress deployment (configurable, default /redress).',
    required: true,
    example: DEFAULT_CLOUDEVENTS_SOURCE,
  },
  specVersion: {
    header: 'ce_specversion',
    description: 'CloudEvents specification version.',
    required: true,
    example: CLOUDEVENTS_SPEC_VERSION,
  },
  subject: {
    header: 'ce_subject',
    description: 'The complaint id; the same value is the record key.',
    required: true,
    example: '3f0c2f6e-8a51-4d0b-9a57-2d8c1e7b9a40',
  },
  time: {
    header: 'ce_time',
    description: 'When the fact happened in the business (RFC 3339).',
    required: true,
    example: '2026-11-20T08:00:00.000Z',
  },
  dataContentType: {
    header: 'content-type',
    description: 'The media type of the value (binary mode maps datacontenttype to this header).',
    required: true,
    example: EVENT_DATA_CONTENT_TYPE,
  },
  dataSchema: {
    header: 'ce_dataschema',
    description: 'URL of the JSON Schema the value conforms to (GET /schemas/:type/:version).',
    required: true,
    example: 'http://localhost:3000/schemas/ComplaintReceived/1',
  },
  correlationId: {
    header: 'ce_correlationid',
    description: 'Correlation extension: the request or business transaction the event is part of.',
    required: true,
    example: '5d7f2a61-0c2b-4f7e-8d0e-6b1f0a9c3e22',
  },
  causationId: {
    header: 'ce_causationid',
    description: 'Correlation extension: the message that directly caused the event (a command or request id).',
    required: true,
    example: '0c9e4b7d-6a3f-4e1b-8c2d-7f5a1b3e9d44',
  },
  actorId: {
    header: 'ce_actorid',
    description: 'Redress extension: who caused the event.',
    required: true,
    example: 'agent-7',
  },
  actorRole: {
    header: 'ce_actorrole',
    description: "Redress extension: the actor's role.",
    required: true,
    example: 'agent',
  },
  sequence: {
    header: 'ce_sequence',
    description: `Sequence extension: the event's 0-based revision within its complaint, zero-padded to ${SEQUENCE_DIGITS} digits so it orders lexicographically.`,
    required: true,
    example: '0000000000000003',
  },
  logPosition: {
    header: 'ce_logposition',
    description:
      "Redress extension: the event's position in the Redress global log (decimal); strictly increasing in commit order.",
    required: true,
    example: '1042',
  },
  partitionKey: {
    header: 'ce_partitionkey',
    description: 'Partitioning extension: the complaint id, mapped as-is to the record key.',
    required: true,
    example: '3f0c2f6e-8a51-4d0b-9a57-2d8c1e7b9a40',
  },
  // Optional since contract 1.1.0: events recorded without a trace context (before tracing, or with it off) have none.
  traceParent: {
    header: 'traceparent',
    description:
      "W3C Trace Context of the command that recorded the event (continuing the HTTP caller's trace when it sent one): " +
      'what OpenTelemetry Kafka instrumentations read to continue or link the trace. Absent when none was recorded.',
    required: false,
    example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
  traceState: {
    header: 'tracestate',
    description: 'W3C Trace Context vendor data that came with traceparent; absent when there was none.',
    required: false,
    example: 'congo=t61rcWkgMzE',
  },
  traceParentAttribute: {
    header: 'ce_traceparent',
    description: 'Distributed Tracing extension: the same value as traceparent, as a CloudEvents attribute.',
    required: false,
    example: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
  traceStateAttribute: {
    header: 'ce_tracestate',
    description: 'Distributed Tracing extension: the same value as tracestate, as a CloudEvents attribute.',
    required: false,
    example: 'congo=t61rcWkgMzE',
  },
} as const satisfies Record<string, CloudEventHeaderSpec>;

export type CloudEventAttribute = keyof typeof CLOUD_EVENT_HEADERS;
