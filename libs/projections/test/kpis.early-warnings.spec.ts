import {
  complaintKpiProjection,
  ComplaintKpiQueries,
  declineRate,
  detectHotspots,
  earlyWarningListProjection,
  EarlyWarningPlanner,
  EarlyWarningQueries,
  EarlyWarningRulesError,
  evaluateEarlyWarnings,
  loadEarlyWarningRules,
  parseEarlyWarningRules,
  ProjectionRunner,
  resolveWindow,
  SatisfactionQueries,
  satisfactionProjection,
  type EarlyWarningRules,
  type HotspotComplaint,
  type IndicatorObservation,
  type ThresholdRule,
} from '../src';
import { openSatisfactionFixture, type SatisfactionFixture } from './satisfaction-fixture';

const NOW = new Date('2026-11-30T12:00:00Z');
const MONTH = resolveWindow('month', NOW, 'UTC');
const rateRule: ThresholdRule = {
  id: 'complaint-rate-high',
  indicator: 'COMPLAINT_RATE',
  window: 'month',
  segment: null,
  direction: 'ABOVE',
  threshold: 30,
  minimumN: 10,
  owner: 'quality-manager',
  deadlineHours: 48,
};
const observe = (value: number | null, n: number, segment: IndicatorObservation['segment'] = null) => ({
  rule: rateRule,
  window: MONTH,
  segment,
  value,
  n,
});

describe('early-warning evaluation (pure)', () => {
  it('raises a warning for a value above its threshold, with owner and deadline from the rule', () => {
    const [planned, ...rest] = evaluateEarlyWarnings({
      observations: [observe(42, 50)],
      hotspots: [],
      openWarnings: [],
      now: NOW,
    });
    expect(rest).toEqual([]);
    expect(planned.command).toEqual({
      type: 'TriggerEarlyWarning',
      warningId: planned.warningId,
      ruleId: 'complaint-rate-high',
      indicator: 'COMPLAINT_RATE',
      scope: { window: { kind: 'month', from: '2026-11-01', to: '2026-11-30' }, segment: null },
      value: 42,
      threshold: 30,
      direction: 'ABOVE',
      owner: 'quality-manager',
      deadline: '2026-12-02T12:00:00.000Z',
    });
  });

  it('ignores values at or below the threshold, missing values and samples below the rule’s minimum n', () => {
    const observations = [observe(30, 50), observe(null, 50), observe(99, 9)];
    expect(evaluateEarlyWarnings({ observations, hotspots: [], openWarnings: [], now: NOW })).toEqual([]);
  });

  it('raises nothing while a warning for the same rule and segment is still open', () => {
    const segment = { dimension: 'department', value: 'billing' };
    const observations = [observe(42, 50, segment), observe(42, 50, { dimension: 'department', value: 'care' })];
    const planned = evaluateEarlyWarnings({
      observations,
      hotspots: [],
      openWarnings: [{ ruleId: 'complaint-rate-high', segment }],
      now: NOW,
    });
    expect(planned.map((p) => p.command.scope.segment)).toEqual([{ dimension: 'department', value: 'care' }]);
  });

  it('names a warning after its rule, segment and window, so a re-run plans the very same warning', () => {
    const again = () =>
      evaluateEarlyWarnings({ observations: [observe(42, 50)], hotspots: [], openWarnings: [], now: NOW })[0].warningId;
    expect(again()).toBe(again());
    const nextMonth = evaluateEarlyWarnings({
      observations: [{ ...observe(42, 50), window: resolveWindow('month', new Date('2026-12-05T00:00:00Z'), 'UTC') }],
      hotspots: [],
      openWarnings: [],
      now: NOW,
    });
    expect(nextMonth[0].warningId).not.toBe(again());
  });

  it('computes the satisfaction decline rate period over period (REQ-35)', () => {
    // (80 − 60) / 80 = 25 %
    expect(declineRate(80, 60)).toBe(25);
    expect(declineRate(60, 80)).toBeCloseTo(-33.333333, 5);
    expect(declineRate(0, 50)).toBeNull();
    expect(declineRate(null, 50)).toBeNull();
  });
});

