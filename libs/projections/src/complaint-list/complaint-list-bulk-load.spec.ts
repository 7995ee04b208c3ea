import { openPostgresSqlClient, type SqlClient } from '@redress/event-store';
import {
  adminQuery,
  dropSchema,
  openTestStore,
  POSTGRES_URL,
  randomSchemaName,
} from '../../../event-store/test/support/postgres-test-schema';
import { openProjectionFixture, type ProjectionFixture } from '../../test/projection-fixture';
import { ProjectionCatalog } from '../projection-catalog';
import { ProjectionRebuilder } from '../projection-rebuilder';
import { ProjectionRunner } from '../projection-runner';
import { ComplaintListBulkLoad } from './complaint-list-bulk-load';
import { complaintListProjection } from './complaint-list.projection';
import { sqlArrayLiteral } from '../sql-array-literal';

describe('complaint-list bulk load', () => {
  let fx: ProjectionFixture;
  let runner: ProjectionRunner;
  // Timestamps in UTC, so that PGlite's rows and PostgreSQL's compare whatever the server's time zone.
  const rowsInUtc = (query: string) => (db: SqlClient) =>
    db.transaction(async (tx) => {
      await tx.query("SET LOCAL TimeZone = 'UTC'");
      return (await tx.query<{ row: unknown }>(query)).rows;
    });
  const listRows = rowsInUtc('SELECT to_jsonb(c) AS row FROM complaint_list c ORDER BY id');
  const counterRows = rowsInUtc(
    'SELECT to_jsonb(k) AS row FROM complaint_list_counts k WHERE complaints <> 0 ORDER BY to_jsonb(k)::text',
  );
  const snapshot = () => listRows(fx.client);
  const counters = () => counterRows(fx.client);

  beforeAll(async () => {
    fx = await openProjectionFixture();
    runner = new ProjectionRunner([complaintListProjection], fx.store, fx.client, fx.catalog, { batchSize: 10 });
    await runner.start();
    // Interleaved lifecycles, so a complaint's events fall into different pages and transactions of the rebuild.
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await fx.receive({ content: `Complaint ${i} with a "quote" and a \\` }));
    for (const id of ids) await fx.run(id, { type: 'ClassifyComplaint', category: 'SERVICE_QUALITY' });
    for (const [i, id] of ids.entries()) {
      await fx.run(id, { type: 'TriageComplaint', grade: 'SERIOUS', priority: i % 2 ? 'P1' : 'P3', isComplex: false });
    }
    await fx.merge(ids[1], ids[0]);
    for (const id of ids.slice(2, 6)) await fx.run(id, { type: 'AssignComplaint', department: 'care', assignee: 'a' });
    await fx.unmerge(ids[1]);
    await runner.waitFor(await fx.store.headPosition());
  });
  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  it('rebuilds the rows and counters the live path wrote, also when it keeps almost no rows in memory', async () => {
    const [live, liveCounters] = [await snapshot(), await counters()];
    expect(live).toHaveLength(12);
    for (const rowsKept of [1, 1_000]) {
      const forgetful = { ...complaintListProjection, bulkLoad: () => new ComplaintListBulkLoad(rowsKept) };
      // A transaction every 6 events: with one row kept, the others are let go and read back each time.
      await new ProjectionRebuilder(fx.store, fx.client, fx.catalog, 6).rebuild(forgetful);
      expect(await snapshot()).toEqual(live);
      expect(await counters()).toEqual(liveCounters);
    }
  });

  it('rebuilds the same rows and counters on PostgreSQL, where new rows go in with COPY', async () => {
    const schema = randomSchemaName();
    await adminQuery(`CREATE SCHEMA ${schema}`);
    const store = await openTestStore(schema);
    const client = openPostgresSqlClient({ connectionString: POSTGRES_URL, schema });
    try {
      // The same log, position for position: the rows depend on the events and their positions only.
      for (const event of await fx.store.readAll({ maxCount: 10_000 })) {
        const { eventId, type, schemaVersion, data, metadata } = event;
        const expected = event.revision === 0 ? 'no_stream' : event.revision - 1;
        await store.append(event.streamId, [{ eventId, type, schemaVersion, data, metadata }], expected);
      }
      expect(await store.headPosition()).toBe(await fx.store.headPosition());
      expect(client.copyFrom).toBeDefined();
      const [live, liveCounters] = [await snapshot(), await counters()];
      const catalog = new ProjectionCatalog(client);
      for (const rowsKept of [1, 1_000]) {
        const forgetful = { ...complaintListProjection, bulkLoad: () => new ComplaintListBulkLoad(rowsKept) };
        await new ProjectionRebuilder(store, client, catalog, 6).rebuild(forgetful);
        expect(await listRows(client)).toEqual(live);
        expect(await counterRows(client)).toEqual(liveCounters);
      }
    } finally {
      await client.close();
      await store.close();
      await dropSchema(schema);
    }
  });

  it('writes array literals PostgreSQL reads back as the same values', async () => {
    const texts = ['plain', 'a "quote"', 'back\\slash', '', 'NULL', 'comma, {brace}', ' spaced ', null, '中文'];
    const { rows } = await fx.client.query<{ texts: (string | null)[]; numbers: number[]; flags: boolean[] }>(
      'SELECT $1::text[] AS texts, $2::float8[] AS numbers, $3::boolean[] AS flags',
      [sqlArrayLiteral(texts), sqlArrayLiteral([1, -2.5, 1e21, 0]), sqlArrayLiteral([true, false])],
    );
    expect(rows[0]).toEqual({ texts, numbers: [1, -2.5, 1e21, 0], flags: [true, false] });
  });
});
