import {
  complaintKpiProjection,
  ComplaintKpiQueries,
  COMPLAINT_SEGMENT_DIMENSIONS,
  ProjectionRebuilder,
  ProjectionRunner,
  WINDOW_KINDS,
  type KpiReport,
  type SlaComplianceSource,
} from '../src';
import { confirmAndClose, resolution, runSteps } from './kpi-fixture';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

/**
 * Five complaints, every KPI worked out by hand (all instants UTC):
 *
 *   C5  10-20 08:00  CUST-2 SYSTEM_TECHNICAL  (October: outside November, but makes C3 a repeat)
 *   C1  11-02 08:00  CUST-1 PRODUCT_FUNCTION  HIGH_VALUE after-sales/agent-7: informed 11-03 10:00 (26 h),
 *                    closed 11-04 08:00 (48 h) in one pass; follow-up satisfied; redress 50 CNY
 *   C2  11-03 08:00  CUST-1 PRODUCT_FUNCTION  HIGH_VALUE after-sales/agent-7: progress update 14:00 (6 h),
 *                    escalated, rejected (→ reopened), closed 11-08 08:00 (120 h); follow-up not satisfied;
 *                    redress 20.5 + 10 CNY; a repeat of C1 (same customer and category, 1 day before)
 *   C3  11-05 08:00  CUST-2 SYSTEM_TECHNICAL  ORDINARY tech/agent-8, still open; a repeat of C5 (16 days before)
 *   C4  11-06 08:00  CUST-3 SERVICE_QUALITY   ORDINARY, withdrawn the same day
 */