describe('hotspot detection (pure)', () => {
  const complaint = (id: string, rootCause: string | null, product = 'ROUTER-X200'): HotspotComplaint => ({
    id,
    receivedAt: '2026-11-02T08:00:00.000Z',
    category: 'PRODUCT_FUNCTION',
    rootCauseCategory: rootCause ? 'PRODUCT_SERVICE_DEFECT' : null,
    rootCause,
    product,
  });
  const complaints = [
    complaint('c1', 'Firmware 1.2 watchdog bug'),
    complaint('c2', ' firmware 1.2  WATCHDOG bug'),
    complaint('c3', 'Power supply', 'ROUTER-X300'),
    complaint('c4', null),
  ];

  it('clusters free-text root causes regardless of case and spacing', () => {
    expect(detectHotspots(complaints, 'rootCause', 2)).toEqual([
      { attribute: 'rootCause', value: 'firmware 1.2 watchdog bug', count: 2, complaintIds: ['c1', 'c2'] },
    ]);
  });

  it('clusters by product and category, largest first, and only from the minimum size up', () => {
    expect(detectHotspots(complaints, 'product', 2).map((c) => [c.value, c.count])).toEqual([['ROUTER-X200', 3]]);
    expect(detectHotspots(complaints, 'category', 4).map((c) => c.count)).toEqual([4]);
    expect(detectHotspots(complaints, 'category', 5)).toEqual([]);
  });
});

describe('early-warning rules configuration', () => {
  it('ships a valid rules file with an owner and a deadline for every rule', () => {
    const rules = loadEarlyWarningRules();
    expect(rules.thresholdRules.map((r) => r.indicator)).toEqual([
      'COMPLAINT_RATE',
      'SATISFACTION_DECLINE_RATE',
      'HANDLING_CYCLE_MEDIAN_HOURS',
    ]);
    expect(rules.hotspotRules.map((r) => r.attribute)).toEqual(['category', 'rootCause', 'product']);
  });

  it('refuses a bad file listing every problem', () => {
    const bad = {
      thresholdRules: [{ ...rateRule, indicator: 'MOOD', window: 'fortnight', owner: '' }],
      hotspotRules: [
        {
          id: 'complaint-rate-high',
          attribute: 'colour',
          window: 'week',
          minComplaints: 0,
          owner: 'x',
          deadlineHours: 1,
        },
      ],
    };
    let error: EarlyWarningRulesError | undefined;
    try {
      parseEarlyWarningRules(bad);
    } catch (caught) {
      error = caught as EarlyWarningRulesError;
    }
    expect(error).toBeInstanceOf(EarlyWarningRulesError);
    expect(error!.problems).toEqual([
      'rule id complaint-rate-high is used twice',
      'thresholdRules[0].owner must be a text',
      'thresholdRules[0].window must be one of: trailing-7d, trailing-30d, trailing-90d, week, month, quarter',
      expect.stringMatching(/^thresholdRules\[0\]\.indicator must be one of: COMPLAINT_VOLUME, /),
      expect.stringMatching(/^hotspotRules\[0\]\.attribute must be one of: category, rootCauseCategory/),
      'hotspotRules[0].minComplaints must be a number ≥ 1',
    ]);
  });
});

