import { randomUUID } from 'node:crypto';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

/** Every refused request must leave the event log exactly as it was. */
describe('bad input gets a clear answer and changes nothing', () => {
  let api: ApiHarness;
  let complaintId: string;
  let historyLength: number;

  beforeAll(async () => {
    api = await ApiHarness.start();
    complaintId = (await api.post('/complaints', receiveBody())).body.id;
    historyLength = 1;
  });
  afterEach(async () => {
    const history = await api.get(`/complaints/${complaintId}/history`);
    expect(history.body.events).toHaveLength(historyLength);
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('400 lists each invalid field and why', async () => {
    const response = await api.post(
      '/complaints',
      receiveBody({ channel: 'FAX', customer: { id: '  ', tier: 'VIP' }, occurredAt: 'yesterday', surprise: 1 }),
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(response.body.violations).toEqual(
      expect.arrayContaining([
        { field: 'surprise', message: 'property surprise should not exist' },
        { field: 'channel', message: expect.stringContaining('must be one of: PHONE') },
        { field: 'customer.id', message: 'must not be blank' },
        { field: 'customer.tier', message: 'must be one of: HIGH_VALUE, ORDINARY' },
        { field: 'occurredAt', message: expect.stringContaining('ISO-8601') },
      ]),
    );
  });

  it('400 for domain rules on well-formed input, e.g. a receipt before the problem happened', async () => {
    const response = await api.post(
      '/complaints',
      receiveBody({ occurredAt: '2026-11-20T10:00:00Z', receivedAt: '2026-11-20T09:00:00Z' }),
    );
    expect(response.status).toBe(400);
    expect(response.body.violations).toEqual([{ field: 'occurredAt', message: 'must not be later than receivedAt' }]);
  });

  it('400 for a missing required field in a command', async () => {
    const response = await api.post(`/complaints/${complaintId}/classify`, {});
    expect(response.status).toBe(400);
    expect(response.body.violations).toEqual([{ field: 'category', message: 'is required' }]);
  });

  it('400 for malformed JSON', async () => {
    const response = await api.post(`/complaints/${complaintId}/classify`, '{"category": "OTHER"');
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/not valid JSON/);
  });

  it('400 for a JSON body that is not an object', async () => {
    const response = await api.post(`/complaints/${complaintId}/classify`, '["OTHER"]');
    expect(response.status).toBe(400);
    expect(response.body.violations).toEqual([{ field: 'body', message: 'must be a JSON object' }]);
  });

  it('400 for an unknown command, naming the known ones', async () => {
    const response = await api.post(`/complaints/${complaintId}/approve`, {});
    expect(response.status).toBe(400);
    expect(response.body.violations[0].message).toMatch(/unknown command "approve"; known: classify, triage/);
  });

  it('400 for malformed headers', async () => {
    const response = await api.post(
      `/complaints/${complaintId}/classify`,
      { category: 'OTHER' },
      { 'x-actor-role': 'king', 'if-match': 'yesterday' },
    );
    expect(response.status).toBe(400);
    expect(response.body.violations.map((v: { field: string }) => v.field)).toEqual([
      'header x-actor-role',
      'header if-match',
    ]);
  });

  it('404 for an unknown complaint', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const command = await api.post(`/complaints/${id}/classify`, { category: 'OTHER' });
      expect(command.status).toBe(404);
      expect(command.body.code).toBe('COMPLAINT_NOT_FOUND');
      expect((await api.get(`/complaints/${id}`)).status).toBe(404);
      expect((await api.get(`/complaints/${id}/history`)).status).toBe(404);
    }
  });

  it('409 for a command not allowed in the current state, with the state and the allowed commands', async () => {
    const response = await api.post(`/complaints/${complaintId}/execute-resolution`, { outcome: 'done' });
    expect(response.status).toBe(409);
    expect(response.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      code: 'COMMAND_NOT_ALLOWED',
      message: 'execute-resolution is not allowed while the complaint is RECEIVED',
      status: 'RECEIVED',
      command: 'execute-resolution',
      allowedCommands: [
        'classify',
        'escalate',
        'withdraw',
        'acknowledge',
        'clarify-problem',
        'request-information',
        'information-received',
        'declare-incident',
        'activate-emergency-plan',
        'final-response',
        'holding-response',
        'early-resolution',
        'notify-extension',
        'start-appraisal',
        'complete-appraisal',
        'merge',
      ],
    });
  });

  it('412 when If-Match does not match the current revision', async () => {
    const response = await api.post(
      `/complaints/${complaintId}/classify`,
      { category: 'OTHER' },
      { 'if-match': '"7"' },
    );
    expect(response.status).toBe(412);
    expect(response.body).toMatchObject({ code: 'REVISION_MISMATCH', expectedRevision: 7, actualRevision: 0 });
  });

  it('413 for a body over 256 KB', async () => {
    const response = await api.post('/complaints', receiveBody({ content: 'x'.repeat(256 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ statusCode: 413, message: expect.stringMatching(/too large/i) });
  });

  it('415 for a body that is not JSON, form-encoded included', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await api.request('POST', `/complaints/${complaintId}/classify`, 'category=OTHER', {
        'content-type': type,
      });
      expect(response.status).toBe(415);
    }
  });

  it('400 for a body that is not valid UTF-8, rather than storing replacement characters', async () => {
    const [before, after] = JSON.stringify(receiveBody({ content: 'SPLIT' })).split('SPLIT');
    const body = Buffer.concat([Buffer.from(before), Buffer.from([0x52, 0xe9, 0x73]), Buffer.from(after)]); // latin-1 "Rés"
    const response = await api.request('POST', '/complaints', body, { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'INVALID_UTF8', message: 'the request body is not valid UTF-8' });
  });

  it('400, not a stack overflow, for absurdly deep nesting', async () => {
    const deep = `{"category":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const response = await api.post(`/complaints/${complaintId}/classify`, deep);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'JSON_TOO_DEEP', message: expect.stringContaining('32 levels') });
  });

  it('accepts brackets inside text, which are not nesting', async () => {
    const response = await api.post('/complaints', receiveBody({ content: `${'[{'.repeat(100)} as typed` }));
    expect(response.status).toBe(201);
  });

  it('accepts a matching If-Match and moves the ETag on', async () => {
    const response = await api.post(
      `/complaints/${complaintId}/classify`,
      { category: 'OTHER' },
      { 'if-match': '"0"' },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    historyLength = 2;
  });
});
