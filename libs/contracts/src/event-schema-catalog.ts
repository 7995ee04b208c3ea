import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The committed JSON Schemas of every published event version, one file per
 * version: `libs/contracts/schemas/events/<EventType>.v<N>.json`. Files of old
 * versions stay forever, because old events stay in the log and on topics.
 */
export const EVENT_SCHEMAS_DIR = join(__dirname, '..', 'schemas', 'events');

export type JsonSchema = Record<string, unknown>;

export interface EventSchemaEntry {
  eventType: string;
  schemaVersion: number;
  schema: JsonSchema;
}

const SCHEMA_FILE = /^([A-Za-z]+)\.v([1-9][0-9]*)\.json$/;

export function eventSchemaFileName(eventType: string, schemaVersion: number): string {
  return `${eventType}.v${schemaVersion}.json`;
}

/** Every committed schema, ordered by type then version. */
export function loadEventSchemas(dir: string = EVENT_SCHEMAS_DIR): EventSchemaEntry[] {
  return readdirSync(dir)
    .map((file) => ({ file, match: SCHEMA_FILE.exec(file) }))
    .filter((entry): entry is { file: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ file, match }) => ({
      eventType: match[1],
      schemaVersion: Number(match[2]),
      schema: JSON.parse(readFileSync(join(dir, file), 'utf8')) as JsonSchema,
    }))
    .sort((a, b) => a.eventType.localeCompare(b.eventType) || a.schemaVersion - b.schemaVersion);
}

/** Keywords that document a schema without constraining it. */
const ANNOTATIONS = new Set(['description', 'title', '$comment', 'examples', '$schema']);

/**
 * A schema with its annotations removed: what a payload may look like. Two
 * schemas with the same shape accept the same payloads, so a reworded comment
 * needs no new version but a changed field does. Names inside `properties`
 * are data, not keywords, and are kept even when one is called "description".
 */
export function schemaShape(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(schemaShape);
  if (schema === null || typeof schema !== 'object') return schema;
  const shape: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    shape[key] = key === 'properties' || key === 'definitions' ? mapValues(value, schemaShape) : schemaShape(value);
  }
  return shape;
}

function mapValues(value: unknown, map: (v: unknown) => unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, map(child)]));
}