describe('early-warning planner over the read models', () => {
  let fx: SatisfactionFixture;
  let runner: ProjectionRunner;
  let warnings: EarlyWarningQueries;
  let planner: EarlyWarningPlanner;
  const settle = async () => runner.waitFor(await fx.store.headPosition());
  const rules: EarlyWarningRules = {
    thresholdRules: [
      { ...rateRule, id: 'volume-high', indicator: 'COMPLAINT_VOLUME', threshold: 2, minimumN: 0 },
      {
        ...rateRule,
        id: 'csat-decline',
        indicator: 'SATISFACTION_DECLINE_RATE',
        satisfactionIndex: 'csatTop2Box',
        threshold: 10,
        minimumN: 2,
      },
    ],
    hotspotRules: [
      {
        id: 'product-hotspot',
        attribute: 'product',
        window: 'month',
        minComplaints: 3,
        owner: 'product-qm',
        deadlineHours: 24,
      },
    ],
  };

  beforeAll(async () => {
    fx = await openSatisfactionFixture();
    runner = new ProjectionRunner(
      [satisfactionProjection, complaintKpiProjection, earlyWarningListProjection],
      fx.store,
      fx.client,
      fx.catalog,
    );
    await runner.start();
    warnings = new EarlyWarningQueries(fx.client);
    planner = new EarlyWarningPlanner({
      kpis: new ComplaintKpiQueries(fx.client),
      satisfaction: new SatisfactionQueries(fx.client),
      warnings,
      rules,
    });
    // October: two surveys, CSAT 5 and 4 → top-2-box 100 %. November: CSAT 5 and 2 → 50 %: a 50 % decline.
    for (const [day, csat] of [
      ['2026-10-05', 5],
      ['2026-10-06', 4],
      ['2026-11-05', 5],
      ['2026-11-06', 2],
    ] as const) {
      fx.setNow(`${day}T08:00:00Z`);
      const id = await fx.receive({ category: 'PRODUCT_FUNCTION' });
      await fx.respond(await fx.invite(id, 'SMS'), { CSAT: csat });
    }
    fx.setNow('2026-11-07T08:00:00Z');
    await fx.receive({ category: 'OTHER', object: { kind: 'SERVICE', reference: 'BRANCH-12' } });
    fx.setNow(NOW.toISOString());
    await settle();
  });
  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  it('plans the warnings the rules call for: volume 3 > 2, CSAT decline 50 % > 10 %, 2 routers < 3 no hotspot', async () => {
    const planned = await planner.plan(NOW);
    expect(planned.map((p) => [p.command.ruleId, p.command.value, p.command.threshold])).toEqual([
      ['volume-high', 3, 2],
      ['csat-decline', 50, 10],
    ]);
  });

  it('raises them as EarlyWarningTriggered events, lists them, and plans nothing more while they are open', async () => {
    for (const { warningId, command } of await planner.plan(NOW)) await fx.warning(warningId, command);
    await settle();
    const history = await fx.store.readStream(`warning-${(await warnings.open(NOW))[0].id}`);
    expect(history.map((e) => e.type)).toEqual(['EarlyWarningTriggered']);
    expect(history[0].data).toMatchObject({
      indicator: expect.any(String),
      value: expect.any(Number),
      threshold: expect.any(Number),
    });

    const listed = await warnings.list({ window: 'month', asOf: NOW });
    expect(listed.warnings.map((w) => [w.ruleId, w.status, w.owner, w.deadline, w.overdue])).toEqual([
      ['csat-decline', 'TRIGGERED', 'quality-manager', '2026-12-02T12:00:00.000Z', false],
      ['volume-high', 'TRIGGERED', 'quality-manager', '2026-12-02T12:00:00.000Z', false],
    ]);
    expect(await planner.plan(NOW)).toEqual([]);
  });

  it('acknowledges and resolves a warning, which is not raised again for the same window', async () => {
    const volume = (await warnings.open(NOW)).find((w) => w.ruleId === 'volume-high')!;
    await fx.warning(volume.id, { type: 'AcknowledgeEarlyWarning', note: 'Investigating the router batch' });
    await settle();
    expect((await warnings.list({ status: ['ACKNOWLEDGED'] }, NOW)).warnings.map((w) => w.id)).toEqual([volume.id]);
    await fx.warning(volume.id, { type: 'ResolveEarlyWarning', resolution: 'Firmware 1.3 shipped' });
    await settle();
    const resolved = (await warnings.list({ status: ['RESOLVED'] }, NOW)).warnings[0];
    expect(resolved).toMatchObject({
      id: volume.id,
      resolution: 'Firmware 1.3 shipped',
      acknowledgementNote: 'Investigating the router batch',
    });
    expect(await planner.plan(NOW)).toEqual([]);
    // Past its deadline and still open: overdue.
    const late = await warnings.list({ status: ['TRIGGERED'] }, new Date('2026-12-03T00:00:00Z'));
    expect(late.warnings.map((w) => [w.ruleId, w.overdue])).toEqual([['csat-decline', true]]);
  });

  it('flags a product hotspot once enough complaints share it', async () => {
    fx.setNow('2026-11-20T08:00:00Z');
    await fx.receive({ category: 'PRODUCT_FUNCTION' });
    fx.setNow(NOW.toISOString());
    await settle();
    const hotspot = (await planner.plan(NOW)).find((p) => p.command.indicator === 'HOTSPOT')!;
    // November now has three complaints about ROUTER-X200 (the fixture's default object) and one about BRANCH-12.
    expect(hotspot.command).toMatchObject({
      ruleId: 'product-hotspot',
      scope: { segment: { dimension: 'product', value: 'ROUTER-X200' } },
      value: 3,
      threshold: 2,
      owner: 'product-qm',
    });
    expect(hotspot.command.evidence).toHaveLength(3);
  });
});
