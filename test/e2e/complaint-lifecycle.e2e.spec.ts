import { ApiHarness } from '../support/api-harness';
import { inOneWeek, lifecycleSteps, receiveBody } from '../support/complaint-requests';

describe('complaint lifecycle over HTTP', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('takes a complaint from receipt to archive, with every step in its history', async () => {
    const created = await api.post('/complaints', receiveBody(), {
      'x-actor-id': 'agent-7',
      'x-correlation-id': 'corr-lifecycle',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      revision: 0,
      position: expect.any(Number),
      status: 'RECEIVED',
      events: ['ComplaintReceived'],
    });
    expect(created.headers.get('location')).toBe(`/complaints/${created.body.id}`);
    expect(created.headers.get('etag')).toBe('"0"');
    const id: string = created.body.id;

    const statuses: string[] = [];
    let revision = 0;
    for (const [command, body] of lifecycleSteps()) {
      const response = await api.post(`/complaints/${id}/${command}`, body, {
        'x-actor-id': 'agent-7',
        'x-actor-role': 'agent',
      });
      expect({ command, status: response.status, body: response.body }).toMatchObject({ command, status: 200 });
      expect(response.body.revision).toBeGreaterThan(revision);
      revision = response.body.revision;
      statuses.push(response.body.status);
    }
    expect(statuses).toEqual([
      'CLASSIFIED',
      'TRIAGED',
      'ASSIGNED',
      'ASSIGNED',
      'ROOT_CAUSE_IDENTIFIED',
      'ROOT_CAUSE_IDENTIFIED',
      'RESOLUTION_PROPOSED',
      'RESOLUTION_EXECUTED',
      'CUSTOMER_INFORMED',
      'CUSTOMER_CONFIRMED',
      'CUSTOMER_CONFIRMED',
      'CUSTOMER_CONFIRMED',
      'CUSTOMER_CONFIRMED',
      'CLOSED',
      'ARCHIVED',
    ]);

    const current = await api.get(`/complaints/${id}`);
    expect(current.status).toBe(200);
    expect(current.headers.get('etag')).toBe(`"${revision}"`);
    expect(current.body).toMatchObject({
      id,
      revision,
      status: 'ARCHIVED',
      allowedCommands: [],
      complaint: {
        category: 'PRODUCT_FUNCTION',
        grade: 'SERIOUS',
        department: 'after-sales',
        escalationLevel: 'SUPERVISOR',
        rootCause: { rootCause: 'Firmware 1.2 watchdog bug' },
        archive: { category: 'PRODUCT_DEFECT' },
      },
    });
    expect((await api.get(`/complaints/${id}`, { 'if-none-match': `"${revision}"` })).status).toBe(304);

    const history = await api.get(`/complaints/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'ComplaintReceived',
      'ComplaintClassified',
      'ComplaintTriaged',
      'ComplaintAssigned',
      'ComplaintEscalated',
      'RootCauseIdentified',
      'ProgressUpdateSent',
      'ResolutionProposed',
      'ResolutionExecuted',
      'CustomerInformedOfResult',
      'CustomerConfirmedResolution',
      'FeedbackReportSent',
      'FollowUpRecorded',
      'EffectVerified',
      'ComplaintClosed',
      'ComplaintArchived',
    ]);
    const [first] = history.body.events;
    expect(first).toMatchObject({
      revision: 0,
      schemaVersion: 2, // ComplaintReceived v2: the customer may carry sealed personal data
      actor: { id: 'agent-7', role: 'agent' },
      correlationId: 'corr-lifecycle',
      commandId: expect.any(String),
      causationId: expect.any(String),
      eventId: expect.any(String),
      data: { complaintId: id, channel: 'EMAIL', customer: { id: 'CUST-1042', tier: 'HIGH_VALUE' } },
    });
    expect(Date.parse(first.occurredAt)).not.toBeNaN();
    expect(Date.parse(first.recordedAt)).not.toBeNaN();
    expect(history.body.events.map((e: { revision: number }) => e.revision)).toEqual([...Array(16).keys()]);
  });

  it('reopens when the customer rejects the result, and closes only after a new cycle', async () => {
    const id = (await api.post('/complaints', receiveBody({ category: 'SERVICE_QUALITY' }))).body.id;
    const steps = lifecycleSteps().filter(
      ([command]) => !['classify', 'escalate', 'customer-response', 'close', 'archive'].includes(command),
    );
    const informIndex = steps.findIndex(([command]) => command === 'inform-customer');
    for (const [command, body] of steps.slice(0, informIndex + 1)) {
      expect((await api.post(`/complaints/${id}/${command}`, body)).status).toBe(200);
    }
    const rejected = await api.post(`/complaints/${id}/customer-response`, {
      accepted: false,
      reason: 'Still drops every hour',
    });
    expect(rejected.body).toMatchObject({
      status: 'REOPENED',
      events: ['CustomerRejectedResolution', 'ComplaintReopened'],
    });

    const premature = await api.post(`/complaints/${id}/propose-resolution`, { plan: 'p', measures: ['m'] });
    expect(premature.status).toBe(409);
    expect(premature.body.allowedCommands).toContain('root-cause');

    // The second cycle starts again at the analysis; closing rests on the effect verification this time.
    const secondCycle = steps.slice(steps.findIndex(([command]) => command === 'root-cause'));
    for (const [command, body] of secondCycle)
      expect((await api.post(`/complaints/${id}/${command}`, body)).status).toBe(200);
    const closed = await api.post(`/complaints/${id}/close`, {});
    expect(closed.body).toMatchObject({ status: 'CLOSED' });
    const history = await api.get(`/complaints/${id}/history`);
    expect(history.body.events.at(-1).data).toMatchObject({ resolvedBy: 'EFFECT_VERIFICATION' });

    const reopened = await api.post(`/complaints/${id}/reopen`, { reason: 'Customer called again' });
    expect(reopened.body.status).toBe('REOPENED');
    const view = await api.get(`/complaints/${id}`);
    expect(view.body.complaint).toMatchObject({ reopenCount: 2, cycle: { number: 3 } });
  });

  it('refuses to close before the loop is closed, naming every missing condition', async () => {
    const id = (await api.post('/complaints', receiveBody({ category: 'OTHER' }))).body.id;
    const upToInform = lifecycleSteps().filter(([c]) =>
      ['triage', 'assign', 'root-cause', 'propose-resolution', 'execute-resolution', 'inform-customer'].includes(c),
    );
    for (const [command, body] of upToInform) await api.post(`/complaints/${id}/${command}`, body);
    const refused = await api.post(`/complaints/${id}/close`, {});
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'PRECONDITION_FAILED', status: 'CUSTOMER_INFORMED', command: 'close' });
    expect(refused.body.unmetConditions).toHaveLength(3);
  });

  it('rejects a vague progress update with the field and the reason', async () => {
    const id = (await api.post('/complaints', receiveBody({ category: 'OTHER' }))).body.id;
    await api.post(`/complaints/${id}/triage`, { grade: 'GENERAL', priority: 'P3', isComplex: false });
    await api.post(`/complaints/${id}/assign`, { department: 'care', assignee: 'agent-1' });
    const vague = await api.post(`/complaints/${id}/progress-update`, {
      progress: '正在处理中',
      cause: 'unknown',
      measures: 'We will replace the part',
      stage: 'analysis',
      responsiblePerson: 'agent-1',
      expectedCompletionAt: inOneWeek(),
    });
    expect(vague.status).toBe(400);
    expect(vague.body.violations.map((v: { field: string }) => v.field)).toEqual(['progress', 'cause']);
  });

  it('serves OpenAPI at /docs and /docs-json, documenting every command', async () => {
    const spec = await api.get('/docs-json');
    expect(spec.status).toBe(200);
    const paths = Object.keys(spec.body.paths);
    for (const command of lifecycleSteps()
      .map(([name]) => name)
      .concat(['reopen', 'withdraw'])) {
      expect(paths).toContain(`/complaints/{id}/${command}`);
    }
    expect(spec.body.paths['/complaints/{id}/classify'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ClassifyComplaintDto',
    });
    expect(spec.body.components.schemas.ReceiveComplaintDto.required).toEqual(
      expect.arrayContaining(['channel', 'customer', 'content', 'occurredAt']),
    );
    const ui = await api.request('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });
});
