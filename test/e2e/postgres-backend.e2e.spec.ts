import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../libs/event-store/test/support/postgres-test-schema';
import { ApiHarness } from '../support/api-harness';
import { lifecycleSteps, receiveBody } from '../support/complaint-requests';

/** The same API on PostgreSQL (EVENT_STORE=postgres): log and read models in one schema of a real server. */
describe('API on PostgreSQL', () => {
  const schema = randomSchemaName();
  let api: ApiHarness;

  beforeAll(async () => {
    await adminQuery('SELECT 1'); // fails with a hint when the server is down; never skips
    api = await ApiHarness.start({ kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 4 } });
  });
  afterAll(async () => {
    await api?.dispose();
    await dropSchema(schema);
  });

  it('runs a whole lifecycle, lists it from the read model, verifies its chain, and keeps it across a restart', async () => {
    const id = (await api.post('/complaints', receiveBody())).body.id;
    let position = 0;
    for (const [command, body] of lifecycleSteps()) {
      const response = await api.post(`/complaints/${id}/${command}`, body);
      expect({ command, status: response.status }).toEqual({ command, status: 200 });
      position = response.body.position;
    }
    const listed = await api.get(`/complaints?minPosition=${position}&status=ARCHIVED`);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await api.get(`/complaints/${id}/verify`)).body).toMatchObject({ valid: true, events: 16 });

    await api.stopApi();
    await api.open();
    expect((await api.get(`/complaints/${id}`)).body).toMatchObject({ status: 'ARCHIVED', revision: 15 });
    const tables = await adminQuery<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
      [schema],
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['complaint_list', 'redress_events', 'redress_projection_generations']),
    );
  });

  it('pages a full-text search by cursor, each page with the totals of every match', async () => {
    const customer = { id: 'CUST-FULLTEXT', tier: 'ORDINARY' };
    const first = (await api.post('/complaints', receiveBody({ customer, content: 'Fibre router reboots at night' })))
      .body.id;
    const second = (await api.post('/complaints', receiveBody({ customer, content: 'New fibre router, same reboots' })))
      .body;
    // Its object is no router either: the search covers the object's reference too.
    const other = (
      await api.post(
        '/complaints',
        receiveBody({
          customer,
          content: 'Fibre modem is fine, the bill is wrong',
          object: { kind: 'SERVICE', reference: 'BILLING' },
        }),
      )
    ).body;
    const search = `/complaints?minPosition=${other.position}&customerTier=ORDINARY&q=fibre%20router&sort=receivedAt`;
    const totals = { total: 2, byStatus: { RECEIVED: 2 }, byCategory: { UNCLASSIFIED: 2 } };

    const page1 = (await api.get(`${search}&limit=1`)).body;
    expect(page1).toMatchObject({ items: [{ id: first }], totals });
    const page2 = (await api.get(`${search}&limit=1&cursor=${page1.nextCursor}`)).body;
    expect(page2).toMatchObject({ items: [{ id: second.id }], totals, nextCursor: null });
  });
});