describe('complaint KPI read model', () => {
  let fx: ProjectionFixture;
  let runner: ProjectionRunner;
  let queries: ComplaintKpiQueries;
  const november = { window: 'month' as const, asOf: new Date('2026-11-15T00:00:00Z') };
  const settle = async () => runner.waitFor(await fx.store.headPosition());
  const total = (report: KpiReport) => report.groups[0];

  beforeAll(async () => {
    fx = await openProjectionFixture();
    runner = new ProjectionRunner([complaintKpiProjection], fx.store, fx.client, fx.catalog);
    await runner.start();
    queries = new ComplaintKpiQueries(fx.client, {
      denominator: {
        label: 'active customers',
        per: 1000,
        total: 2000,
        bySegment: { customerTier: { HIGH_VALUE: 200, ORDINARY: 1800 } },
      },
    });
    const cust2 = { id: 'CUST-2', tier: 'ORDINARY' };
    const router = { category: 'PRODUCT_FUNCTION', customer: { id: 'CUST-1', tier: 'HIGH_VALUE' } };

    fx.setNow('2026-10-20T08:00:00Z');
    await fx.receive({ category: 'SYSTEM_TECHNICAL', channel: 'APP', customer: cust2 });

    fx.setNow('2026-11-02T08:00:00Z');
    const c1 = await fx.receive(router);
    await runSteps(fx, c1, [
      ['2026-11-02T09:00:00Z', { type: 'TriageComplaint', grade: 'SERIOUS', priority: 'P2', isComplex: false }],
      ['2026-11-02T09:00:00Z', { type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-7' }],
      ...resolution('2026-11-02T09:00:00Z', '2026-11-03T08:00:00Z', 'Firmware 1.2 watchdog bug', 50),
      ['2026-11-03T10:00:00Z', { type: 'InformCustomerOfResult', result: 'Unit replaced', channel: 'PHONE' }],
      ...confirmAndClose('2026-11-03T11:00:00Z', '2026-11-04T08:00:00Z', true),
    ]);

    fx.setNow('2026-11-03T08:00:00Z');
    const c2 = await fx.receive({ ...router, channel: 'PHONE' });
    await runSteps(fx, c2, [
      ['2026-11-03T09:00:00Z', { type: 'TriageComplaint', grade: 'GENERAL', priority: 'P3', isComplex: false }],
      ['2026-11-03T09:00:00Z', { type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-7' }],
      [
        '2026-11-03T14:00:00Z',
        {
          type: 'SendProgressUpdate',
          progress: 'The fault was reproduced in the lab',
          cause: 'The firmware watchdog resets the modem',
          measures: 'A replacement unit is being prepared',
          stage: 'analysis',
          responsiblePerson: 'agent-7',
          expectedCompletionAt: '2026-11-10T00:00:00Z',
        },
      ],
      ['2026-11-03T15:00:00Z', { type: 'EscalateComplaint', level: 'SUPERVISOR', reason: 'Second outage this week' }],
      ...resolution('2026-11-04T08:00:00Z', '2026-11-05T08:00:00Z', 'firmware 1.2  WATCHDOG bug', 20.5),
      ['2026-11-05T09:00:00Z', { type: 'InformCustomerOfResult', result: 'Refund paid', channel: 'PHONE' }],
      ['2026-11-05T10:00:00Z', { type: 'RecordCustomerResponse', accepted: false, reason: 'Still drops' }],
      ...resolution('2026-11-06T08:00:00Z', '2026-11-06T09:00:00Z', 'Faulty power supply', 10),
      ['2026-11-06T10:00:00Z', { type: 'InformCustomerOfResult', result: 'Power supply swapped', channel: 'PHONE' }],
      ...confirmAndClose('2026-11-06T11:00:00Z', '2026-11-08T08:00:00Z', false),
    ]);

    fx.setNow('2026-11-05T08:00:00Z');
    const c3 = await fx.receive({ category: 'SYSTEM_TECHNICAL', channel: 'APP', customer: cust2 });
    await runSteps(fx, c3, [
      ['2026-11-05T09:00:00Z', { type: 'TriageComplaint', grade: 'GENERAL', priority: 'P3', isComplex: false }],
      ['2026-11-05T09:00:00Z', { type: 'AssignComplaint', department: 'tech', assignee: 'agent-8' }],
    ]);

    fx.setNow('2026-11-06T08:00:00Z');
    const c4 = await fx.receive({
      category: 'SERVICE_QUALITY',
      channel: 'WEB_FORM',
      customer: { id: 'CUST-3', tier: 'ORDINARY' },
    });
    await runSteps(fx, c4, [['2026-11-06T12:00:00Z', { type: 'WithdrawComplaint', reason: 'Sorted out by phone' }]]);
    await settle();
  });
  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  describe('November, every KPI by hand', () => {
    let kpis: KpiReport['groups'][number];
    beforeAll(async () => {
      kpis = total(await queries.report(november));
    });

    it('volume 4 and a complaint rate of 2 per 1 000 active customers', () => {
      // 4 / 2000 · 1000 = 2; Wilson(4, 2000) · 1000 = [0.7780, 5.1314]
      expect(kpis.volume).toBe(4);
      expect(kpis.complaintRate).toMatchObject({
        value: 2,
        n: 4,
        per: 1000,
        denominator: 2000,
        label: 'active customers',
      });
      expect(kpis.complaintRate.ci95!.low).toBeCloseTo(0.778027, 5);
      expect(kpis.complaintRate.ci95!.high).toBeCloseTo(5.131352, 5);
    });

    it('resolution 2/4, first-contact resolution 1/2 closed, reopen 1/2 resolved, repeats 2/4', () => {
      // Wilson(2, 4) = [15.0039, 84.9961] %; Wilson(1, 2) = [9.4531, 90.5469] %
      expect(kpis.resolutionRate).toMatchObject({ value: 50, n: 4, lowSample: true });
      expect(kpis.resolutionRate.ci95!.low).toBeCloseTo(15.003899, 4);
      expect(kpis.resolutionRate.ci95!.high).toBeCloseTo(84.996101, 4);
      expect(kpis.firstContactResolutionRate).toMatchObject({ value: 50, n: 2 });
      expect(kpis.firstContactResolutionRate.ci95!.low).toBeCloseTo(9.453121, 4);
      expect(kpis.reopenRate).toMatchObject({ value: 50, n: 2 });
      expect(kpis.repeatComplaintRate).toMatchObject({ value: 50, n: 4 });
    });

    it('first response 26 h and 6 h: mean 16, median 16, p90 24', () => {
      // s² = (10² + 10²)/1 = 200; half = t₀.₉₇₅,₁ · √(200/2) = 12.706205 · 10; p90 = 6 + 0.9 · (26 − 6)
      expect(kpis.firstResponseHours).toMatchObject({ value: 16, n: 2, medianHours: 16 });
      expect(kpis.firstResponseHours.p90Hours).toBeCloseTo(24, 10);
      expect(kpis.firstResponseHours.ci95!.low).toBeCloseTo(-111.062047, 5);
      expect(kpis.firstResponseHours.ci95!.high).toBeCloseTo(143.062047, 5);
    });

    it('handling cycle 48 h and 120 h: mean 84, median 84, p90 112.8', () => {
      // s² = 2 · 36² = 2592; half = 12.706205 · 36 = 457.42337; p90 = 48 + 0.9 · 72
      expect(kpis.handlingCycleHours).toMatchObject({ value: 84, n: 2, medianHours: 84 });
      expect(kpis.handlingCycleHours.p90Hours).toBeCloseTo(112.8, 10);
      expect(kpis.handlingCycleHours.ci95!.high).toBeCloseTo(541.423371, 5);
    });

    it('follow-up satisfaction 1/2 (C2’s latest follow-up was not satisfied) and redress 50 + 20.5 + 10 CNY', () => {
      expect(kpis.followUpSatisfaction).toMatchObject({ value: 50, n: 2 });
      expect(kpis.redress).toEqual([{ currency: 'CNY', amount: 80.5, complaints: 2 }]);
    });

    it('reports no SLA clock until the SLA read model is plugged in', () => {
      expect(kpis.slaCompliance).toEqual([]);
    });
  });

  it('segments by customer tier, each with its own denominator', async () => {
    // HIGH_VALUE: 2 / 200 · 1000 = 10, Wilson(2, 200) · 1000 = [2.7467, 35.7218]; ORDINARY: 2 / 1800 · 1000 = 1.1111
    const report = await queries.report({ ...november, segment: 'customerTier' });
    const [high, ordinary] = report.groups;
    expect(high.segment).toEqual({ dimension: 'customerTier', value: 'HIGH_VALUE' });
    expect(high.complaintRate.value).toBeCloseTo(10, 10);
    expect(high.complaintRate.ci95!.low).toBeCloseTo(2.746658, 5);
    expect(ordinary.complaintRate.value).toBeCloseTo(1.111111, 5);
    expect(high.handlingCycleHours.value).toBe(84);
    expect(ordinary.handlingCycleHours).toMatchObject({ value: null, n: 0, ci95: null });
  });

  it('segments by agent, with unassigned complaints in a group of their own', async () => {
    const report = await queries.report({ ...november, segment: 'agent' });
    expect(report.groups.map((g) => [g.segment!.value, g.volume, g.complaintRate.value])).toEqual([
      [null, 1, null],
      ['agent-7', 2, null],
      ['agent-8', 1, null],
    ]);
  });

  it('answers a window without complaints with zeros and no estimates', async () => {
    const december = total(await queries.report({ window: 'month', asOf: new Date('2026-12-15T00:00:00Z') }));
    expect(december.volume).toBe(0);
    expect(december.resolutionRate).toMatchObject({ value: null, n: 0, ci95: null, lowSample: true });
    expect(december.handlingCycleHours).toMatchObject({ value: null, medianHours: null, p90Hours: null });
    expect(december.redress).toEqual([]);
  });

  it('takes SLA compliance per clock from a pluggable source', async () => {
    const clocks: SlaComplianceSource = {
      compliance: async ({ segment }) =>
        segment === null ? [{ segmentValue: null, clock: 'first-response', met: 3, breached: 1 }] : [],
    };
    const withSla = new ComplaintKpiQueries(fx.client, {}, clocks);
    const [group] = (await withSla.report(november)).groups;
    // 3 of 4 met: 75 %, Wilson(3, 4)
    expect(group.slaCompliance).toEqual([
      expect.objectContaining({ clock: 'first-response', met: 3, breached: 1, value: 75, n: 4 }),
    ]);
  });

  it('reproduces every fact and every KPI exactly in a full rebuild', async () => {
    const snapshot = async () =>
      (await fx.client.query<{ row: unknown }>('SELECT to_jsonb(f) AS row FROM complaint_kpi_facts f ORDER BY id'))
        .rows;
    const everyReport = async () => {
      const reports: KpiReport[] = [];
      for (const window of WINDOW_KINDS)
        for (const segment of [undefined, ...COMPLAINT_SEGMENT_DIMENSIONS])
          reports.push(await queries.report({ window, asOf: new Date('2026-11-08T12:00:00Z'), segment }));
      return reports;
    };
    const live = { facts: await snapshot(), reports: await everyReport() };
    expect(live.facts).toHaveLength(5);
    await new ProjectionRebuilder(fx.store, fx.client, fx.catalog, 4).rebuild(complaintKpiProjection);
    expect(await snapshot()).toEqual(live.facts);
    expect(await everyReport()).toEqual(live.reports);
  });
});
