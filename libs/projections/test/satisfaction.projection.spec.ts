import {
  ProjectionRebuilder,
  ProjectionRunner,
  SATISFACTION_SEGMENT_DIMENSIONS,
  SatisfactionQueries,
  satisfactionProjection,
  WINDOW_KINDS,
  type SatisfactionReport,
} from '../src';
import { dimensionAnswers, openSatisfactionFixture, type SatisfactionFixture } from './satisfaction-fixture';

/**
 * One month of surveys, every figure worked out by hand below. Complaint A
 * (PRODUCT_FUNCTION, EMAIL intake, HIGH_VALUE, after-sales/agent-7, URGENT) and
 * B (POLICY_PROCESS, PHONE, ORDINARY, billing/agent-2 then agent-3, GENERAL).
 *
 *   survey  sent (channel)      answered            CSAT NPS CES dimensions
 *   s1      A 11-02 EMAIL       11-03               5    10  6   5 4 5 4 5 4
 *   s2      A 11-05 SMS         11-05               4→2  9→6 5   4 4 4 4 4 4   (changed on 11-26)
 *   s6      A 11-06 PHONE       11-07, keyed 11-25  1    0   –   –             (late)
 *   s3      B 11-10 SMS         11-10               2    3   2   EFFICIENCY 2
 *   s4      B 11-12 SMS         –
 *   s5      customer ORDINARY   11-15 ON_SITE, unsolicited: CSAT 3, NPS 7
 */
