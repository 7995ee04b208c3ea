import { randomUUID } from 'node:crypto';
import { SHIPPED_POLICY_SELECTION_FILE } from '@redress/sla';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

const HOUR_MS = 3_600_000;
const iso = (millis: number) => new Date(millis).toISOString();

/**
 * Duplicate candidates and the reversible merge over HTTP: a customer's
 * repeat complaint is suggested, merged into the complaint that handles it
 * (which keeps the earlier receipt for its clocks), refused every other
 * command while merged, and unmerged, after which both complaints and their
 * read models are as before.
 */
describe('duplicates and merging over HTTP', () => {
  let api: ApiHarness;
  let position = 0;
  const customer = { id: `CUST-${randomUUID().slice(0, 8)}`, tier: 'ORDINARY' };
  /** Received first, by e-mail, 30 hours ago: the earlier receipt. */
  let first: string;
  let firstReceivedAt: string;
  /** The same problem again by phone an hour ago: the primary the first is merged into. */
  let primary: string;
  /** Another problem of the same customer with the same product: a near miss. */
  let otherProblem: string;

  const receive = async (overrides: Record<string, unknown>) => {
    const response = await api.post('/complaints', receiveBody({ customer, ...overrides }), {
      'x-actor-id': 'agent-7',
    });
    expect(response.status).toBe(201);
    position = Math.max(position, response.body.position);
    return response;
  };
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await api.post(path, body, { 'x-actor-id': 'agent-7', ...headers });
    if (typeof response.body?.position === 'number') position = Math.max(position, response.body.position);
    if (typeof response.body?.primary?.position === 'number') {
      position = Math.max(position, response.body.primary.position);
    }
    return response;
  };
  const listed = async () => {
    const response = await api.get(`/complaints?minPosition=${position}&limit=100`);
    expect(response.status).toBe(200);
    return new Map<string, Record<string, unknown>>(
      response.body.items.map((item: { id: string }) => [item.id, item] as const),
    );
  };
  const sla = async (id: string) => {
    const response = await api.get(`/complaints/${id}/sla?minPosition=${position}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    // Without the alert timer: its warnings on the day-old complaint would move the revisions asserted here.
    api = await ApiHarness.start(undefined, {
      sla: { policySelectionFile: SHIPPED_POLICY_SELECTION_FILE, alertTimer: false },
    });
    // Whole seconds: the SLA engine counts in seconds.
    const now = Math.floor(Date.now() / 1000) * 1000;
    firstReceivedAt = iso(now - 30 * HOUR_MS);
    const created = await receive({
      channel: 'EMAIL',
      content: 'My X200 router drops the connection every hour, it is unusable.',
      occurredAt: iso(now - 31 * HOUR_MS),
      receivedAt: firstReceivedAt,
    });
    first = created.body.id;
    expect(created.headers.get('link')).toBe(`</complaints/${first}/duplicate-candidates>; rel="duplicate-candidates"`);
    primary = (
      await receive({
        channel: 'PHONE',
        content: 'The X200 router keeps dropping the internet connection every hour!! Please replace it',
        occurredAt: iso(now - 31 * HOUR_MS),
        receivedAt: iso(now - HOUR_MS),
      })
    ).body.id;
    otherProblem = (
      await receive({
        content: 'I was billed twice for the X200 router order.',
        reason: 'Duplicate charge',
        occurredAt: iso(now - 40 * HOUR_MS),
        receivedAt: iso(now - 2 * HOUR_MS),
      })
    ).body.id;
    // Another customer's complaint in the very same words is never a candidate.
    await api.post(
      '/complaints',
      receiveBody({
        customer: { id: `${customer.id}-other`, tier: 'ORDINARY' },
        content: 'My X200 router drops the connection every hour, it is unusable.',
      }),
      { 'x-actor-id': 'agent-7' },
    );
  });

  afterAll(async () => {
    await api.dispose();
  });

  it('suggests the same customer’s repeat complaint, with a score and reasons, and not the near miss', async () => {
    await listed(); // read your writes: the list (which candidates come from) has every receipt
    const response = await api.get(`/complaints/${first}/duplicate-candidates`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ complaintId: first, windowDays: 30, threshold: expect.any(Number) });
    expect(response.body.candidates.map((c: { id: string }) => c.id)).toEqual([primary]);
    const [candidate] = response.body.candidates;
    expect(candidate.score).toBeGreaterThanOrEqual(response.body.threshold);
    expect(candidate.reasons).toEqual(
      expect.arrayContaining(['same customer', 'same object ROUTER-X200', expect.stringMatching(/^text similarity /)]),
    );
    expect((await api.get(`/complaints/${randomUUID()}/duplicate-candidates`)).status).toBe(404);
  });

  it('refuses bad merges with the usual error shapes, appending nothing', async () => {
    const invalid = await post(`/complaints/${first}/merge`, { primaryId: 'not-an-id', reason: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.violations.map((v: { field: string }) => v.field).sort()).toEqual(['primaryId', 'reason']);

    const itself = await post(`/complaints/${first}/merge`, { primaryId: first, reason: 'same' });
    expect(itself.status).toBe(400);
    expect(itself.body.violations).toEqual([
      { field: 'primaryId', message: 'a complaint cannot be merged into itself' },
    ]);

    const unknown = await post(`/complaints/${first}/merge`, { primaryId: randomUUID(), reason: 'same' });
    expect(unknown.status).toBe(404);

    const stale = await post(
      `/complaints/${first}/merge`,
      { primaryId: primary, reason: 'same' },
      { 'if-match': '"7"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('REVISION_MISMATCH');

    const stranger = (
      await api.post('/complaints', receiveBody({ customer: { id: 'CUST-STRANGER', tier: 'ORDINARY' } }), {
        'x-actor-id': 'agent-7',
      })
    ).body.id;
    const otherCustomer = await post(`/complaints/${first}/merge`, { primaryId: stranger, reason: 'same router' });
    expect(otherCustomer.status).toBe(409);
    expect(otherCustomer.body.code).toBe('PRECONDITION_FAILED');
    expect(otherCustomer.body.unmetConditions[0]).toMatch(/only the same customer’s repeat complaints are merged/);

    for (const id of [first, primary]) expect((await api.get(`/complaints/${id}`)).body.revision).toBe(0);
  });

  it('leaves merging to supervisors (and integrations): an agent may work the complaint but not merge it', async () => {
    const agent = await api.createKey('agent', { department: 'after-sales' });
    const supervisor = await api.createKey('supervisor', { department: 'after-sales' });
    const body = { primaryId: first, reason: 'same router' };
    const byAgent = await api.as(agent).post(`/complaints/${first}/merge`, body);
    expect(byAgent.status).toBe(403);
    expect((await api.as(agent).post(`/complaints/${first}/unmerge`, { reason: 'no' })).status).toBe(403);
    // The supervisor passes the access check and meets the merge's own refusal (a complaint into itself).
    const bySupervisor = await api.as(supervisor).post(`/complaints/${first}/merge`, body);
    expect(bySupervisor.status).toBe(400);
    expect(bySupervisor.body.violations).toEqual([{ field: 'primaryId', message: expect.any(String) }]);
  });

  it('merges: both histories record it, the merged complaint accepts only unmerge, a retry repeats nothing', async () => {
    const key = { 'idempotency-key': `merge-${randomUUID()}` };
    const body = { primaryId: primary, reason: 'The customer called about the same router outage' };
    const merged = await post(`/complaints/${first}/merge`, body, key);
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({
      id: first,
      revision: 1,
      status: 'MERGED',
      events: ['ComplaintMergedInto'],
      primary: { id: primary, revision: 1, status: 'RECEIVED', events: ['DuplicateComplaintMerged'] },
    });
    const retry = await post(`/complaints/${first}/merge`, body, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(merged.body);

    const duplicate = await api.get(`/complaints/${first}`);
    expect(duplicate.body).toMatchObject({ status: 'MERGED', allowedCommands: ['unmerge'] });
    expect(duplicate.body.complaint.mergedInto).toMatchObject({ primaryId: primary, statusBeforeMerge: 'RECEIVED' });
    const refused = await post(`/complaints/${first}/classify`, { category: 'PRODUCT_FUNCTION' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'COMMAND_NOT_ALLOWED', status: 'MERGED', allowedCommands: ['unmerge'] });
    const again = await post(`/complaints/${first}/merge`, { primaryId: otherProblem, reason: 'again' });
    expect(again.status).toBe(409);

    const primaryState = (await api.get(`/complaints/${primary}`)).body.complaint;
    expect(primaryState.effectiveReceivedAt).toBe(firstReceivedAt);
    expect(primaryState.mergedDuplicates).toEqual([
      { duplicateId: first, mergeId: expect.any(String), receivedAt: firstReceivedAt },
    ]);
    const history = async (id: string) =>
      (await api.get(`/complaints/${id}/history`)).body.events.map((e: { type: string }) => e.type);
    expect(await history(first)).toEqual(['ComplaintReceived', 'ComplaintMergedInto']);
    expect(await history(primary)).toEqual(['ComplaintReceived', 'DuplicateComplaintMerged']);
    for (const id of [first, primary]) expect((await api.get(`/complaints/${id}/verify`)).body.valid).toBe(true);
  });

  it('shows the merge in the list, the customer view and the SLA clocks, which run from the earliest receipt', async () => {
    const items = await listed();
    expect(items.get(first)).toMatchObject({ status: 'MERGED', mergedInto: primary, mergedDuplicates: [] });
    expect(items.get(primary)).toMatchObject({ status: 'RECEIVED', mergedInto: null, mergedDuplicates: [first] });
    const customerView = (await api.get(`/customers/${customer.id}/complaints`)).body.complaints;
    expect(customerView.find((c: { id: string }) => c.id === first)).toMatchObject({ mergedInto: primary });

    const primarySla = await sla(primary);
    expect(primarySla).toMatchObject({ mergedInto: null, effectiveReceivedAt: firstReceivedAt });
    const started = primarySla.clocks.filter((c: { clock: string }) =>
      ['firstResponse', 'resolution'].includes(c.clock),
    );
    expect(started.length).toBeGreaterThan(0);
    for (const clock of started) expect(clock.startedAt).toBe(firstReceivedAt);
    const duplicateSla = await sla(first);
    expect(duplicateSla).toMatchObject({ mergedInto: primary, clocks: expect.any(Array) });
    expect(duplicateSla.clocks.every((c: { phase: string }) => c.phase === 'pending')).toBe(true);
  });

  it('unmerges: both complaints, their list rows and the primary’s clocks are as before the merge', async () => {
    const before = await listed();
    const unmerged = await post(`/complaints/${first}/unmerge`, { reason: 'A different outage after all' });
    expect(unmerged.status).toBe(200);
    expect(unmerged.body).toMatchObject({
      status: 'RECEIVED',
      events: ['ComplaintUnmerged'],
      primary: { id: primary, events: ['DuplicateComplaintUnmerged'] },
    });
    const after = await listed();
    for (const id of [first, primary]) {
      const { revision, updatedAt, ...rest } = after.get(id) as Record<string, unknown>;
      expect(revision).toBe(2);
      expect(updatedAt).toEqual(expect.any(String));
      expect(rest).toMatchObject({ mergedInto: null, mergedDuplicates: [], status: 'RECEIVED' });
    }
    expect(before.get(primary)).toMatchObject({ mergedDuplicates: [first] });
    const primarySla = await sla(primary);
    expect(primarySla.effectiveReceivedAt).toBe(before.get(primary)?.receivedAt);
    const started = primarySla.clocks.filter((c: { clock: string }) =>
      ['firstResponse', 'resolution'].includes(c.clock),
    );
    expect(started.length).toBeGreaterThan(0);
    for (const clock of started) expect(clock.startedAt).toBe(before.get(primary)?.receivedAt);
    expect((await post(`/complaints/${first}/unmerge`, { reason: 'again' })).status).toBe(409);
    expect((await post(`/complaints/${first}/classify`, { category: 'PRODUCT_FUNCTION' })).status).toBe(200);
  });
});
