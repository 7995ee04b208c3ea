import { PGlite } from '@electric-sql/pglite';
import { join } from 'node:path';
import { ApiHarness } from '../support/api-harness';
import { lifecycleSteps, receiveBody } from '../support/complaint-requests';

describe('audit: history, time travel and tamper evidence over HTTP', () => {
  let api: ApiHarness;
  let id: string;
  const revisionTimes: string[] = [];

  beforeAll(async () => {
    api = await ApiHarness.start();
    id = (await api.post('/complaints', receiveBody(), { 'x-actor-id': 'agent-1', 'x-correlation-id': 'corr-1' })).body
      .id;
    for (const [command, body] of lifecycleSteps().slice(0, 6)) {
      await api.post(`/complaints/${id}/${command}`, body, { 'x-actor-id': 'agent-1', 'x-actor-role': 'agent' });
    }
    const history = await api.get(`/complaints/${id}/history`);
    revisionTimes.push(...history.body.events.map((e: { recordedAt: string }) => e.recordedAt));
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('describes every change and filters the history by type and time', async () => {
    const all = await api.get(`/complaints/${id}/history`);
    expect(all.body.events.map((e: { description: string }) => e.description)).toEqual([
      'Complaint received via EMAIL from customer CUST-1042 (HIGH_VALUE) about PRODUCT ROUTER-X200',
      'Classified as PRODUCT_FUNCTION',
      'Triaged as SERIOUS, priority P2',
      'Assigned to agent-7 in after-sales',
      'Escalated to SUPERVISOR: High-value customer, second outage this month',
      'Root cause (PRODUCT_SERVICE_DEFECT): Firmware 1.2 watchdog bug; responsible: eng-lead-3, engineering',
      expect.stringMatching(
        /^Progress update \(analysis\) by agent-7: Fault reproduced in the lab; expected completion /,
      ),
    ]);
    expect(all.body.events[1]).toMatchObject({
      actor: { id: 'agent-1', role: 'agent' },
      correlationId: expect.any(String),
      causationId: expect.any(String),
    });

    const escalations = await api.get(`/complaints/${id}/history?type=ComplaintEscalated,ComplaintTriaged`);
    expect(escalations.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ComplaintTriaged',
      'ComplaintEscalated',
    ]);
    const fromThird = await api.get(`/complaints/${id}/history?from=${encodeURIComponent(revisionTimes[3])}`);
    expect(fromThird.body.events[0].revision).toBeLessThanOrEqual(3);
    expect(fromThird.body.events.every((e: { recordedAt: string }) => e.recordedAt >= revisionTimes[3])).toBe(true);
    expect((await api.get(`/complaints/${id}/history?type=Nonsense`)).status).toBe(400);
  });

  it('returns the state exactly as it was at a revision or an instant', async () => {
    const atTwo = await api.get(`/complaints/${id}?atRevision=2`);
    expect(atTwo.status).toBe(200);
    expect(atTwo.body).toMatchObject({
      revision: 2,
      status: 'TRIAGED',
      allowedCommands: [],
      complaint: { grade: 'SERIOUS', department: null },
    });
    const asOf = await api.get(`/complaints/${id}?asOf=${encodeURIComponent(revisionTimes[3])}`);
    expect(asOf.body.revision).toBeGreaterThanOrEqual(3);
    expect((await api.get(`/complaints/${id}?atRevision=99`)).status).toBe(404);
    expect((await api.get(`/complaints/${id}?asOf=2000-01-01T00:00:00Z`)).status).toBe(404);
    expect((await api.get(`/complaints/${id}?asOf=2000-01-01T00:00:00Z&atRevision=1`)).status).toBe(400);
  });

  it('verifies the hash chain, and finds the first break after a stored event is edited in the database', async () => {
    const intact = await api.get(`/complaints/${id}/verify`);
    expect(intact.body).toMatchObject({
      valid: true,
      events: 7,
      firstBreak: null,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // Edit the stored classification behind the application's back, as an insider with database access could.
    await api.stopApi();
    const db = new PGlite(join(api.dataDir, 'event-store'));
    await db.query(
      `UPDATE redress_events SET data = jsonb_set(data::jsonb, '{category}', '"OTHER"')::json WHERE stream_id = $1 AND revision = 1`,
      [`complaint-${id}`],
    );
    await db.close();
    await api.open();

    const tampered = await api.get(`/complaints/${id}/verify`);
    expect(tampered.body).toMatchObject({
      valid: false,
      firstBreak: { revision: 1, reason: 'content-hash-mismatch' },
      headHash: null,
    });
  });
});
