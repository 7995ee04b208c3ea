import { stringify } from 'yaml';
import { loadShippedPolicies, parsePolicySelection } from '@redress/sla';
import {
  ProjectionRunner,
  SHIPPED_SLA_TRACKING,
  SlaTrackingQueries,
  createSlaTrackingProjection,
  slaTrackingProjection,
} from '../src';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

const HOUR = 3600;

/** Every new complaint under one policy: a selection file with a default and no rules. */
function trackingUnder(policyId: string) {
  const catalog = loadShippedPolicies();
  return { catalog, selection: parsePolicySelection(stringify({ version: 1, default: policyId }), catalog) };
}

describe('SLA tracking read model', () => {
  let fx: ProjectionFixture;
  let runner: ProjectionRunner;
  let queries: SlaTrackingQueries;
  const ids: Record<string, string> = {};

  const settle = async () => runner.waitFor(await fx.store.headPosition());

  beforeAll(async () => {
    fx = await openProjectionFixture();
    runner = new ProjectionRunner([slaTrackingProjection], fx.store, fx.client, fx.catalog);
    await runner.start();
    queries = new SlaTrackingQueries(fx.client, SHIPPED_SLA_TRACKING);

    fx.setNow('2026-11-01T08:00:00Z');
    ids.withdrawn = await fx.receive({ category: 'PRODUCT_FUNCTION' });
    await fx.run(ids.withdrawn, { type: 'WithdrawComplaint', reason: 'The customer sorted it out' });

    fx.setNow('2026-11-02T09:00:00Z');
    ids.complex = await fx.receive({ category: 'PRODUCT_FUNCTION' });
    fx.setNow('2026-11-02T10:00:00Z');
    await fx.run(ids.complex, { type: 'TriageComplaint', grade: 'SERIOUS', priority: 'P2', isComplex: true });
    await fx.run(ids.complex, { type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-7' });
    fx.setNow('2026-11-02T11:00:00Z');
    await fx.run(ids.complex, { type: 'AcknowledgeComplaint', channel: 'EMAIL' });
    fx.setNow('2026-11-02T12:00:00Z');
    await fx.run(ids.complex, { type: 'RequestCustomerInformation', what: 'The router serial number' });
    fx.setNow('2026-11-02T14:00:00Z');
    await fx.run(ids.complex, { type: 'RecordCustomerInformation', information: 'SN 0042-17' });

    fx.setNow('2026-11-02T10:00:00Z');
    ids.simple = await fx.receive({ category: 'SERVICE_QUALITY' });
    await settle();
  });
  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  it('records the policy version each complaint was received under', async () => {
    const view = await queries.complaintSla(ids.simple, new Date('2026-11-02T10:00:00Z'));
    const policy = loadShippedPolicies().forNewComplaint('guides-standard', '2026-11-02T10:00:00Z');
    expect(view?.policy).toEqual({ policyId: 'guides-standard', version: policy.version, digest: policy.digest });
  });

  it("evaluates a complaint's clocks at the instant asked for, with the wait for the customer paused out", async () => {
    const view = await queries.complaintSla(ids.complex, new Date('2026-11-02T16:00:00Z'));
    const byName = Object.fromEntries(view!.clocks.map((clock) => [clock.clock, clock]));
    expect(byName.firstResponse).toMatchObject({
      status: 'met',
      startedAt: '2026-11-02T09:00:00.000Z',
      endedAt: '2026-11-02T11:00:00.000Z',
      elapsedSeconds: 2 * HOUR,
    });
    expect(byName.preliminaryHandling).toMatchObject({
      status: 'running',
      // 48 h from receipt, plus the two hours spent waiting for the customer.
      dueAt: '2026-11-04T11:00:00.000Z',
      elapsedSeconds: 5 * HOUR,
      remainingSeconds: 43 * HOUR,
      pausedIntervals: [{ from: '2026-11-02T12:00:00.000Z', to: '2026-11-02T14:00:00.000Z' }],
    });
    expect(byName.detailedFeedback).toMatchObject({ status: 'running', dueAt: '2026-11-05T11:00:00.000Z' });
    expect(byName.followUp).toMatchObject({ status: 'pending', dueAt: null });

    const later = await queries.complaintSla(ids.complex, new Date('2026-11-04T12:00:00Z'));
    expect(later!.clocks.find((clock) => clock.clock === 'preliminaryHandling')).toMatchObject({
      status: 'breached',
      remainingSeconds: -HOUR,
    });
  });

  it('answers null for a complaint it does not track', async () => {
    expect(await queries.complaintSla('00000000-0000-4000-8000-000000000000', new Date())).toBeNull();
  });

  it('lists running clocks soonest due first, without met or cancelled ones', async () => {
    const now = new Date('2026-11-02T15:00:00Z');
    const risky = await queries.atRisk({ limit: 10 }, now);
    expect(risky.map((clock) => [clock.complaintId, clock.clock, clock.dueAt, clock.secondsToDue])).toEqual([
      [ids.simple, 'firstResponse', '2026-11-03T10:00:00.000Z', 19 * HOUR],
      [ids.complex, 'preliminaryHandling', '2026-11-04T11:00:00.000Z', 44 * HOUR],
      [ids.complex, 'detailedFeedback', '2026-11-05T11:00:00.000Z', 68 * HOUR],
    ]);
    expect(risky[1]).toMatchObject({
      title: 'Preliminary handling of a complex complaint within 48 hours of receipt',
      policy: { policyId: 'guides-standard' },
      department: 'after-sales',
      grade: 'SERIOUS',
      category: 'PRODUCT_FUNCTION',
      breached: false,
    });
  });

  it('filters by clock, owner, grade and due instant, and can leave out what is already breached', async () => {
    const now = new Date('2026-11-02T15:00:00Z');
    const ofClocks = async (filter: Parameters<SlaTrackingQueries['atRisk']>[0], at = now) =>
      (await queries.atRisk(filter, at)).map(
        (clock) => `${clock.complaintId === ids.simple ? 'simple' : 'complex'}:${clock.clock}`,
      );

    expect(await ofClocks({ limit: 10, clock: ['firstResponse'] })).toEqual(['simple:firstResponse']);
    expect(await ofClocks({ limit: 10, department: ['after-sales'], grade: ['SERIOUS'] })).toEqual([
      'complex:preliminaryHandling',
      'complex:detailedFeedback',
    ]);
    expect(await ofClocks({ limit: 10, dueBefore: new Date('2026-11-04T12:00:00Z') })).toEqual([
      'simple:firstResponse',
      'complex:preliminaryHandling',
    ]);
    expect(await ofClocks({ limit: 1 })).toEqual(['simple:firstResponse']);

    const afterFirstDue = new Date('2026-11-03T12:00:00Z');
    const breached = await queries.atRisk({ limit: 10 }, afterFirstDue);
    expect(breached[0]).toMatchObject({ complaintId: ids.simple, breached: true, secondsToDue: -2 * HOUR });
    expect(await ofClocks({ limit: 10, includeBreached: false }, afterFirstDue)).toEqual([
      'complex:preliminaryHandling',
      'complex:detailedFeedback',
    ]);
  });

  it('counts met and breached clocks per policy and clock, a running clock past due as breached', async () => {
    const window = { start: '2026-11-01T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z' };
    const now = new Date('2026-11-03T12:00:00Z');
    expect(await queries.complianceByPolicy({ ...window, segment: null }, now)).toEqual([
      {
        policyId: 'guides-standard',
        clock: 'detailedFeedback',
        segmentValue: null,
        met: 0,
        breached: 0,
        compliancePercent: null,
      },
      {
        policyId: 'guides-standard',
        clock: 'firstResponse',
        segmentValue: null,
        met: 1,
        breached: 1,
        compliancePercent: 50,
      },
      {
        policyId: 'guides-standard',
        clock: 'preliminaryHandling',
        segmentValue: null,
        met: 0,
        breached: 0,
        compliancePercent: null,
      },
    ]);
    const byDepartment = await queries.complianceByPolicy(
      { ...window, segment: 'department', clock: ['firstResponse'] },
      now,
    );
    expect(byDepartment.map((row) => [row.segmentValue, row.met, row.breached])).toEqual([
      ['after-sales', 1, 0],
      [null, 0, 1],
    ]);
    // Before the simple complaint's first response fell due nothing was breached yet.
    const earlier = await queries.complianceByPolicy(
      { ...window, segment: null, clock: ['firstResponse'] },
      new Date('2026-11-03T09:00:00Z'),
    );
    expect(earlier).toEqual([expect.objectContaining({ met: 1, breached: 0, compliancePercent: 100 })]);
    expect(
      await queries.complianceByPolicy({ start: window.end, end: '2026-12-01T00:00:00Z', segment: null }, now),
    ).toEqual([]);
  });

  it('serves the KPI report as its SLA compliance source', async () => {
    const counts = await queries.compliance({
      start: '2026-11-01T00:00:00.000Z',
      end: '2026-11-03T00:00:00.000Z',
      segment: 'grade',
    });
    expect(counts.filter((count) => count.clock === 'preliminaryHandling')).toEqual([
      { segmentValue: 'SERIOUS', clock: 'preliminaryHandling', met: 0, breached: 1 },
    ]);
  });

  it('lists every shipped policy version, marking the one new complaints get', () => {
    const policies = queries.policies(new Date('2026-11-02T00:00:00Z'));
    expect(policies.map((policy) => policy.policyId)).toEqual(loadShippedPolicies().ids());
    // The shipped selection sends walk-in complaints to the rapid pack and every other one to the standard pack.
    expect(policies.filter((policy) => policy.appliesToNewComplaints).map((policy) => policy.policyId)).toEqual([
      'guides-rapid',
      'guides-standard',
    ]);
    expect(policies.find((policy) => policy.policyId === 'incident')?.document.clocks[0].name).toBe(
      'emergencyActivation',
    );
  });

  it('tracks another pack when configured: the incident clock runs from the incident to the emergency plan', async () => {
    const tracking = trackingUnder('incident');
    const fresh = await openProjectionFixture();
    const own = new ProjectionRunner([createSlaTrackingProjection(tracking)], fresh.store, fresh.client, fresh.catalog);
    try {
      await own.start();
      const incidentQueries = new SlaTrackingQueries(fresh.client, tracking);
      fresh.setNow('2026-11-02T09:05:00Z');
      const id = await fresh.receive();
      await fresh.run(id, {
        type: 'DeclareServiceIncident',
        incidentType: 'SERVICE_INTERRUPTION',
        description: 'Broadband down in the whole district',
        occurredAt: '2026-11-02T09:00:00Z',
      });
      await own.waitFor(await fresh.store.headPosition());
      const running = await incidentQueries.atRisk({ limit: 10 }, new Date('2026-11-02T09:10:00Z'));
      expect(running).toEqual([
        expect.objectContaining({ complaintId: id, clock: 'emergencyActivation', dueAt: '2026-11-02T09:15:00.000Z' }),
      ]);

      fresh.setNow('2026-11-02T09:12:00Z');
      await fresh.run(id, { type: 'ActivateEmergencyPlan', plan: 'District outage plan' });
      await own.waitFor(await fresh.store.headPosition());
      expect(await incidentQueries.atRisk({ limit: 10 }, new Date('2026-11-02T09:13:00Z'))).toEqual([]);
      const view = await incidentQueries.complaintSla(id, new Date('2026-11-02T10:00:00Z'));
      expect(view?.clocks[0]).toMatchObject({ clock: 'emergencyActivation', status: 'met', elapsedSeconds: 12 * 60 });
    } finally {
      await own.stop();
      await fresh.close();
    }
  });

  it('does not track complaints received before any version of its policy was in effect', async () => {
    const projection = createSlaTrackingProjection(trackingUnder('guides-standard'));
    const fresh = await openProjectionFixture();
    const own = new ProjectionRunner([projection], fresh.store, fresh.client, fresh.catalog);
    try {
      await own.start();
      fresh.setNow('2025-06-01T08:00:00Z');
      const early = await fresh.receive({ occurredAt: '2025-05-01T00:00:00Z' });
      await own.waitFor(await fresh.store.headPosition());
      expect(
        await new SlaTrackingQueries(fresh.client, SHIPPED_SLA_TRACKING).complaintSla(early, new Date()),
      ).toBeNull();
    } finally {
      await own.stop();
      await fresh.close();
    }
  });
});
