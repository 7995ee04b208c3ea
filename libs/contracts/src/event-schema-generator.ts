import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { PUBLISHED_EVENT_SOURCES } from '@redress/domain';
import { cloudEventType } from './cloud-event-contract';
import type { JsonSchema } from './event-schema-catalog';

/**
 * Generates the JSON Schema of each event's `data` from the domain's
 * TypeScript types (PUBLISHED_EVENT_SOURCES: the complaint's, surveys' and
 * early warnings' `events.ts`), so the published
 * contract is the code and not a hand-written copy of it.
 *
 * Development only: ts-json-schema-generator is a dev dependency, so nothing
 * the API loads at run time may import this file (the index does not).
 */
export type EventSchemaGenerator = (eventType: string, schemaVersion: number) => JsonSchema;

/**
 * Parses the domain once (a few seconds); the returned function is then cheap
 * per type. `repoRoot` because the TypeScript sources are read, wherever this
 * file runs from (the sources in tests, dist/ in `npm run schemas`).
 */
export function createEventSchemaGenerator(repoRoot: string): EventSchemaGenerator {
  // One program over every events.ts (a glob), so each type is found in whichever file declares it.
  const eventsSource = join(repoRoot, `{${PUBLISHED_EVENT_SOURCES.join(',')}}`);
  const generator = inlinedSchemaGenerator(repoRoot, eventsSource);
  return (eventType, schemaVersion) => {
    const event = generator.createSchema(eventType) as { properties?: { data?: JsonSchema } };
    const data = event.properties?.data;
    if (!data) throw new Error(`${eventType} in ${eventsSource} has no data property`);
    return {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: `${eventType} v${schemaVersion}`,
      description: `The data (Kafka record value) of ${cloudEventType(eventType, schemaVersion)}.`,
      ...data,
    };
  };
}

/** A generator of standalone schemas from the TypeScript types in `path` (a file or a glob), comments included. */
export function inlinedSchemaGenerator(repoRoot: string, path: string) {
  return createGenerator({
    path,
    tsconfig: join(repoRoot, 'tsconfig.json'),
    // Inline everything: each file stands alone, with no $ref into a shared definitions file.
    expose: 'none',
    topRef: false,
    skipTypeCheck: true,
    additionalProperties: false,
    jsDoc: 'extended',
  });
}
