import { COMPLAINT_EVENT_SCHEMA_VERSIONS } from './complaint/events';
import { EARLY_WARNING_EVENT_SCHEMA_VERSIONS } from './early-warning/events';
import { SURVEY_EVENT_SCHEMA_VERSIONS } from './survey/events';

/**
 * The current schema version of every event type any aggregate appends:
 * complaints, surveys and early warnings all reach the log, hence the
 * publisher, so each needs a published JSON Schema (libs/contracts/schemas).
 */
export const PUBLISHED_EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  ...COMPLAINT_EVENT_SCHEMA_VERSIONS,
  ...SURVEY_EVENT_SCHEMA_VERSIONS,
  ...EARLY_WARNING_EVENT_SCHEMA_VERSIONS,
};

export const PUBLISHED_EVENT_TYPES: readonly string[] = Object.keys(PUBLISHED_EVENT_SCHEMA_VERSIONS);

/** The sources that declare those event types (each exported under its type's name), for the schema generator. */
export const PUBLISHED_EVENT_SOURCES: readonly string[] = [
  'libs/domain/src/complaint/events.ts',
  'libs/domain/src/survey/events.ts',
  'libs/domain/src/early-warning/events.ts',
];
