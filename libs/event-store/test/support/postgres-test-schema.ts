import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  openPostgresEventStore,
  type NewEvent,
  type PostgresEventStore,
  type PostgresEventStoreOptions,
} from '@redress/event-store';

/**
 * Helpers for specs that run against the real PostgreSQL server. Each spec
 * works in a fresh random schema and drops it afterwards. PostgreSQL being
 * down fails the specs with a hint; they never skip.
 */
export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const START_HINT = 'start it with pg_ctlcluster --skip-systemctl-redirect 15 main start';

/** Runs one statement on a short-lived connection of its own (outside any store). */
export async function adminQuery<Row extends Record<string, unknown>>(
  text: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL not reachable at ${POSTGRES_URL}; ${START_HINT} (${(error as Error).message})`, {
      cause: error,
    });
  }
  try {
    return (await client.query<Row>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export function randomSchemaName(): string {
  return `redress_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

/** Opens a store in `schema`, first checking the server is there so a failure says how to start it. */
export async function openTestStore(
  schema: string,
  options: Partial<PostgresEventStoreOptions> = {},
): Promise<PostgresEventStore> {
  await adminQuery('SELECT 1');
  return openPostgresEventStore({ connectionString: POSTGRES_URL, schema, ...options });
}

export function testEvent(type = 'Tested', eventId: string = randomUUID()): NewEvent {
  return {
    eventId,
    type,
    schemaVersion: 1,
    data: { type },
    metadata: {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: eventId,
      actor: { id: 'postgres-spec', role: 'system' },
      occurredAt: new Date().toISOString(),
    },
  };
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
