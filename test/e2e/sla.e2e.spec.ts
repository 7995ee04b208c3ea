import { randomUUID } from 'node:crypto';
import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../libs/event-store/test/support/postgres-test-schema';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

const HOUR_MS = 3_600_000;
const iso = (millis: number) => new Date(millis).toISOString();

/** SLA milestones as commands, and the SLA read model over HTTP, against the shipped standard pack. */
describe('SLA over HTTP', () => {
  let api: ApiHarness;
  let position = 0;
  /** Received 23 hours ago, complex: its first response is due within the hour. */
  let late: string;
  let lateReceivedAt: number;
  /** Received an hour ago and acknowledged at once. */
  let answered: string;

  const command = async (id: string, name: string, body: unknown) => {
    const response = await api.post(`/complaints/${id}/${name}`, body, { 'x-actor-id': 'agent-7' });
    expect({ name, status: response.status, body: response.body }).toMatchObject({ name, status: 200 });
    position = response.body.position;
    return response.body;
  };
  const sla = async (id: string) => {
    const response = await api.get(`/complaints/${id}/sla?minPosition=${position}`);
    expect(response.status).toBe(200);
    return Object.fromEntries(response.body.clocks.map((clock: { clock: string }) => [clock.clock, clock]));
  };
  const atRisk = async (query = '') => {
    const response = await api.get(`/sla/at-risk?minPosition=${position}${query}`);
    expect(response.status).toBe(200);
    return response.body.clocks as { complaintId: string; clock: string; dueAt: string; breached: boolean }[];
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    lateReceivedAt = Math.floor((Date.now() - 23 * HOUR_MS) / 1000) * 1000;
    const received = await api.post(
      '/complaints',
      receiveBody({ receivedAt: iso(lateReceivedAt), occurredAt: iso(lateReceivedAt - HOUR_MS) }),
    );
    late = received.body.id;
    await command(late, 'classify', { category: 'PRODUCT_FUNCTION' });
    await command(late, 'triage', { grade: 'SERIOUS', priority: 'P2', isComplex: true });
    await command(late, 'assign', { department: 'after-sales', assignee: 'agent-7' });

    answered = (await api.post('/complaints', receiveBody({ receivedAt: iso(Date.now() - HOUR_MS) }))).body.id;
    await command(answered, 'acknowledge', { channel: 'SMS', message: 'We are on it; you will hear from us today' });
  });
  afterAll(async () => {
    await api.dispose();
  });

  it("shows a complaint's clocks with target, elapsed, remaining and status", async () => {
    const clocks = await sla(late);
    expect(clocks.firstResponse).toMatchObject({
      status: 'running',
      startedAt: iso(lateReceivedAt),
      dueAt: iso(lateReceivedAt + 24 * HOUR_MS),
      target: { seconds: 24 * 3600 },
    });
    expect(clocks.firstResponse.elapsedSeconds).toBeGreaterThanOrEqual(23 * 3600);
    expect(clocks.firstResponse.remainingSeconds).toBeLessThanOrEqual(3600);
    expect(clocks.preliminaryHandling).toMatchObject({ status: 'running', dueAt: iso(lateReceivedAt + 48 * HOUR_MS) });
    expect(clocks.followUp).toMatchObject({ status: 'pending' });

    const acknowledged = await sla(answered);
    expect(acknowledged.firstResponse).toMatchObject({ status: 'met' });
    expect(acknowledged.preliminaryHandling).toMatchObject({ status: 'pending' });
  });

  it('evaluates as of another instant on request', async () => {
    // Thirty hours after receipt, with nothing more recorded, the first response is six hours overdue.
    const at = iso(lateReceivedAt + 30 * HOUR_MS);
    const response = await api.get(`/complaints/${late}/sla?at=${at}`);
    expect(response.body.at).toBe(at);
    const firstResponse = response.body.clocks.find((clock: { clock: string }) => clock.clock === 'firstResponse');
    expect(firstResponse).toMatchObject({ status: 'breached', elapsedSeconds: 30 * 3600, remainingSeconds: -6 * 3600 });
  });

  it('lists running clocks by time to breach and leaves met ones out', async () => {
    const clocks = await atRisk();
    expect(clocks.map((clock) => [clock.complaintId, clock.clock])).toEqual([
      [late, 'firstResponse'],
      [late, 'preliminaryHandling'],
      [late, 'detailedFeedback'],
    ]);
    expect((await atRisk('&withinMinutes=120&clock=firstResponse,preliminaryHandling')).map((c) => c.clock)).toEqual([
      'firstResponse',
    ]);
    expect(await atRisk('&department=billing')).toEqual([]);
  });

  it('pauses the complex clocks while waiting for the customer and shows the paused interval', async () => {
    const asked = await command(late, 'request-information', { what: 'The serial number on the router label' });
    expect(asked.events).toEqual(['CustomerInformationRequested']);
    const waiting = await sla(late);
    expect(waiting.preliminaryHandling).toMatchObject({ status: 'paused', dueAt: null });
    expect(waiting.preliminaryHandling.pausedIntervals).toEqual([{ from: expect.any(String), to: null }]);
    expect(waiting.firstResponse).toMatchObject({ status: 'running' });
    expect((await atRisk()).map((clock) => clock.clock)).toEqual(['firstResponse']);

    const again = await api.post(`/complaints/${late}/request-information`, { what: 'Anything else' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'PRECONDITION_FAILED' });

    await command(late, 'information-received', { information: 'SN 0042-17' });
    const resumed = await sla(late);
    expect(resumed.preliminaryHandling).toMatchObject({ status: 'running' });
    // The due instant moved by exactly the time spent waiting (whole seconds; may be zero this fast).
    const { pausedSeconds, dueAt } = resumed.preliminaryHandling;
    expect(dueAt).toBe(iso(lateReceivedAt + 48 * HOUR_MS + pausedSeconds * 1000));
  });

  it('stops clocks on the milestones and describes them in the history', async () => {
    await command(late, 'acknowledge', { channel: 'PHONE' });
    await command(late, 'clarify-problem', { summary: 'The router reboots when the firmware watchdog fires' });
    await command(late, 'preliminary-handling', { summary: 'Fault reproduced; replacement unit reserved' });
    await command(late, 'detailed-feedback', { feedback: 'A replacement with firmware 1.3 ships tomorrow' });
    const clocks = await sla(late);
    expect([clocks.firstResponse.status, clocks.preliminaryHandling.status, clocks.detailedFeedback.status]).toEqual([
      'met',
      'met',
      'met',
    ]);
    expect(await atRisk()).toEqual([]);

    const history = await api.get(`/complaints/${late}/history?type=PreliminaryHandlingCompleted`);
    expect(history.body.events.map((event: { description: string }) => event.description)).toEqual([
      'Preliminary handling completed: Fault reproduced; replacement unit reserved',
    ]);
    const twice = await api.post(`/complaints/${late}/acknowledge`, { channel: 'PHONE' });
    expect(twice.status).toBe(409);
  });

  it('reports compliance per clock for the complaints received in a period, split on request', async () => {
    const period = `from=${iso(lateReceivedAt - HOUR_MS)}&to=${iso(Date.now() + HOUR_MS)}`;
    const response = await api.get(
      `/sla/compliance?minPosition=${position}&${period}&groupBy=department&clock=firstResponse`,
    );
    expect(response.status).toBe(200);
    expect(response.body.rows).toEqual([
      {
        policyId: 'guides-standard',
        clock: 'firstResponse',
        segmentValue: 'after-sales',
        met: 1,
        breached: 0,
        compliancePercent: 100,
      },
      {
        policyId: 'guides-standard',
        clock: 'firstResponse',
        segmentValue: null,
        met: 1,
        breached: 0,
        compliancePercent: 100,
      },
    ]);
    const bad = await api.get(`/sla/compliance?from=${iso(Date.now())}&to=${iso(Date.now() - HOUR_MS)}`);
    expect(bad.status).toBe(400);
    expect(bad.body.violations).toEqual([{ field: 'to', message: 'must be later than from' }]);
    const missing = await api.get('/sla/compliance?groupBy=planet');
    expect(missing.body.violations.map((v: { field: string }) => v.field).sort()).toEqual(['from', 'groupBy', 'to']);
  });

  it('serves the policies as configured, marking the one new complaints get', async () => {
    const response = await api.get('/sla/policies');
    expect(response.status).toBe(200);
    expect(response.body.policies).toHaveLength(8);
    const standard = response.body.policies.find(
      (policy: { policyId: string }) => policy.policyId === 'guides-standard',
    );
    expect(standard).toMatchObject({ version: 1, appliesToNewComplaints: true, digest: expect.any(String) });
    expect(standard.document.clocks.map((clock: { name: string }) => clock.name)).toEqual([
      'firstResponse',
      'preliminaryHandling',
      'detailedFeedback',
      'followUp',
    ]);
  });

  it('answers bad input with 400 and every problem, and unknown complaints with 404', async () => {
    const bad = await api.get(
      '/sla/at-risk?limit=0&grade=BAD&withinMinutes=soon&includeBreached=maybe&policy=nope&surprise=1',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.violations.map((v: { field: string }) => v.field).sort()).toEqual([
      'grade',
      'includeBreached',
      'limit',
      'policy',
      'surprise',
      'withinMinutes',
    ]);
    const badAt = await api.get(`/complaints/${late}/sla?at=yesterday`);
    expect(badAt.status).toBe(400);
    expect(badAt.body.violations).toEqual([{ field: 'at', message: 'must be an ISO-8601 date-time' }]);

    const badBody = await api.post(`/complaints/${answered}/acknowledge`, { channel: 'PIGEON', extra: true });
    expect(badBody.status).toBe(400);
    expect(badBody.body.violations.map((v: { field: string }) => v.field).sort()).toEqual(['channel', 'extra']);
    const blank = await api.post(`/complaints/${late}/detailed-feedback`, { feedback: '   ' });
    expect(blank.status).toBe(400);

    expect((await api.get(`/complaints/${randomUUID()}/sla`)).status).toBe(404);
    expect((await api.get('/complaints/not-a-complaint/sla')).status).toBe(404);
  });
});

