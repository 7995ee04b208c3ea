import type { IHeaders, KafkaMessage } from 'kafkajs';

/**
 * A Redress event as a consumer sees it, read from a Kafka record in
 * CloudEvents binary mode. The header names are the published contract
 * (GET /asyncapi); a consumer outside this repository copies them from there.
 */
export interface PublishedEvent {
  /** ce_id: unique per event and identical on every re-delivery: the deduplication key. */
  id: string;
  /** From ce_type `com.redress.complaint.<EventType>.v<N>`. */
  eventType: string;
  schemaVersion: number;
  /** ce_subject, equal to the record key: all of one complaint's events share a partition, in order. */
  complaintId: string;
  /** ce_sequence: the event's revision within its complaint (0, 1, 2, …). */
  sequence: number;
  /** ce_time: when it happened in the business. */
  time: string;
  /** The record value: JSON matching the schema at ce_dataschema. */
  data: Record<string, unknown>;
}

const CE_TYPE = /^com\.redress\.complaint\.([A-Za-z]+)\.v([1-9][0-9]*)$/;

export class MalformedEventError extends Error {
  override name = 'MalformedEventError';
}

export function readPublishedEvent(message: KafkaMessage): PublishedEvent {
  const header = (name: string) => headerText(message.headers, name);
  const ceType = header('ce_type');
  const type = CE_TYPE.exec(ceType);
  if (!type) throw new MalformedEventError(`not a Redress complaint event: ce_type "${ceType}"`);
  if (header('content-type') !== 'application/json' || !message.value) {
    throw new MalformedEventError(`event ${header('ce_id')} has no JSON value`);
  }
  return {
    id: header('ce_id'),
    eventType: type[1],
    schemaVersion: Number(type[2]),
    complaintId: header('ce_subject'),
    sequence: Number(header('ce_sequence')),
    time: header('ce_time'),
    data: JSON.parse(message.value.toString('utf8')) as Record<string, unknown>,
  };
}

function headerText(headers: IHeaders | undefined, name: string): string {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) throw new MalformedEventError(`header ${name} is missing`);
  return first.toString();
}
