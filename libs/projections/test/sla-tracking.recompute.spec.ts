import { stringify } from 'yaml';
import { loadShippedPolicies, parsePolicySelection, policyReference } from '@redress/sla';
import {
  createSlaTrackingProjection,
  ProjectionRebuilder,
  ProjectionRunner,
  SHIPPED_SLA_TRACKING,
  SlaTrackingQueries,
  slaTrackingProjection,
} from '../src';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

const catalog = loadShippedPolicies();
const standard = policyReference(catalog.get('guides-standard', 1));
const rapid = policyReference(catalog.get('guides-rapid', 1));
const reason = 'The customer moved to the priority service';

describe('SLA tracking: policy selection and audited recomputes', () => {
  let fx: ProjectionFixture;
  let runner: ProjectionRunner;
  let queries: SlaTrackingQueries;
  const ids: Record<string, string> = {};

  const settle = async () => runner.waitFor(await fx.store.headPosition());
  const timersOf = async (id: string) =>
    (
      await fx.client.query<{ key: string; policy_id: string; fire_at: Date }>(
        'SELECT key, policy_id, fire_at FROM sla_alert_timers WHERE complaint_id = $1 ORDER BY key',
        [id],
      )
    ).rows.map((row) => [row.key, row.policy_id, new Date(row.fire_at).toISOString()]);
  const snapshot = async () =>
    Promise.all(
      ['sla_complaints', 'sla_clocks', 'sla_alert_timers'].map(async (table) =>
        (await fx.client.query(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows.map((row) => JSON.stringify(row)),
      ),
    );

  beforeAll(async () => {
    fx = await openProjectionFixture();
    runner = new ProjectionRunner([slaTrackingProjection], fx.store, fx.client, fx.catalog);
    await runner.start();
    queries = new SlaTrackingQueries(fx.client, SHIPPED_SLA_TRACKING);

    fx.setNow('2026-11-02T09:00:00Z');
    ids.walkIn = await fx.receive({ channel: 'ON_SITE' });
    ids.moved = await fx.receive({ channel: 'EMAIL' });
    ids.withdrawn = await fx.receive({ channel: 'EMAIL' });
    fx.setNow('2026-11-02T09:10:00Z');
    await fx.run(ids.withdrawn, { type: 'WithdrawComplaint', reason: 'Sorted out by phone' });
    fx.setNow('2026-11-02T11:00:00Z');
    await fx.run(ids.moved, { type: 'AcknowledgeComplaint', channel: 'EMAIL' });
    await fx.run(ids.moved, {
      type: 'RecordSlaAlert',
      ...{ policyId: 'guides-standard', policyVersion: 1, clock: 'firstResponse', cycle: 1 },
      key: 'firstResponse#1/warning:50%',
      kind: 'WARNING',
      threshold: '50%',
      at: '2026-11-02T11:00:00Z',
    });
    fx.setNow('2026-11-02T12:00:00Z');
    await fx.run(ids.moved, { type: 'RecomputeSlaPolicy', from: standard, to: rapid, reason });
    await settle();
  });
  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  it('chooses the policy at receipt by the selection rules and says which rule chose it', async () => {
    const walkIn = await queries.complaintSla(ids.walkIn, new Date('2026-11-02T09:20:00Z'));
    expect(walkIn).toMatchObject({ policy: rapid, policySource: 'rule:walk-in' });
    expect(walkIn?.clocks.map((clock) => [clock.clock, clock.dueAt])).toEqual([
      ['respond', '2026-11-02T09:30:00.000Z'],
      ['understand', '2026-11-02T10:00:00.000Z'],
      ['resolve', '2026-11-02T10:30:00.000Z'],
    ]);
    const withdrawn = await queries.complaintSla(ids.withdrawn, new Date('2026-11-02T09:20:00Z'));
    expect(withdrawn).toMatchObject({ policy: standard, policySource: 'default' });
  });

  it('re-evaluates the whole history of a recomputed complaint under the new version', async () => {
    const view = await queries.complaintSla(ids.moved, new Date('2026-11-02T12:00:00Z'));
    expect(view).toMatchObject({ policy: rapid, policySource: 'recompute' });
    // Acknowledged two hours after receipt: met under the standard pack, late under the 30-minute rule.
    expect(view?.clocks.find((clock) => clock.clock === 'respond')).toMatchObject({
      status: 'breached',
      dueAt: '2026-11-02T09:30:00.000Z',
      endedAt: '2026-11-02T11:00:00.000Z',
    });
    const clocks = await fx.client.query<{ clock: string; policy_id: string }>(
      'SELECT clock, policy_id FROM sla_clocks WHERE complaint_id = $1 ORDER BY clock',
      [ids.moved],
    );
    expect(clocks.rows.map((row) => [row.clock, row.policy_id])).toEqual([
      ['resolve', 'guides-rapid'],
      ['respond', 'guides-rapid'],
      ['understand', 'guides-rapid'],
    ]);
  });

  it("schedules the new policy's alerts, already due ones at their own instants, keeping the recorded ones", async () => {
    expect(await timersOf(ids.moved)).toEqual([
      ['resolve#1/breach', 'guides-rapid', '2026-11-02T10:30:00.000Z'],
      ['resolve#1/warning:50%', 'guides-rapid', '2026-11-02T09:45:00.000Z'],
      ['resolve#1/warning:75%', 'guides-rapid', '2026-11-02T10:07:30.000Z'],
      ['resolve#1/warning:90%', 'guides-rapid', '2026-11-02T10:21:00.000Z'],
      ['respond#1/breach', 'guides-rapid', '2026-11-02T09:30:00.000Z'],
      ['respond#1/warning:50%', 'guides-rapid', '2026-11-02T09:15:00.000Z'],
      ['respond#1/warning:75%', 'guides-rapid', '2026-11-02T09:22:30.000Z'],
      ['respond#1/warning:90%', 'guides-rapid', '2026-11-02T09:27:00.000Z'],
      ['understand#1/breach', 'guides-rapid', '2026-11-02T10:00:00.000Z'],
      ['understand#1/warning:50%', 'guides-rapid', '2026-11-02T09:30:00.000Z'],
      ['understand#1/warning:75%', 'guides-rapid', '2026-11-02T09:45:00.000Z'],
      ['understand#1/warning:90%', 'guides-rapid', '2026-11-02T09:54:00.000Z'],
    ]);
    const { rows } = await fx.client.query<{ history: { type: string }[] }>(
      'SELECT history FROM sla_complaints WHERE complaint_id = $1',
      [ids.moved],
    );
    expect(rows[0].history.map((event) => event.type)).toEqual([
      'ComplaintReceived',
      'ComplaintAcknowledged',
      'SlaWarningReached',
      'SlaPolicyRecomputed',
    ]);
  });

  it('lists the open complaints under a policy, for a bulk recompute', async () => {
    expect(await queries.openComplaintsUnder('guides-standard', undefined, 10)).toEqual([]);
    expect(await queries.openComplaintsUnder('guides-rapid', 1, 10)).toEqual([ids.walkIn, ids.moved].sort());
    expect(await queries.openComplaintsUnder('guides-rapid', 2, 10)).toEqual([]);
  });

  it('passes over a recompute to a version this build does not have', async () => {
    fx.setNow('2026-11-02T12:30:00Z');
    const unknown = { policyId: 'guides-rapid', version: 99, digest: 'e'.repeat(64) };
    await fx.run(ids.walkIn, { type: 'RecomputeSlaPolicy', from: rapid, to: unknown, reason });
    await settle();
    const view = await queries.complaintSla(ids.walkIn, new Date('2026-11-02T12:30:00Z'));
    expect(view).toMatchObject({ policy: rapid, policySource: 'rule:walk-in' });
  });

  it('rebuilds identical rows', async () => {
    const live = await snapshot();
    expect(live[0]).toHaveLength(3);
    await new ProjectionRebuilder(fx.store, fx.client, fx.catalog, 2).rebuild(slaTrackingProjection);
    expect(await snapshot()).toEqual(live);
  });

  it('selects on a category given at registration even when its event comes in the next batch', async () => {
    const selection = parsePolicySelection(
      stringify({
        version: 1,
        rules: [{ name: 'systems', when: { category: 'SYSTEM_TECHNICAL' }, policy: 'incident' }],
        default: 'guides-standard',
      }),
      catalog,
    );
    const tracking = { catalog, selection };
    const fresh = await openProjectionFixture();
    const own = new ProjectionRunner(
      [createSlaTrackingProjection(tracking)],
      fresh.store,
      fresh.client,
      fresh.catalog,
      {
        batchSize: 1,
      },
    );
    try {
      await own.start();
      const systems = await fresh.receive({ category: 'SYSTEM_TECHNICAL' });
      const later = await fresh.receive();
      await fresh.run(later, { type: 'ClassifyComplaint', category: 'SYSTEM_TECHNICAL' });
      await own.waitFor(await fresh.store.headPosition());
      const ownQueries = new SlaTrackingQueries(fresh.client, tracking);
      expect(await ownQueries.complaintSla(systems, new Date())).toMatchObject({
        policy: { policyId: 'incident' },
        policySource: 'rule:systems',
      });
      // Classified after receipt: the policy was chosen at receipt and stays.
      expect(await ownQueries.complaintSla(later, new Date())).toMatchObject({
        policy: { policyId: 'guides-standard' },
        policySource: 'default',
      });
    } finally {
      await own.stop();
      await fresh.close();
    }
  });
});
