import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  EVENT_STORE_MIGRATIONS,
  EventStoreUnavailableError,
  migrateEventStore,
  openPostgresEventStore,
  WrongExpectedRevisionError,
  type RecordedEvent,
} from '@redress/event-store';
import { PgSqlClient } from '../src/postgres/pg-sql-client';
import { describeEventStoreContract } from '../../../test/contract/event-store.contract';
import {
  adminQuery,
  dropSchema,
  openTestStore,
  POSTGRES_URL,
  randomSchemaName,
  testEvent,
  waitUntil,
} from './support/postgres-test-schema';

const contractSchema = randomSchemaName();
afterAll(() => dropSchema(contractSchema));

describeEventStoreContract(`PostgreSQL (${POSTGRES_URL})`, () => openTestStore(contractSchema));

describe('PostgreSQL event store start-up', () => {
  const schemas: string[] = [];
  const fresh = () => {
    const schema = randomSchemaName();
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  const appliedVersions = async (schema: string) =>
    (
      await adminQuery<{ version: number }>(`SELECT version FROM ${schema}.redress_schema_migrations ORDER BY version`)
    ).map((row) => row.version);

  it('creates its schema and runs the migrations at start, and a second start changes nothing', async () => {
    const schema = fresh();
    const first = await openTestStore(schema);
    await first.append('s', [testEvent()], 'no_stream');
    await first.close();
    const versions = await appliedVersions(schema);
    expect(versions).toEqual(EVENT_STORE_MIGRATIONS.map((migration) => migration.version));

    const second = await openTestStore(schema);
    try {
      expect(await appliedVersions(schema)).toEqual(versions);
      expect((await second.readStream('s')).map((e) => e.revision)).toEqual([0]);
      expect(await second.append('s', [testEvent()], 0)).toMatchObject({ revision: 1, position: 2 });
    } finally {
      await second.close();
    }
  });

  it('upgrades a log written before payloads were kept as JSON text, and reads its events back unchanged', async () => {
    const schema = fresh();
    const [first] = EVENT_STORE_MIGRATIONS;
    await adminQuery(`CREATE SCHEMA ${schema}`);
    await adminQuery(
      `SET search_path = ${schema}; ${first.sql};
       CREATE TABLE redress_schema_migrations (version INT PRIMARY KEY, description TEXT NOT NULL,
         applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
       INSERT INTO redress_schema_migrations (version, description) VALUES (${first.version}, 'v1');
       INSERT INTO redress_events (position, stream_id, revision, event_id, event_type, schema_version, data, metadata)
         VALUES (1, 'old', 0, gen_random_uuid(), 'Old', 1, '{"b": [1, "two"], "a": null}', '{"actor": {"id": "x"}}');
       INSERT INTO redress_streams VALUES ('old', 0);
       UPDATE redress_log_head SET position = 1`,
    );
    const store = await openTestStore(schema);
    try {
      expect(await appliedVersions(schema)).toEqual(EVENT_STORE_MIGRATIONS.map((migration) => migration.version));
      const [old] = await store.readStream('old');
      expect(old).toMatchObject({ type: 'Old', data: { a: null, b: [1, 'two'] }, metadata: { actor: { id: 'x' } } });
      expect(await store.append('old', [testEvent()], 0)).toMatchObject({ revision: 1, position: 2 });
    } finally {
      await store.close();
    }
  });

  it('lets several processes start on a fresh schema at once', async () => {
    const schema = fresh();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openTestStore(schema)));
    try {
      expect(await appliedVersions(schema)).toEqual(EVENT_STORE_MIGRATIONS.map((migration) => migration.version));
      await Promise.all(stores.map((store, i) => store.append(`s-${i}`, [testEvent()], 'no_stream')));
      expect((await stores[0].readAll()).map((e) => e.position)).toEqual([1, 2, 3, 4]);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  it('lets concurrent migrators create the schema and apply each migration once', async () => {
    const schema = fresh();
    const clients = Array.from(
      { length: 3 },
      () => new PgSqlClient(new Pool({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}`, max: 1 })),
    );
    try {
      await Promise.all(clients.map((client) => migrateEventStore(client, { schema })));
      await Promise.all(clients.map((client) => migrateEventStore(client, { schema })));
      expect(await appliedVersions(schema)).toEqual(EVENT_STORE_MIGRATIONS.map((migration) => migration.version));
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it('refuses a schema name it would have to quote', async () => {
    await expect(
      openPostgresEventStore({ connectionString: POSTGRES_URL, schema: 'Bad; DROP' }),
    ).rejects.toBeInstanceOf(TypeError);
  });

  it('fails to open with EventStoreUnavailableError naming the server when PostgreSQL cannot be reached', async () => {
    const unreachable = 'postgres://postgres:secret@127.0.0.1:1/test';
    const opening = openPostgresEventStore({ connectionString: unreachable, schema: 'redress_unreachable' });
    await expect(opening).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(opening).rejects.toThrow(/not reachable at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test/);
  });
});

describe('PostgreSQL event store across processes and payloads', () => {
  const schema = randomSchemaName();
  afterAll(() => dropSchema(schema));

  it('delivers every event exactly once, in order, to a subscriber while two other instances append', async () => {
    const writers = await Promise.all([openTestStore(schema), openTestStore(schema)]);
    const reader = await openTestStore(schema);
    const received: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll({
      after: await reader.headPosition(),
      onEvents: async (events) => {
        received.push(...events);
      },
    });
    try {
      const perWriter = 1500;
      await Promise.all(
        writers.map(async (writer, w) => {
          const streams = Array.from({ length: 50 }, (_, i) => `cross-${w}-${i}`);
          const revisions = new Map<string, number>();
          // 30 concurrent appenders per instance, so both instances batch and race for the log head.
          await Promise.all(
            Array.from({ length: 30 }, async (_, a) => {
              for (let n = a; n < perWriter; n += 30) {
                const id = streams[n % streams.length];
                const events = [testEvent()];
                // Streams are shared between this instance's appenders: chain on the revision we last saw.
                for (;;) {
                  try {
                    revisions.set(id, (await writer.append(id, events, revisions.get(id) ?? 'no_stream')).revision);
                    break;
                  } catch (error) {
                    if (!(error instanceof WrongExpectedRevisionError)) throw error;
                    revisions.set(
                      id,
                      (await writer.readStream(id, { direction: 'backward', maxCount: 1 }))[0].revision,
                    );
                  }
                }
              }
            }),
          );
        }),
      );
      await waitUntil(() => received.length >= 2 * perWriter, 30_000, 'the subscriber catching up');
      expect(received).toHaveLength(2 * perWriter);
      expect(received.map((e) => e.position)).toEqual(received.map((_, i) => received[0].position + i));
      const last = new Map<string, number>();
      for (const e of received) {
        expect(e.revision).toBe((last.get(e.streamId) ?? -1) + 1);
        last.set(e.streamId, e.revision);
      }
    } finally {
      await subscription.stop();
      await Promise.all([...writers, reader].map((store) => store.close()));
    }
  }, 60_000);

  it('stores payloads exactly, including JSON null, strings and non-ASCII text', async () => {
    const store = await openTestStore(schema);
    try {
      const payloads = [
        null,
        'just a string',
        42,
        [1, 'two', null],
        { text: 'Beschwerde über Lieferung — 配送 📦', nested: { empty: {} } },
      ];
      const events = payloads.map((data) => ({ ...testEvent(), data }));
      await store.append('payloads', events, 'no_stream');
      expect((await store.readStream('payloads')).map((e) => e.data)).toEqual(payloads);
    } finally {
      await store.close();
    }
  });

  it('keeps every payload with its own event when a batch carries line breaks in many of them', async () => {
    // A batch's payloads travel to the server one per line (append-batch.ts): line breaks inside strings must
    // neither split a payload nor shift the ones after it onto other events.
    const store = await openTestStore(schema);
    try {
      const text = (i: number) => `line ${i}\nsecond line\r\n\\n is no break, "quoted" \u2028 ${i}`;
      const appends = Array.from({ length: 8 }, (_, a) => {
        const events = Array.from({ length: 5 }, (_, i) => {
          const event = testEvent();
          const data = { note: text(a * 5 + i), lines: [text(i), '\n'] };
          return { ...event, data, metadata: { ...event.metadata, commandId: `command\n${a}-${i}` } };
        });
        return { streamId: `multi-line-${a}-${randomUUID()}`, events };
      });
      await Promise.all(appends.map(({ streamId, events }) => store.append(streamId, events, 'no_stream')));
      expect(store.groupCommitMetrics().largestBatch).toBeGreaterThan(1);
      for (const { streamId, events } of appends) {
        const read = await store.readStream(streamId);
        expect(read.map((e) => [e.eventId, e.data, e.metadata])).toEqual(
          events.map((e) => [e.eventId, e.data, e.metadata]),
        );
      }
    } finally {
      await store.close();
    }
  });
});
