import type { UnstampedComplaintCommand } from '@redress/application';
import {
  ALL_PROJECTIONS,
  COMPLAINT_COUNT_DIMENSIONS,
  complaintListProjection,
  ProjectionRebuilder,
  ProjectionRunner,
  slaTrackingProjection,
  type RebuildProgress,
} from '../src';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

/** A small deterministic PRNG (mulberry32), so a failing random history can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, values: readonly T[]): T => values[Math.floor(next() * values.length)];

/** Walks one complaint a random distance along a random path of its lifecycle. */
async function randomLifecycle(fx: ProjectionFixture, next: () => number, index: number): Promise<void> {
  const id = await fx.receive({
    channel: pick(next, ['EMAIL', 'PHONE', 'APP', 'WEB_FORM'] as const),
    customer: { id: `CUST-${Math.floor(next() * 10)}`, tier: pick(next, ['HIGH_VALUE', 'ORDINARY'] as const) },
    content: `Complaint number ${index} about ${pick(next, ['billing', 'delivery', 'the app', 'a router'])}`,
  });
  const steps: UnstampedComplaintCommand[] = [
    { type: 'ClassifyComplaint', category: pick(next, ['SERVICE_QUALITY', 'PRODUCT_FUNCTION', 'OTHER'] as const) },
    {
      type: 'TriageComplaint',
      grade: pick(next, ['GENERAL', 'SERIOUS', 'URGENT'] as const),
      priority: pick(next, ['P1', 'P2', 'P3', 'P4'] as const),
      isComplex: next() < 0.3,
    },
    {
      type: 'AssignComplaint',
      department: pick(next, ['care', 'billing', 'tech']),
      assignee: `agent-${Math.floor(next() * 5)}`,
    },
    {
      type: 'RecordRootCause',
      rootCause: 'Root cause',
      category: 'COMMUNICATION',
      responsibleDepartment: 'care',
      responsiblePerson: 'lead',
    },
    {
      type: 'ProposeResolution',
      plan: 'Plan',
      measures: ['Measure'],
      compensation: { kind: 'VOUCHER', amount: Math.round(next() * 100), currency: 'CNY' },
    },
    { type: 'ExecuteResolution', outcome: 'Done' },
    { type: 'InformCustomerOfResult', result: 'Result', channel: 'PHONE' },
    next() < 0.3
      ? { type: 'RecordCustomerResponse', accepted: false, reason: 'Not solved' }
      : { type: 'RecordCustomerResponse', accepted: true },
  ];
  const length = Math.floor(next() * (steps.length + 1));
  for (const command of steps.slice(0, length)) await fx.run(id, command);
  if (next() < 0.1) await fx.run(id, { type: 'EscalateComplaint', level: 'SUPERVISOR', reason: 'Escalated' });
  if (length < 3 && next() < 0.2) await fx.run(id, { type: 'WithdrawComplaint', reason: 'Withdrawn' });
}