describe('satisfaction read model', () => {
  let fx: SatisfactionFixture;
  let runner: ProjectionRunner;
  let queries: SatisfactionQueries;
  const s: Record<string, string> = {};
  const settle = async () => runner.waitFor(await fx.store.headPosition());
  const asOf = (iso: string) => new Date(iso);
  const total = (report: SatisfactionReport) => report.groups[0].figures;

  beforeAll(async () => {
    fx = await openSatisfactionFixture();
    runner = new ProjectionRunner([satisfactionProjection], fx.store, fx.client, fx.catalog);
    await runner.start();
    queries = new SatisfactionQueries(fx.client);

    fx.setNow('2026-10-28T09:00:00Z');
    const a = await fx.receive({ category: 'PRODUCT_FUNCTION', customer: { id: 'CUST-1', tier: 'HIGH_VALUE' } });
    await fx.run(a, { type: 'TriageComplaint', grade: 'URGENT', priority: 'P1', isComplex: false });
    await fx.run(a, { type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-7' });
    fx.setNow('2026-11-01T09:00:00Z');
    const b = await fx.receive({
      channel: 'PHONE',
      category: 'POLICY_PROCESS',
      customer: { id: 'CUST-2', tier: 'ORDINARY' },
    });
    await fx.run(b, { type: 'TriageComplaint', grade: 'GENERAL', priority: 'P3', isComplex: false });
    await fx.run(b, { type: 'AssignComplaint', department: 'billing', assignee: 'agent-2' });

    fx.setNow('2026-11-02T10:00:00Z');
    s.s1 = await fx.invite(a, 'EMAIL');
    fx.setNow('2026-11-03T08:00:00Z');
    await fx.respond(s.s1, { CSAT: 5, NPS: 10, CES: 6, ...dimensionAnswers([5, 4, 5, 4, 5, 4]) });
    fx.setNow('2026-11-05T09:00:00Z');
    s.s2 = await fx.invite(a, 'SMS');
    fx.setNow('2026-11-05T12:00:00Z');
    await fx.respond(s.s2, { CSAT: 4, NPS: 9, CES: 5, ...dimensionAnswers([4, 4, 4, 4, 4, 4]) });
    fx.setNow('2026-11-06T09:00:00Z');
    s.s6 = await fx.invite(a, 'PHONE');
    fx.setNow('2026-11-10T08:00:00Z');
    s.s3 = await fx.invite(b, 'SMS');
    fx.setNow('2026-11-10T18:00:00Z');
    await fx.respond(s.s3, { CSAT: 2, NPS: 3, CES: 2, EFFICIENCY: 2 });
    fx.setNow('2026-11-12T08:00:00Z');
    s.s4 = await fx.invite(b, 'SMS');
    fx.setNow('2026-11-15T10:00:00Z');
    s.s5 = 'periodic-cust-9-2026-11';
    await fx.survey(s.s5, {
      type: 'RecordSurveyResponse',
      surveyId: s.s5,
      questionnaire: { id: 'customer-relationship', version: 1 },
      subject: { kind: 'CUSTOMER', customerId: 'CUST-9', customerTier: 'ORDINARY' },
      channel: 'ON_SITE',
      answers: { CSAT: 3, NPS: 7 },
    });
    fx.setNow('2026-11-20T09:00:00Z');
    await fx.run(b, {
      type: 'AssignComplaint',
      department: 'billing',
      assignee: 'agent-3',
      reason: 'agent-2 on leave',
    });
    await settle();
  });
  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  it('counts a late response on the day the customer answered, re-aggregating the past week', async () => {
    // Week 2026-W45 (Nov 2–8) before s6 is keyed in: CSAT 5 (s1), 4 (s2) → mean 4.5, top-2-box 2/2.
    const before = total(await queries.report({ window: 'week', asOf: asOf('2026-11-04T00:00:00Z') }));
    expect(before.csatMean).toMatchObject({ value: 4.5, n: 2 });

    fx.setNow('2026-11-25T09:00:00Z');
    await fx.respond(s.s6, { CSAT: 1, NPS: 0 }, '2026-11-07T15:00:00Z');
    await settle();

    // Now CSAT 5, 4, 1: mean 10/3; s² = (42 − 100/3)/2 = 4.3333; half = t₀.₉₇₅,₂ · √(4.3333/3) = 4.302653 · 1.201850 = 5.171145
    // top-2-box 2/3 = 66.67 %, Wilson [20.766, 93.851]
    const after = total(await queries.report({ window: 'week', asOf: asOf('2026-11-04T00:00:00Z') }));
    expect(after.csatMean.value).toBeCloseTo(3.333333, 5);
    expect(after.csatMean.n).toBe(3);
    expect(after.csatMean.ci95!.low).toBeCloseTo(-1.837812, 5);
    expect(after.csatMean.ci95!.high).toBeCloseTo(8.504478, 5);
    expect(after.csatTop2Box.value).toBeCloseTo(66.666667, 5);
    expect(after.csatTop2Box.ci95!.low).toBeCloseTo(20.76596, 4);
    expect(after.csatTop2Box.ci95!.high).toBeCloseTo(93.850806, 4);
  });

  it('replaces every answer of a changed response in every figure', async () => {
    // Month before the change: CSAT 5, 4, 2, 3, 1 → top-2-box 2/5 = 40 %, mean 15/5 = 3
    const before = total(await queries.report({ window: 'month', asOf: asOf('2026-11-15T00:00:00Z') }));
    expect(before.csatTop2Box.value).toBe(40);
    expect(before.csatMean.value).toBe(3);
    expect(before.nps).toMatchObject({ value: 0, promoters: 2, detractors: 2 });

    fx.setNow('2026-11-26T09:00:00Z');
    await fx.change(s.s2, { CSAT: 2, NPS: 6, CES: 5, ...dimensionAnswers([4, 4, 4, 4, 4, 4]) });
    await settle();

    const after = total(await queries.report({ window: 'month', asOf: asOf('2026-11-15T00:00:00Z') }));
    expect(after.csatTop2Box.value).toBe(20);
    expect(after.csatMean.value).toBeCloseTo(2.6, 10);
    expect(after.nps).toMatchObject({ value: -40, promoters: 1, detractors: 3 });
    expect(after.responses).toBe(5);
  });

  describe('November, every index by hand', () => {
    let month: SatisfactionReport['groups'][number]['figures'];
    beforeAll(async () => {
      month = total(await queries.report({ window: 'month', asOf: asOf('2026-11-30T23:00:00Z') }));
    });

    it('response rate: 6 invitations sent in November, 5 answered', () => {
      // 5/6 = 83.33 %; Wilson: centre (0.833333 + 0.320122)/1.640243 = 0.703222, half 0.266725 → [43.650, 96.995]
      expect(month.responseRate).toMatchObject({ sent: 6, responded: 5, n: 6, lowSample: true });
      expect(month.responseRate.value).toBeCloseTo(83.333333, 5);
      expect(month.responseRate.ci95!.low).toBeCloseTo(43.649718, 4);
      expect(month.responseRate.ci95!.high).toBeCloseTo(96.994663, 4);
    });

    it('CSAT: top-2-box 1/5 = 20 % with a Wilson interval, mean 2.6 with a t interval', () => {
      // CSAT 5, 2, 2, 3, 1. Top-2-box: Wilson(1, 5) = [3.6224, 62.4465] %.
      expect(month.csatTop2Box).toMatchObject({ value: 20, n: 5, minimumN: 30, lowSample: true });
      expect(month.csatTop2Box.responseRate).toBeCloseTo(83.333333, 5);
      expect(month.csatTop2Box.ci95!.low).toBeCloseTo(3.622411, 4);
      expect(month.csatTop2Box.ci95!.high).toBeCloseTo(62.446537, 4);
      // Σx = 13, Σx² = 43: s² = (43 − 13²/5)/4 = 2.3; half = 2.776445 · √(2.3/5) = 1.883077
      expect(month.csatMean.value).toBeCloseTo(2.6, 10);
      expect(month.csatMean.ci95!.low).toBeCloseTo(0.716923, 5);
      expect(month.csatMean.ci95!.high).toBeCloseTo(4.483077, 5);
    });

    it('NPS: 1 promoter (10), 1 passive (7), 3 detractors (6, 3, 0) of 5 → −40', () => {
      // var = (0.2 + 0.6 − (−0.4)²)/5 = 0.128; half = 1.959964 · 100 · √0.128 = 70.1218 → [−110.1 → −100, 30.1218]
      expect(month.nps).toMatchObject({ value: -40, n: 5, promoters: 1, passives: 1, detractors: 3, minimumN: 100 });
      expect(month.nps.ci95!.low).toBe(-100);
      expect(month.nps.ci95!.high).toBeCloseTo(30.121803, 4);
    });

    it('CES: 6, 5, 2 → mean 4.3333 on 1–7', () => {
      // s² = (65 − 13²/3)/2 = 4.3333; half = 4.302653 · √(4.3333/3) = 5.171145
      expect(month.cesMean.value).toBeCloseTo(4.333333, 5);
      expect(month.cesMean.n).toBe(3);
      expect(month.cesMean.ci95!.low).toBeCloseTo(-0.837812, 5);
      expect(month.cesMean.ci95!.high).toBeCloseTo(9.504478, 5);
    });

    it('CSI: the two complete responses score 87.5 and 75 → 81.25 on 0–100', () => {
      // s1: 100 · mean((5,4,5,4,5,4) − 1)/4 = 100 · 21/24 = 87.5; s2: 100 · 3/4 = 75 (equal weights 1/6)
      // s² = 2 · 6.25² / 1 = 78.125; half = t₀.₉₇₅,₁ · √(78.125/2) = 12.706205 · 6.25 = 79.41378
      expect(month.csi.value).toBeCloseTo(81.25, 10);
      expect(month.csi.n).toBe(2);
      expect(month.csi.ci95!.low).toBeCloseTo(1.83622, 4);
      expect(month.csi.ci95!.high).toBeCloseTo(160.66378, 4);
      expect(month.csi.weights.EFFICIENCY).toBeCloseTo(1 / 6, 12);
    });

    it('dimensions: EFFICIENCY 5, 4, 2 (s3 rated only this one) → 3.6667, n = 3', () => {
      // s² = (45 − 121/3)/2 = 2.3333; half = 4.302653 · √(2.3333/3) = 3.794583
      expect(month.dimensions.EFFICIENCY.value).toBeCloseTo(3.666667, 5);
      expect(month.dimensions.EFFICIENCY.n).toBe(3);
      expect(month.dimensions.EFFICIENCY.ci95!.high).toBeCloseTo(7.46125, 4);
      expect(month.dimensions.LOYALTY).toMatchObject({ value: 4, n: 2 });
    });
  });

  it('weights the CSI dimensions as configured, without a rebuild', async () => {
    const weighted = new SatisfactionQueries(fx.client, {
      csiWeights: { EFFICIENCY: 3, RELIABILITY: 1, PROFESSIONALISM: 1, EMOTIONAL: 1, FOLLOW_UP_SUPPORT: 1, LOYALTY: 1 },
    });
    // weights 3/8, then 1/8 each; s1's normalised scores (x − 1)/4 are 1, .75, 1, .75, 1, .75:
    // s1 = 100 · (3·1 + .75 + 1 + .75 + 1 + .75)/8 = 90.625; s2 = 100 · .75 = 75
    // mean 82.8125; s² = 2 · 7.8125² = 122.0703; half = 12.706205 · 7.8125 = 99.26723
    const csi = total(await weighted.report({ window: 'month', asOf: asOf('2026-11-15T00:00:00Z') })).csi;
    expect(csi.value).toBeCloseTo(82.8125, 10);
    expect(csi.ci95!.low).toBeCloseTo(-16.454725, 4);
    expect(csi.ci95!.high).toBeCloseTo(182.079725, 4);
  });

  it('flags figures below the configured minimum n', async () => {
    const lenient = new SatisfactionQueries(fx.client, { minimumSample: { csat: 5 } as never });
    const month = total(await lenient.report({ window: 'month', asOf: asOf('2026-11-15T00:00:00Z') }));
    expect(month.csatTop2Box).toMatchObject({ n: 5, minimumN: 5, lowSample: false });
    expect(month.nps).toMatchObject({ n: 5, minimumN: 100, lowSample: true });
  });

  it('breaks figures down by segment, attributing a response to its complaint’s segments when it was recorded', async () => {
    const byCategory = await queries.report({
      window: 'month',
      asOf: asOf('2026-11-15T00:00:00Z'),
      segment: 'category',
    });
    const rows = byCategory.groups.map((g) => [g.segment!.value, g.figures.csatMean.n, g.figures.responseRate.value]);
    // null: the customer survey s5; POLICY_PROCESS: s3 answered, s4 not → 50 %; PRODUCT_FUNCTION: s1, s2, s6
    expect(rows).toEqual([
      [null, 1, 100],
      ['POLICY_PROCESS', 1, 50],
      ['PRODUCT_FUNCTION', 3, 100],
    ]);
    const byAgent = await queries.report({ window: 'month', asOf: asOf('2026-11-15T00:00:00Z'), segment: 'agent' });
    // s3 (answered 11-10) and s4 (sent 11-12) were recorded while agent-2 owned B; the reassignment to
    // agent-3 on 11-20 moves neither, so agent-3 has no group.
    expect(byAgent.groups.map((g) => g.segment!.value)).toEqual([null, 'agent-2', 'agent-7']);
    const byTier = await queries.report({
      window: 'month',
      asOf: asOf('2026-11-15T00:00:00Z'),
      segment: 'customerTier',
    });
    expect(byTier.groups.map((g) => [g.segment!.value, g.figures.csatMean.n])).toEqual([
      ['HIGH_VALUE', 3],
      ['ORDINARY', 2],
    ]);
  });

  it('handles a segment of all promoters: NPS 100 with a collapsed interval, CSAT 1/1 with a Wilson interval', async () => {
    const email = await queries.report({
      window: 'month',
      asOf: asOf('2026-11-15T00:00:00Z'),
      segment: 'surveyChannel',
      value: 'EMAIL',
    });
    expect(email.groups).toHaveLength(1);
    const { nps, csatTop2Box } = email.groups[0].figures;
    // var = (1 + 0 − 1²)/1 = 0
    expect(nps).toMatchObject({ value: 100, n: 1, ci95: { low: 100, high: 100 }, lowSample: true });
    // Wilson(1, 1): centre (1 + 1.920729)/4.841459 = 0.603274, half 0.396726 → [20.655, 100]
    expect(csatTop2Box.value).toBe(100);
    expect(csatTop2Box.ci95!.low).toBeCloseTo(20.654931, 4);
    expect(csatTop2Box.ci95!.high).toBe(100);
  });

  it('answers n = 0 with no estimate, no interval and a low-sample flag', async () => {
    const october = total(await queries.report({ window: 'month', asOf: asOf('2026-10-15T00:00:00Z') }));
    expect(october.responses).toBe(0);
    for (const figure of [october.csatTop2Box, october.csatMean, october.nps, october.cesMean, october.csi]) {
      expect(figure).toMatchObject({ value: null, n: 0, ci95: null, responseRate: null, lowSample: true });
    }
    expect(october.responseRate).toMatchObject({ value: null, sent: 0, responded: 0 });
  });

  it('covers trailing windows by local day, including the day asked about', async () => {
    // trailing 7 days to 11-10 = 11-04 … 11-10: answers of s2 (11-05, now CSAT 2), s6 (11-07, CSAT 1), s3 (11-10, CSAT 2)
    const week = await queries.report({ window: 'trailing-7d', asOf: asOf('2026-11-10T20:00:00Z') });
    expect(week.window).toMatchObject({ from: '2026-11-04', to: '2026-11-10' });
    const figures = total(week);
    expect(figures.csatMean.value).toBeCloseTo(5 / 3, 10);
    // none in the top two boxes: Wilson(0, 3) = [0, 56.1497] %
    expect(figures.csatTop2Box.value).toBe(0);
    expect(figures.csatTop2Box.ci95!.high).toBeCloseTo(56.149668, 3);
    expect(figures.responseRate).toMatchObject({ sent: 3, responded: 3, value: 100 });
  });

  it('reproduces every table row and every figure exactly in a full rebuild', async () => {
    const tables = ['satisfaction_daily', 'satisfaction_surveys', 'satisfaction_complaints'];
    const snapshot = async () =>
      Promise.all(
        tables.map(async (t) =>
          (await fx.client.query<{ row: unknown }>(`SELECT to_jsonb(x) AS row FROM ${t} x ORDER BY 1::text`)).rows
            .map((r) => JSON.stringify(r.row))
            .sort(),
        ),
      );
    const everyReport = async () => {
      const reports: SatisfactionReport[] = [];
      for (const window of WINDOW_KINDS) {
        for (const segment of [undefined, ...SATISFACTION_SEGMENT_DIMENSIONS]) {
          reports.push(await queries.report({ window, asOf: asOf('2026-11-26T12:00:00Z'), segment }));
        }
      }
      return reports;
    };
    const live = { tables: await snapshot(), reports: await everyReport() };
    expect(live.tables[0].length).toBeGreaterThan(20);

    // Batches of 3 events cut the history at other places than the live runner did.
    await new ProjectionRebuilder(fx.store, fx.client, fx.catalog, 3).rebuild(satisfactionProjection);
    expect(await snapshot()).toEqual(live.tables);
    expect(await everyReport()).toEqual(live.reports);
  });
});
