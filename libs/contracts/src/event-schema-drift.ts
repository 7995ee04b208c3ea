import { schemaShape, type JsonSchema } from './event-schema-catalog';

/**
 * How a schema generated from today's types compares with the committed file
 * of the same version. A changed shape under an unchanged version is the
 * mistake this guards against: consumers validating against the published v1
 * would start rejecting (or misreading) events still labelled v1.
 */
export type SchemaDrift = 'missing' | 'identical' | 'annotations-changed' | 'shape-changed';

export function schemaDrift(generated: JsonSchema, committed: JsonSchema | undefined): SchemaDrift {
  if (committed === undefined) return 'missing';
  if (canonicalJson(generated) === canonicalJson(committed)) return 'identical';
  return canonicalJson(schemaShape(generated)) === canonicalJson(schemaShape(committed))
    ? 'annotations-changed'
    : 'shape-changed';
}

/** JSON with object keys sorted: equal text means equal JSON values, whatever the key order or the realm. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function shapeChangedMessage(eventType: string, schemaVersion: number): string {
  return (
    `${eventType}'s payload type changed but its schema version is still ${schemaVersion}: ` +
    `bump it in COMPLAINT_EVENT_SCHEMA_VERSIONS (libs/domain/src/complaint/events.ts), add an upcaster, ` +
    `then run npm run schemas to commit ${eventType}.v${schemaVersion + 1}.json`
  );
}