describe('projection rebuilds', () => {
  let fx: ProjectionFixture;
  let runner: ProjectionRunner;
  const snapshot = async () =>
    (await fx.client.query<{ row: unknown }>('SELECT to_jsonb(c) AS row FROM complaint_list c ORDER BY id')).rows.map(
      (r) => JSON.stringify(r.row),
    );

  /** The counters, and what they must equal: the GROUP BY of the list itself. */
  const countersAndGroupBy = async () => {
    const dimensions = COMPLAINT_COUNT_DIMENSIONS.join(', ');
    const read = async (sql: string) =>
      (await fx.client.query<Record<string, unknown>>(`${sql} ORDER BY ${dimensions}`)).rows.map((r) =>
        JSON.stringify({ ...r, complaints: Number(r.complaints) }),
      );
    return [
      await read(`SELECT ${dimensions}, complaints FROM complaint_list_counts WHERE complaints <> 0`),
      await read(`SELECT ${dimensions}, count(*) AS complaints FROM complaint_list GROUP BY ${dimensions}`),
    ];
  };
  const indexCount = async (table: string) =>
    Number(
      (await fx.client.query<{ n: string }>('SELECT count(*) AS n FROM pg_indexes WHERE tablename = $1', [table]))
        .rows[0].n,
    );

  beforeAll(async () => {
    fx = await openProjectionFixture();
    runner = new ProjectionRunner(ALL_PROJECTIONS, fx.store, fx.client, fx.catalog, { batchSize: 25 });
    await runner.start();
    const next = random(20261123);
    for (let i = 0; i < 80; i++) await randomLifecycle(fx, next, i);
    await runner.waitFor(await fx.store.headPosition());
  });
  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  it('rebuilds into a new generation byte-identical to the live one', async () => {
    const live = await snapshot();
    expect(live).toHaveLength(80);
    const liveCounts = await countersAndGroupBy();
    const before = await fx.catalog.active('complaint-list');
    const liveIndexes = await indexCount(`complaint_list_g${before.generation}`);
    expect(liveIndexes).toBeGreaterThan(1);
    const progress: RebuildProgress[] = [];
    const rebuilder = new ProjectionRebuilder(fx.store, fx.client, fx.catalog, 50);

    const result = await rebuilder.rebuild(complaintListProjection, (p) => progress.push(p));
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.at(-1)).toMatchObject({ position: await fx.store.headPosition(), etaSeconds: 0 });
    expect(result.eventsApplied).toBe(await fx.store.headPosition());

    const after = await fx.catalog.active('complaint-list');
    expect(after.generation).toBe(before.generation + 1);
    expect(await snapshot()).toEqual(live);
    const [liveCounters, liveGroupBy] = liveCounts;
    expect(liveCounters).toEqual(liveGroupBy);
    expect(await countersAndGroupBy()).toEqual([liveCounters, liveGroupBy]);
    expect((await fx.catalog.generations('complaint-list')).map((g) => g.status)).toEqual(['active']);
    // Bulk-loaded without its secondary indexes, the new generation has them all by the swap.
    expect(await indexCount(`complaint_list_g${after.generation}`)).toBe(liveIndexes);
  });

  it('rebuilds SLA tracking, every complaint in one batch, into the very rows live batches wrote change by change', async () => {
    const slaTables = ['sla_complaints', 'sla_clocks', 'sla_alert_timers'];
    const dump = async () => {
      const tables: Record<string, string[]> = {};
      for (const table of slaTables) {
        const { rows } = await fx.client.query<{ row: string }>(
          `SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`,
        );
        tables[table] = rows.map((r) => r.row);
      }
      return tables;
    };
    const live = await dump();
    // Live batches of 25 events split most complaints' histories, so their clocks and timers were rewritten in steps.
    for (const table of slaTables) expect(live[table].length).toBeGreaterThan(40);
    const before = await fx.catalog.active('sla-tracking');

    await new ProjectionRebuilder(fx.store, fx.client, fx.catalog, 100_000).rebuild(slaTrackingProjection);

    expect((await fx.catalog.active('sla-tracking')).generation).toBe(before.generation + 1);
    expect(await dump()).toEqual(live);
  });

  it('keeps answering from the old generation until the swap', async () => {
    const rebuilder = new ProjectionRebuilder(fx.store, fx.client, fx.catalog, 40);
    const counts: number[] = [];
    await rebuilder.rebuild(complaintListProjection, () => {
      void fx.client
        .query<{ n: string }>('SELECT count(*) AS n FROM complaint_list')
        .then((r) => counts.push(Number(r.rows[0].n)));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((n) => n === 80)).toBe(true);
  });

  it('resumes an interrupted rebuild from its own checkpoint', async () => {
    const live = await snapshot();
    const rebuilder = new ProjectionRebuilder(fx.store, fx.client, fx.catalog, 30);
    let calls = 0;
    await expect(
      rebuilder.rebuild(complaintListProjection, () => {
        if (++calls === 3) throw new Error('operator pressed Ctrl-C');
      }),
    ).rejects.toThrow('Ctrl-C');
    const [, building] = await fx.catalog.generations('complaint-list');
    expect(building).toMatchObject({ status: 'building' });
    expect(building.position).toBeGreaterThan(0);

    const resumed = await rebuilder.rebuild(complaintListProjection);
    expect(resumed.generation).toBe(building.generation);
    expect(resumed.eventsApplied).toBe((await fx.store.headPosition()) - building.position);
    expect(await snapshot()).toEqual(live);
  });

  it('keeps projecting new events after a swap, into the new generation', async () => {
    await new ProjectionRebuilder(fx.store, fx.client, fx.catalog).rebuild(complaintListProjection);
    const id = await fx.receive({ content: 'After the swap' });
    await runner.waitFor(await fx.store.headPosition());
    const { rows } = await fx.client.query<{ content: string }>('SELECT content FROM complaint_list WHERE id = $1', [
      id,
    ]);
    expect(rows).toEqual([{ content: 'After the swap' }]);
  });
});
