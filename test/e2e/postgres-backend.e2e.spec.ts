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
});
