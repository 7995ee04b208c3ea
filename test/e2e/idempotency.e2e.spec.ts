import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

describe('Idempotency-Key: a retried request returns the original response and appends nothing', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.dispose();
  });

  const eventsOf = async (id: string) => (await api.get(`/complaints/${id}/history`)).body.events as { type: string }[];

  it('a retried create returns the same complaint and stores it once', async () => {
    const headers = { 'idempotency-key': 'intake-4711' };
    const first = await api.post('/complaints', receiveBody(), headers);
    const retry = await api.post('/complaints', receiveBody(), headers);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await eventsOf(first.body.id)).toHaveLength(1);
  });

  it('a retried command returns its original response even after later commands', async () => {
    const id = (await api.post('/complaints', receiveBody())).body.id;
    const classify = () =>
      api.post(`/complaints/${id}/classify`, { category: 'OTHER' }, { 'idempotency-key': 'classify-1' });
    const first = await classify();
    await api.post(`/complaints/${id}/triage`, { grade: 'GENERAL', priority: 'P3', isComplex: false });
    const retry = await classify();
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual({
      id,
      revision: 1,
      position: first.body.position,
      status: 'CLASSIFIED',
      events: ['ComplaintClassified'],
    });
    expect(retry.body).toEqual(first.body);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([
      'ComplaintReceived',
      'ComplaintClassified',
      'ComplaintTriaged',
    ]);
  });

  it('concurrent retries of one command append it once', async () => {
    const id = (await api.post('/complaints', receiveBody())).body.id;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.post(
          `/complaints/${id}/withdraw`,
          { reason: 'Solved by the customer' },
          { 'idempotency-key': 'withdraw-9' },
        ),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintWithdrawn']);
  });

  it('a key reused for a different command is refused with 422', async () => {
    const id = (await api.post('/complaints', receiveBody())).body.id;
    await api.post(`/complaints/${id}/classify`, { category: 'OTHER' }, { 'idempotency-key': 'k-1' });
    const reused = await api.post(`/complaints/${id}/withdraw`, { reason: 'x' }, { 'idempotency-key': 'k-1' });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await eventsOf(id)).toHaveLength(2);
  });

  it('keys are scoped to the caller: two actors using one key get two complaints', async () => {
    const a = await api.post('/complaints', receiveBody(), { 'idempotency-key': 'same', 'x-actor-id': 'crm' });
    const b = await api.post('/complaints', receiveBody(), { 'idempotency-key': 'same', 'x-actor-id': 'web' });
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('without a key, concurrent commands on one complaint are serialised, none lost', async () => {
    const id = (await api.post('/complaints', receiveBody({ category: 'OTHER' }))).body.id;
    await api.post(`/complaints/${id}/triage`, { grade: 'GENERAL', priority: 'P3', isComplex: false });
    await api.post(`/complaints/${id}/assign`, { department: 'care', assignee: 'a-1' });
    const updates = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        api.post(`/complaints/${id}/progress-update`, {
          progress: `Checked item ${i}`,
          cause: 'Faulty batch',
          measures: 'Replacing the batch',
          stage: 'analysis',
          responsiblePerson: 'a-1',
          expectedCompletionAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      ),
    );
    expect(updates.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(updates.map((r) => r.body.revision)).size).toBe(6);
    expect((await eventsOf(id)).filter((e) => e.type === 'ProgressUpdateSent')).toHaveLength(6);
  });
});
