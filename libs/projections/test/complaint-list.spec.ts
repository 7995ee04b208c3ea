import { ALL_PROJECTIONS, ComplaintListQueries, InvalidCursorError, ProjectionRunner } from '../src';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

describe('complaint list read model', () => {
  let fx: ProjectionFixture;
  let runner: ProjectionRunner;
  let queries: ComplaintListQueries;
  const ids: Record<string, string> = {};

  const settle = async () => runner.waitFor(await fx.store.headPosition());

  beforeAll(async () => {
    fx = await openProjectionFixture();
    runner = new ProjectionRunner(ALL_PROJECTIONS, fx.store, fx.client, fx.catalog);
    await runner.start();
    queries = new ComplaintListQueries(fx.client);

    fx.setNow('2026-11-01T08:00:00Z');
    ids.router = await fx.receive({ category: 'PRODUCT_FUNCTION', customer: { id: 'CUST-1', tier: 'HIGH_VALUE' } });
    await fx.run(ids.router, { type: 'TriageComplaint', grade: 'URGENT', priority: 'P1', isComplex: false });
    await fx.run(ids.router, { type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-7' });
    await fx.run(ids.router, { type: 'EscalateComplaint', level: 'MANAGEMENT', reason: 'VIP' });

    fx.setNow('2026-11-02T08:00:00Z');
    ids.repeat = await fx.receive({
      category: 'PRODUCT_FUNCTION',
      content: 'Router broken again',
      customer: { id: 'CUST-1', tier: 'HIGH_VALUE' },
    });

    fx.setNow('2026-11-03T08:00:00Z');
    ids.billing = await fx.receive({
      channel: 'PHONE',
      customer: { id: 'CUST-3', tier: 'ORDINARY' },
      content: '退款政策不透明，客服态度差',
      object: { kind: 'POLICY', reference: 'REFUND-POLICY' },
      category: 'POLICY_PROCESS',
    });
    await fx.run(ids.billing, { type: 'TriageComplaint', grade: 'GENERAL', priority: 'P3', isComplex: false });
    await fx.run(ids.billing, { type: 'AssignComplaint', department: 'billing', assignee: 'agent-2' });

    fx.setNow('2026-11-04T08:00:00Z');
    ids.app = await fx.receive({
      channel: 'APP',
      content: 'The app crashes on login',
      object: { kind: 'SYSTEM', reference: 'MOBILE-APP' },
      category: 'SYSTEM_TECHNICAL',
      customer: { id: 'CUST-2', tier: 'ORDINARY' },
    });
    await fx.run(ids.app, { type: 'TriageComplaint', grade: 'SERIOUS', priority: 'P2', isComplex: true });
    await fx.run(ids.app, { type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-8' });
    await fx.run(ids.app, { type: 'WithdrawComplaint', reason: 'Fixed by an update' });

    fx.setNow('2026-12-20T08:00:00Z');
    ids.late = await fx.receive({ category: 'PRODUCT_FUNCTION', customer: { id: 'CUST-1', tier: 'HIGH_VALUE' } });
    await settle();
  });
  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  const idsOf = async (search: Parameters<ComplaintListQueries['search']>[0]) =>
    (await queries.search(search)).items.map((i) => i.id);

  it('lists each complaint once with its current attributes', async () => {
    const page = await queries.search({});
    expect(page.items).toHaveLength(5);
    expect(page.items.find((i) => i.id === ids.router)).toMatchObject({
      status: 'ASSIGNED',
      category: 'PRODUCT_FUNCTION',
      grade: 'URGENT',
      priority: 'P1',
      channel: 'EMAIL',
      customer: { id: 'CUST-1', tier: 'HIGH_VALUE' },
      department: 'after-sales',
      assignee: 'agent-7',
      escalationLevel: 'MANAGEMENT',
      receivedAt: '2026-11-01T08:00:00.000Z',
      revision: 4,
    });
  });

  it.each([
    [{ status: ['WITHDRAWN'] }, ['app']],
    [{ category: ['POLICY_PROCESS', 'SYSTEM_TECHNICAL'] }, ['app', 'billing']],
    [{ grade: ['URGENT'] }, ['router']],
    [{ priority: ['P2', 'P3'] }, ['app', 'billing']],
    [{ channel: ['PHONE'] }, ['billing']],
    [{ customerTier: ['ORDINARY'] }, ['app', 'billing']],
    [{ department: ['after-sales'] }, ['app', 'router']],
    [{ assignee: ['agent-2'] }, ['billing']],
    [{ escalationLevel: ['MANAGEMENT'] }, ['router']],
    [{ receivedFrom: '2026-11-02T00:00:00Z', receivedTo: '2026-11-04T00:00:00Z' }, ['billing', 'repeat']],
    [{ text: 'crashes login' }, ['app']],
    [{ text: 'router' }, ['late', 'repeat', 'router']],
    [{ text: '客服态度' }, ['billing']],
    [{ text: 'REFUND-POLICY' }, ['billing']],
    [{ department: ['after-sales'], status: ['ASSIGNED'] }, ['router']],
    [{ text: 'router', status: ['CLASSIFIED'] }, ['late', 'repeat']],
    [{ text: 'no-such-word' }, []],
  ])('filters by %j', async (search, expected) => {
    const found = await idsOf(search);
    expect(found.map((id) => Object.keys(ids).find((k) => ids[k] === id)).sort()).toEqual(expected);
  });

  it('sorts by received-at either way, and by priority with untriaged complaints last', async () => {
    expect(await idsOf({ sort: 'receivedAt' })).toEqual([ids.router, ids.repeat, ids.billing, ids.app, ids.late]);
    expect(await idsOf({ sort: '-receivedAt' })).toEqual([ids.late, ids.app, ids.billing, ids.repeat, ids.router]);
    expect(await idsOf({ sort: 'priority' })).toEqual([ids.router, ids.app, ids.billing, ids.repeat, ids.late]);
  });

  it('pages with a cursor through every complaint exactly once', async () => {
    for (const sort of ['receivedAt', '-receivedAt', 'priority', '-priority'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queries.search({ sort, limit: 2, cursor });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual(await idsOf({ sort }));
    }
  });

  it('refuses a cursor it did not issue, or one for another sort order', async () => {
    const { nextCursor } = await queries.search({ sort: 'receivedAt', limit: 1 });
    await expect(queries.search({ sort: 'priority', cursor: nextCursor as string })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(queries.search({ cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('totals the filtered complaints by status and category', async () => {
    expect((await queries.search({ customerTier: ['HIGH_VALUE'] })).totals).toEqual({
      total: 3,
      byStatus: { ASSIGNED: 1, CLASSIFIED: 2 },
      byCategory: { PRODUCT_FUNCTION: 3 },
    });
  });

  it('pages a full-text search with a cursor, every page totalling all its matches', async () => {
    const allMatches = {
      total: 3,
      byStatus: { ASSIGNED: 1, CLASSIFIED: 2 },
      byCategory: { PRODUCT_FUNCTION: 3 },
    };
    for (const sort of ['receivedAt', '-receivedAt', 'priority', '-priority'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queries.search({ text: 'router', sort, limit: 1, cursor });
        expect(page.totals).toEqual(allMatches);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toEqual((await idsOf({ sort })).filter((id) => [ids.router, ids.repeat, ids.late].includes(id)));
    }
  });

  it('answers a full-text search past its last match, or without one, with an empty page and its totals', async () => {
    const { nextCursor: afterApp } = await queries.search({ sort: 'receivedAt', limit: 4 });
    expect(await queries.search({ text: 'crashes', sort: 'receivedAt', cursor: afterApp as string })).toEqual({
      items: [],
      nextCursor: null,
      totals: { total: 1, byStatus: { WITHDRAWN: 1 }, byCategory: { SYSTEM_TECHNICAL: 1 } },
    });
    expect(await queries.search({ text: 'no-such-word' })).toEqual({
      items: [],
      nextCursor: null,
      totals: { total: 0, byStatus: {}, byCategory: {} },
    });
  });

  it("shows a customer's complaints with repeat flags inside the window and reopen counts", async () => {
    const view = await queries.customerComplaints('CUST-1', 30);
    expect(view.complaints.map((c) => [c.id, c.repeat, c.repeatOf])).toEqual([
      [ids.router, false, null],
      [ids.repeat, true, ids.router],
      [ids.late, false, null], // 48 days after the previous one
    ]);
    expect(view.totals).toEqual({ complaints: 3, repeats: 1, reopens: 0 });
    expect((await queries.customerComplaints('CUST-1', 60)).totals.repeats).toBe(2);
    expect((await queries.customerComplaints('nobody', 30)).complaints).toEqual([]);
  });

  it('reports open complaints per department and assignee with their ages', async () => {
    const workload = await queries.workload(new Date('2026-12-21T08:00:00Z'));
    expect(workload.departments).toEqual([
      {
        department: 'after-sales',
        open: 1,
        oldestAgeHours: 50 * 24,
        averageAgeHours: 50 * 24,
        assignees: [{ assignee: 'agent-7', open: 1, oldestAgeHours: 1200, averageAgeHours: 1200 }],
      },
      {
        department: 'billing',
        open: 1,
        oldestAgeHours: 48 * 24,
        averageAgeHours: 48 * 24,
        assignees: [{ assignee: 'agent-2', open: 1, oldestAgeHours: 1152, averageAgeHours: 1152 }],
      },
      {
        department: null,
        open: 2,
        oldestAgeHours: 49 * 24,
        averageAgeHours: 24.5 * 24 + 12,
        assignees: [{ assignee: null, open: 2, oldestAgeHours: 1176, averageAgeHours: 600 }],
      },
    ]);
  });
});