describe('incident and regulatory milestones over HTTP', () => {
  let api: ApiHarness;
  let id: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    id = (await api.post('/complaints', receiveBody())).body.id;
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('records each milestone through its route, in the history with a description', async () => {
    const steps: [string, Record<string, unknown>, string][] = [
      [
        'declare-incident',
        {
          incidentType: 'SERVICE_INTERRUPTION',
          description: 'Routers of batch 42 reboot',
          occurredAt: iso(Date.now() - 60_000),
        },
        'ServiceIncidentDeclared',
      ],
      ['activate-emergency-plan', { plan: 'Stop shipping batch 42' }, 'EmergencyPlanActivated'],
      ['start-appraisal', { kind: 'Independent lab test' }, 'ExternalAppraisalStarted'],
      ['complete-appraisal', { findings: 'Watchdog fires under load' }, 'ExternalAppraisalCompleted'],
      [
        'notify-extension',
        { clock: 'decision', level: 2, approvedBy: 'head-office', reason: 'Lab test' },
        'SlaExtensionNotified',
      ],
      [
        'holding-response',
        { reason: 'Awaiting parts', expectedBy: iso(Date.now() + 7 * 24 * HOUR_MS) },
        'HoldingResponseSent',
      ],
      ['early-resolution', { summaryCommunicationSent: true }, 'EarlyResolutionConfirmed'],
      ['final-response', { outcome: 'Router replaced' }, 'FinalResponseSent'],
    ];
    for (const [name, body, type] of steps) {
      const response = await api.post(`/complaints/${id}/${name}`, body);
      expect({ name, status: response.status, events: response.body.events }).toEqual({
        name,
        status: 200,
        events: [type],
      });
    }
    const history = await api.get(`/complaints/${id}/history`);
    expect(history.body.events.slice(1).map((event: { type: string }) => event.type)).toEqual(
      steps.map(([, , type]) => type),
    );
    expect(history.body.events.map((event: { description: string }) => event.description)).not.toContain(undefined);
  });

  it('refuses bad milestone input with 400 and every field, and an unmet precondition with 409', async () => {
    const bad = await api.post(`/complaints/${id}/notify-extension`, { clock: '', level: 3, reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.violations.map((v: { field: string }) => v.field).sort()).toEqual(['approvedBy', 'clock', 'level']);
    const future = await api.post(`/complaints/${id}/holding-response`, {
      reason: 'Late',
      expectedBy: '2020-01-01T00:00:00Z',
    });
    expect(future.status).toBe(400);
    expect(future.body.violations).toEqual([{ field: 'expectedBy', message: 'must be in the future' }]);
    const badType = await api.post(`/complaints/${id}/declare-incident`, {
      incidentType: 'FIRE',
      description: 'x',
      occurredAt: 'now',
    });
    expect(badType.body.violations.map((v: { field: string }) => v.field).sort()).toEqual([
      'incidentType',
      'occurredAt',
    ]);

    const notStarted = await api.post(`/complaints/${id}/complete-appraisal`, { findings: 'Nothing' });
    expect(notStarted.status).toBe(409);
    expect(notStarted.body).toMatchObject({
      code: 'PRECONDITION_FAILED',
      unmetConditions: ['no external appraisal is in progress'],
    });
  });
});

describe('SLA alerts over HTTP, across a restart', () => {
  let api: ApiHarness;
  afterAll(async () => {
    await api.dispose();
  });

  const alertsIn = async (id: string) => {
    const history = await api.get(`/complaints/${id}/history?type=SlaWarningReached,SlaBreached`);
    return history.body.events as { type: string; data: { key: string; dueAt?: string }; actor: { id: string } }[];
  };
  const waitForAlerts = async (id: string, count: number) => {
    const deadline = Date.now() + 10_000;
    while ((await alertsIn(id)).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return alertsIn(id);
  };

  it('records overdue warnings and the breach once, and none again after a restart', async () => {
    api = await ApiHarness.start();
    const receivedAt = Math.floor((Date.now() - 25 * HOUR_MS) / 1000) * 1000;
    const id = (
      await api.post('/complaints', receiveBody({ receivedAt: iso(receivedAt), occurredAt: iso(receivedAt) }))
    ).body.id;

    const alerts = await waitForAlerts(id, 4);
    expect(alerts.map((alert) => alert.data.key)).toEqual([
      'firstResponse#1/warning:50%',
      'firstResponse#1/warning:75%',
      'firstResponse#1/warning:90%',
      'firstResponse#1/breach',
    ]);
    expect(alerts[3]).toMatchObject({ type: 'SlaBreached', data: { dueAt: iso(receivedAt + 24 * HOUR_MS) } });
    expect(alerts.every((alert) => alert.actor.id === 'sla-timer')).toBe(true);

    await api.stopApi();
    await api.open();
    // Another complaint falls due after the restart: its breach is recorded, the first one's alerts are not repeated.
    const second = (
      await api.post('/complaints', receiveBody({ receivedAt: iso(receivedAt), occurredAt: iso(receivedAt) }))
    ).body.id;
    expect((await waitForAlerts(second, 4)).map((alert) => alert.type)).toContain('SlaBreached');
    expect(await alertsIn(id)).toHaveLength(4);
    // The breach escalated the complaint to the supervisor once, through the ordinary escalate command.
    const escalations = await api.get(`/complaints/${id}/history?type=ComplaintEscalated`);
    expect(escalations.body.events).toEqual([
      expect.objectContaining({
        actor: { id: 'sla-timer', role: 'system' },
        data: expect.objectContaining({ level: 'SUPERVISOR' }),
      }),
    ]);
    const overdue = (await api.get('/sla/at-risk?clock=firstResponse')).body.clocks;
    expect(
      overdue.map((clock: { complaintId: string; breached: boolean }) => [clock.complaintId, clock.breached]).sort(),
    ).toEqual(
      [
        [id, true],
        [second, true],
      ].sort(),
    );
  });
});

describe('SLA on PostgreSQL', () => {
  it('tracks clocks, lists them at risk and records a breach with its escalation', async () => {
    await adminQuery('SELECT 1'); // fails with a hint when the server is down; never skips
    const schema = randomSchemaName();
    const api = await ApiHarness.start({ kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 4 } });
    try {
      const receivedAt = Math.floor((Date.now() - 25 * HOUR_MS) / 1000) * 1000;
      const overdue = await api.post(
        '/complaints',
        receiveBody({ receivedAt: iso(receivedAt), occurredAt: iso(receivedAt) }),
      );
      const fresh = await api.post('/complaints', receiveBody());
      const position = fresh.body.position;

      const view = await api.get(`/complaints/${fresh.body.id}/sla?minPosition=${position}`);
      expect(view.body.clocks.find((clock: { clock: string }) => clock.clock === 'firstResponse')).toMatchObject({
        status: 'running',
      });
      const atRisk = await api.get(`/sla/at-risk?minPosition=${position}&clock=firstResponse&includeBreached=false`);
      expect(atRisk.body.clocks.map((clock: { complaintId: string }) => clock.complaintId)).toEqual([fresh.body.id]);

      const deadline = Date.now() + 10_000;
      let types: string[] = [];
      while (!types.includes('SlaBreached') && Date.now() < deadline) {
        const history = await api.get(`/complaints/${overdue.body.id}/history?type=SlaBreached,ComplaintEscalated`);
        types = history.body.events.map((event: { type: string }) => event.type);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(types).toEqual(['ComplaintEscalated', 'SlaBreached']);
    } finally {
      await api.dispose();
      await dropSchema(schema);
    }
  });
});
