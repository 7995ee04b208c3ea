import { UnknownEventError } from './complaint/upcast';

/** A domain event: its type and its published payload (a changed shape is a new schema version). */
export interface DomainEvent<Type extends string, Data> {
  type: Type;
  data: Data;
}

/** A stored event as read back: type, the schema version it was written with, and its payload. */
export interface StoredEvent {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** One step that lifts a payload from `fromVersion` to `fromVersion + 1`. */
export type PayloadUpcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Builds the reader of one aggregate's versioned events: it lifts a stored
 * payload of any released version to the current one, and refuses an unknown
 * type or a version from the future loudly rather than folding it wrongly
 * (the same policy as the complaint's `upcastComplaintEvent`).
 */
export function versionedEventReader<Event extends { type: string; data: unknown }>(
  currentVersions: Readonly<Record<Event['type'], number>>,
  upcasters: Partial<Record<Event['type'], Record<number, PayloadUpcaster>>> = {},
): (stored: StoredEvent) => Event {
  return (stored) => {
    const type = stored.type as Event['type'];
    if (!Object.prototype.hasOwnProperty.call(currentVersions, type))
      throw new UnknownEventError(stored.type, stored.schemaVersion);
    const current = currentVersions[type];
    if (!Number.isInteger(stored.schemaVersion) || stored.schemaVersion < 1 || stored.schemaVersion > current) {
      throw new UnknownEventError(stored.type, stored.schemaVersion);
    }
    let data = stored.data as Record<string, unknown>;
    for (let version = stored.schemaVersion; version < current; version++) {
      const step = upcasters[type]?.[version];
      if (!step) throw new UnknownEventError(stored.type, version);
      data = step(data);
    }
    return { type, data } as Event;
  };
}
