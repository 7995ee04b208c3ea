import { ALL_PROJECTIONS } from '@redress/projections';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

describe('read models over HTTP', () => {
  let api: ApiHarness;
  let lastPosition = 0;
  const ids: string[] = [];

  const command = async (path: string, body: unknown) => {
    const response = await api.post(path, body);
    expect(response.status).toBeLessThan(300);
    lastPosition = response.body.position;
    return response.body;
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    for (const [i, tier] of (['HIGH_VALUE', 'ORDINARY', 'ORDINARY'] as const).entries()) {
      const created = await command(
        '/complaints',
        receiveBody({
          category: 'PRODUCT_FUNCTION',
          customer: { id: 'CUST-77', tier },
          content: `Router problem number ${i}`,
        }),
      );
      ids.push(created.id);
    }
    await command(`/complaints/${ids[0]}/triage`, { grade: 'URGENT', priority: 'P1', isComplex: false });
    await command(`/complaints/${ids[0]}/assign`, { department: 'after-sales', assignee: 'agent-7' });
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('lists with filters, sorting, cursor pages and totals, reading its own writes', async () => {
    const all = await api.get(`/complaints?minPosition=${lastPosition}&sort=priority&limit=2`);
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([ids[0], ids[1]]);
    expect(all.body.totals).toEqual({
      total: 3,
      byStatus: { ASSIGNED: 1, CLASSIFIED: 2 },
      byCategory: { PRODUCT_FUNCTION: 3 },
    });
    const next = await api.get(`/complaints?sort=priority&limit=2&cursor=${all.body.nextCursor}`);
    expect(next.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2]]);
    expect(next.body.nextCursor).toBeNull();

    const filtered = await api.get('/complaints?customerTier=ORDINARY&status=CLASSIFIED,ASSIGNED&q=router');
    expect(filtered.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ids[1], ids[2]].sort());
  });

  it('refuses bad query parameters with every problem listed', async () => {
    const response = await api.get('/complaints?status=OPEN&limit=1000&sort=random&receivedFrom=yesterday&cursor=***');
    expect(response.status).toBe(400);
    expect(response.body.violations.map((v: { field: string }) => v.field).sort()).toEqual([
      'cursor',
      'limit',
      'receivedFrom',
      'sort',
      'status',
    ]);
    const forged = await api.get(`/complaints?cursor=${Buffer.from('["priority",1]').toString('base64url')}`);
    expect(forged.status).toBe(400);
  });

  it("shows a customer's complaints with repeat flags", async () => {
    const view = await api.get('/customers/CUST-77/complaints');
    expect(view.status).toBe(200);
    expect(view.body.complaints.map((c: { repeat: boolean }) => c.repeat)).toEqual([false, true, true]);
    expect(view.body.totals).toEqual({ complaints: 3, repeats: 2, reopens: 0 });
  });

  it('reports the workload and the projections with their lag', async () => {
    const workload = await api.get('/workload');
    expect(
      workload.body.departments.map((d: { department: string | null; open: number }) => [d.department, d.open]),
    ).toEqual([
      ['after-sales', 1],
      [null, 2],
    ]);
    const projections = await api.get('/projections');
    expect(projections.body.projections.map((p: { name: string }) => p.name)).toEqual(
      ALL_PROJECTIONS.map((p) => p.name),
    );
    for (const projection of projections.body.projections) {
      expect(projection).toMatchObject({ state: 'running', position: lastPosition, lagEvents: 0 });
    }
  });

  it('answers the liveness and readiness probes with the store and projection details', async () => {
    expect((await api.get('/health/live')).body).toMatchObject({ status: 'ok' });
    const ready = await api.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: {
        eventStore: { status: 'up', headPosition: lastPosition },
        projections: { status: 'up', 'complaint-list': { state: 'running', lagEvents: 0 } },
      },
    });
  });
});
