import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { COMPLAINT_EVENT_TYPES, PUBLISHED_EVENT_SCHEMA_VERSIONS, PUBLISHED_EVENT_TYPES } from '@redress/domain';
import {
  EVENT_SCHEMAS_DIR,
  eventSchemaFileName,
  loadEventSchemas,
  schemaDrift,
  shapeChangedMessage,
  type JsonSchema,
} from '@redress/contracts';
import { openProjectionFixture, type ProjectionFixture } from '../../projections/test/projection-fixture';
import { eventfulLifecycleSteps, receiveCommand, withdrawalSteps } from '../../../test/support/complaint-scenarios';
import { createEventSchemaGenerator } from '../src/event-schema-generator';

const REPO_ROOT = join(__dirname, '..', '..', '..');

function committedSchema(eventType: string, version: number): JsonSchema | undefined {
  const file = join(EVENT_SCHEMAS_DIR, eventSchemaFileName(eventType, version));
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as JsonSchema) : undefined;
}

describe('published event schemas', () => {
  // Parsing the domain takes a few seconds; do it once.
  const generate = createEventSchemaGenerator(REPO_ROOT);

  it.each(PUBLISHED_EVENT_TYPES)('%s has a committed schema for its current version', (eventType) => {
    const version = PUBLISHED_EVENT_SCHEMA_VERSIONS[eventType];
    expect({ eventType, version, committed: committedSchema(eventType, version) !== undefined }).toEqual({
      eventType,
      version,
      committed: true,
    });
  });

  it.each(PUBLISHED_EVENT_TYPES)("%s's type still has the shape of its committed version", (eventType) => {
    const version = PUBLISHED_EVENT_SCHEMA_VERSIONS[eventType];
    const drift = schemaDrift(generate(eventType, version), committedSchema(eventType, version));
    if (drift === 'shape-changed') throw new Error(shapeChangedMessage(eventType, version));
    if (drift === 'annotations-changed') throw new Error(`${eventType}'s descriptions changed: run npm run schemas`);
    expect(drift).toBe('identical');
  });

  it('tells a changed shape from a reworded description', () => {
    const committed = committedSchema('ResolutionProposed', 1) as JsonSchema;
    const reworded = structuredClone(committed);
    reworded.description = 'Another wording';
    const compensation = (reworded.properties as any).compensation.anyOf[0];
    compensation.properties.amount.description = 'Reworded too';
    expect(schemaDrift(reworded, committed)).toBe('annotations-changed');

    // "description" is also a property name of Compensation: removing it changes the shape.
    const reshaped = structuredClone(committed);
    delete (reshaped.properties as any).compensation.anyOf[0].properties.description;
    expect(schemaDrift(reshaped, committed)).toBe('shape-changed');

    const required = structuredClone(committed);
    (required.required as string[]).pop();
    expect(schemaDrift(required, committed)).toBe('shape-changed');
    expect(schemaDrift(committed, undefined)).toBe('missing');
  });

  it('lists only well-formed files, each a draft-07 schema', () => {
    const entries = loadEventSchemas();
    expect(entries.length).toBeGreaterThanOrEqual(PUBLISHED_EVENT_TYPES.length);
    for (const entry of entries) expect(entry.schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });
});

describe('events produced by the decider', () => {
  let fx: ProjectionFixture;

  beforeAll(async () => {
    fx = await openProjectionFixture();
    for (const steps of [eventfulLifecycleSteps(), withdrawalSteps()]) {
      const complaintId = randomUUID();
      await fx.run(complaintId, receiveCommand(complaintId));
      for (const step of steps) await fx.run(complaintId, step);
    }
    // A merge and its unmerge: two events on each of the two complaints.
    const [primary, duplicate] = [randomUUID(), randomUUID()];
    for (const id of [primary, duplicate]) await fx.run(id, receiveCommand(id));
    await fx.merge(duplicate, primary);
    await fx.unmerge(duplicate);
  });

  afterAll(() => fx.close());

  it('include every event type, and each validates against the schema of its version', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validators = new Map(
      loadEventSchemas().map((entry) => [`${entry.eventType}.v${entry.schemaVersion}`, ajv.compile(entry.schema)]),
    );
    const events = await fx.store.readAll({ maxCount: 1000 });
    const failures = events.flatMap((event) => {
      const validate = validators.get(`${event.type}.v${event.schemaVersion}`);
      if (!validate) return [`${event.type}.v${event.schemaVersion}: no schema`];
      return validate(event.data) ? [] : [`${event.type}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(failures).toEqual([]);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(COMPLAINT_EVENT_TYPES));
  });
});
