import { COMPLAINT_EVENT_SCHEMA_VERSIONS, isComplaintEventType, type ComplaintEvent } from './events';

/** A stored event as read back: type, the schema version it was written with, and its payload. */
export interface StoredComplaintEvent {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** One step that lifts a payload from `fromVersion` to `fromVersion + 1`, registered per event type. */
type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;
const UPCASTERS: Partial<Record<ComplaintEvent['type'], Record<number, Upcaster>>> = {
  // v2 added the optional sealed customer.personalData; a v1 receipt had none, so it is a valid v2 payload as it is.
  ComplaintReceived: { 1: (data) => data },
};

export class UnknownEventError extends Error {
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
  ) {
    super(`cannot read event ${type} v${schemaVersion}: unknown type or a version newer than this build`);
    this.name = 'UnknownEventError';
  }
}

/**
 * Turns a stored event of any released version into the current domain event.
 * An unknown type or a version from the future fails loudly instead of being
 * folded wrongly, so an old build never silently misreads a newer stream.
 */
export function upcastComplaintEvent(stored: StoredComplaintEvent): ComplaintEvent {
  const { type } = stored;
  if (!isComplaintEventType(type)) throw new UnknownEventError(type, stored.schemaVersion);
  const current = COMPLAINT_EVENT_SCHEMA_VERSIONS[type];
  if (!Number.isInteger(stored.schemaVersion) || stored.schemaVersion < 1 || stored.schemaVersion > current) {
    throw new UnknownEventError(type, stored.schemaVersion);
  }
  let data = stored.data as Record<string, unknown>;
  for (let version = stored.schemaVersion; version < current; version++) {
    const step = UPCASTERS[type]?.[version];
    if (!step) throw new UnknownEventError(type, version);
    data = step(data);
  }
  return { type, data } as ComplaintEvent;
}
