import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

const HOUR_MS = 3_600_000;
const iso = (millis: number) => new Date(millis).toISOString();
const actor = { 'x-actor-id': 'supervisor-3', 'x-actor-role': 'supervisor' };
const reason = 'The customer moved to the priority service';

/** Policy selection at receipt, and moving open complaints to another policy with an audited command. */
describe('SLA policy selection and recompute over HTTP', () => {
  let api: ApiHarness;
  let position = 0;
  /** By e-mail two hours ago, acknowledged now: under the standard pack. */
  let emailed: string;
  let walkIn: string;
  let withdrawn: string;

  const receive = async (overrides: Record<string, unknown>) => {
    const response = await api.post('/complaints', receiveBody(overrides));
    expect(response.status).toBe(201);
    position = response.body.position;
    return response.body.id as string;
  };
  const command = async (id: string, name: string, body: unknown) => {
    const response = await api.post(`/complaints/${id}/${name}`, body, actor);
    expect({ name, status: response.status }).toEqual({ name, status: 200 });
    position = response.body.position;
  };
  const sla = async (id: string) => {
    const response = await api.get(`/complaints/${id}/sla?minPosition=${position}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const recompute = (id: string, body: unknown, query = '') =>
    api.post(`/complaints/${id}/sla/recompute${query}`, body, actor);
  const historyTypes = async (id: string) =>
    (await api.get(`/complaints/${id}/history`)).body.events.map((event: { type: string }) => event.type);

  beforeAll(async () => {
    api = await ApiHarness.start();
    const receivedAt = Math.floor((Date.now() - 2 * HOUR_MS) / 1000) * 1000;
    emailed = await receive({ channel: 'EMAIL', receivedAt: iso(receivedAt), occurredAt: iso(receivedAt) });
    await command(emailed, 'acknowledge', { channel: 'EMAIL' });
    walkIn = await receive({ channel: 'ON_SITE' });
    withdrawn = await receive({ channel: 'EMAIL' });
    await command(withdrawn, 'withdraw', { reason: 'Sorted out by phone' });
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('serves the selection rules with the policies, marking those new complaints can get', async () => {
    const response = await api.get('/sla/policies');
    expect(response.body.selection).toMatchObject({
      version: 1,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      rules: [{ name: 'walk-in', when: { channel: 'ON_SITE' }, policy: 'guides-rapid' }],
      default: 'guides-standard',
    });
    const current = response.body.policies
      .filter((policy: { appliesToNewComplaints: boolean }) => policy.appliesToNewComplaints)
      .map((policy: { policyId: string }) => policy.policyId);
    expect(current).toEqual(['guides-rapid', 'guides-standard']);
  });

  it('tracks each complaint under the policy its receipt selected, saying why', async () => {
    expect(await sla(walkIn)).toMatchObject({ policy: { policyId: 'guides-rapid' }, policySource: 'rule:walk-in' });
    expect(await sla(emailed)).toMatchObject({ policy: { policyId: 'guides-standard' }, policySource: 'default' });
  });

  it('previews a recompute clock by clock and appends nothing', async () => {
    const before = await historyTypes(emailed);
    const preview = await recompute(emailed, { policyId: 'guides-rapid', reason }, '?dryRun=true');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      dryRun: true,
      complaintId: emailed,
      diff: {
        from: { policyId: 'guides-standard', version: 1 },
        to: { policyId: 'guides-rapid', version: 1 },
        changed: true,
      },
    });
    const changes = Object.fromEntries(
      preview.body.diff.clocks.map((clock: { clock: string; change: string }) => [clock.clock, clock.change]),
    );
    expect(changes).toEqual({
      firstResponse: 'removed',
      preliminaryHandling: 'removed',
      detailedFeedback: 'removed',
      followUp: 'removed',
      respond: 'added',
      understand: 'added',
      resolve: 'added',
    });
    // Acknowledged two hours after receipt: late under the 30-minute rule.
    const respond = preview.body.diff.clocks.find((clock: { clock: string }) => clock.clock === 'respond');
    expect(respond.after).toMatchObject({ status: 'breached', breached: true });
    expect(await historyTypes(emailed)).toEqual(before);
  });

  it('recomputes with an audited event, re-evaluates the history and records the alerts now due', async () => {
    const response = await recompute(emailed, { policyId: 'guides-rapid', version: 1, reason });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ events: ['SlaPolicyRecomputed'], diff: { changed: true } });
    position = response.body.position;

    const history = await api.get(`/complaints/${emailed}/history?type=SlaPolicyRecomputed`);
    const policies = (await api.get('/sla/policies')).body.policies;
    const digestOf = (id: string) => policies.find((p: { policyId: string }) => p.policyId === id).digest;
    expect(history.body.events).toEqual([
      expect.objectContaining({
        actor: { id: 'supervisor-3', role: 'supervisor' },
        data: {
          from: { policyId: 'guides-standard', version: 1, digest: digestOf('guides-standard') },
          to: { policyId: 'guides-rapid', version: 1, digest: digestOf('guides-rapid') },
          reason,
          recomputedAt: expect.any(String),
        },
      }),
    ]);
    const view = await sla(emailed);
    expect(view).toMatchObject({ policy: { policyId: 'guides-rapid' }, policySource: 'recompute' });
    expect(view.clocks.find((clock: { clock: string }) => clock.clock === 'respond')).toMatchObject({
      status: 'breached',
    });

    // The timer records the new policy's alerts already due, at once: the respond breach among them.
    const deadline = Date.now() + 10_000;
    let breaches: { data: { policyId: string; key: string } }[] = [];
    while (breaches.length === 0 && Date.now() < deadline) {
      breaches = (await api.get(`/complaints/${emailed}/history?type=SlaBreached`)).body.events.filter(
        (event: { data: { key: string } }) => event.data.key === 'respond#1/breach',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(breaches).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ policyId: 'guides-rapid' }) }),
    ]);
  });

  it('answers bad input with 400, a refused recompute with 409 and an unknown complaint with 404', async () => {
    const unknownPolicy = await recompute(walkIn, { policyId: 'gold', reason });
    expect(unknownPolicy.status).toBe(400);
    expect(unknownPolicy.body.violations).toEqual([
      { field: 'policyId', message: expect.stringContaining('must be one of: asic-rg271, cfpb') },
    ]);
    const unknownVersion = await recompute(walkIn, { policyId: 'guides-standard', version: 9, reason });
    expect(unknownVersion.status).toBe(400);
    expect(unknownVersion.body.violations).toEqual([
      { field: 'version', message: 'SLA policy guides-standard has no version 9; loaded: 1' },
    ]);
    const blank = await recompute(walkIn, { policyId: 'guides-standard', reason: ' ', extra: 1 });
    expect(blank.body.violations.map((v: { field: string }) => v.field).sort()).toEqual(['extra', 'reason']);
    const badFlag = await recompute(walkIn, { policyId: 'guides-standard', reason }, '?dryRun=maybe');
    expect(badFlag.body.violations).toEqual([{ field: 'dryRun', message: 'must be true or false' }]);

    const same = await recompute(walkIn, { policyId: 'guides-rapid', reason }, '?dryRun=true');
    expect(same.status).toBe(409);
    expect(same.body).toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(same.body.unmetConditions[0]).toMatch(/^the complaint is already tracked under guides-rapid v1/);

    for (const query of ['?dryRun=true', '']) {
      const closed = await recompute(withdrawn, { policyId: 'guides-rapid', reason }, query);
      expect(closed.status).toBe(409);
      expect(closed.body).toMatchObject({ code: 'COMMAND_NOT_ALLOWED', status: 'WITHDRAWN' });
    }
    const missing = await recompute('00000000-0000-4000-8000-000000000000', { policyId: 'guides-rapid', reason });
    expect(missing.status).toBe(404);
  });

  it('recomputes every open complaint under a policy, previewing first', async () => {
    const second = await receive({ channel: 'PHONE' });
    const body = { fromPolicyId: 'guides-standard', policyId: 'guides-standard', version: 1, reason };
    // Nothing changes for a complaint already under that version: the preview says so per complaint.
    const toSame = await api.post(`/sla/recompute?dryRun=true&minPosition=${position}`, body, actor);
    expect(toSame.status).toBe(200);
    expect(toSame.body.complaints).toEqual([
      {
        complaintId: second,
        error: { code: 'PRECONDITION_FAILED', message: expect.stringContaining('already tracked') },
      },
    ]);

    const move = { ...body, policyId: 'guides-rapid' };
    const preview = await api.post(`/sla/recompute?dryRun=true&minPosition=${position}`, move, actor);
    expect(preview.body).toMatchObject({
      dryRun: true,
      from: { policyId: 'guides-standard', version: null },
      to: { policyId: 'guides-rapid', version: 1 },
      complaints: [{ complaintId: second, changed: true }],
    });
    expect(await historyTypes(second)).toEqual(['ComplaintReceived']);

    const done = await api.post('/sla/recompute', move, { ...actor, 'idempotency-key': 'move-standard-1' });
    expect(done.body.complaints).toEqual([expect.objectContaining({ complaintId: second, revision: 1 })]);
    // Once the move is projected the complaint is no longer under the old policy: a retry finds nothing to move.
    const retried = await api.post(`/sla/recompute?minPosition=${done.body.complaints[0].position}`, move, {
      ...actor,
      'idempotency-key': 'move-standard-1',
    });
    expect(retried.body).toMatchObject({ dryRun: false, complaints: [] });
    expect(await historyTypes(second)).toEqual(['ComplaintReceived', 'SlaPolicyRecomputed']);
  });
});
