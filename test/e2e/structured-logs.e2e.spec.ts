import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';
import { LogCapture } from '../support/log-capture';

describe('structured logs', () => {
  const logs = new LogCapture();
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start(undefined, { logLevel: 'log' }, { logDestination: logs });
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('logs each request as one JSON line with its correlation id, and never headers, queries or bodies', async () => {
    const planted = 'Xiaoming Planted-Name';
    const created = await api.post('/complaints', receiveBody({ content: `${planted} says the router fails` }), {
      'x-correlation-id': 'corr-log-1',
      authorization: `ApiKey ${api.credentials['x-api-key']}`,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe('corr-log-1');
    expect((await api.get(`/complaints?q=${encodeURIComponent(planted)}`)).status).toBe(200);
    expect((await api.post(`/complaints/${created.body.id}/classify`, { category: 'NOPE' })).status).toBe(400);

    const records = logs.records();
    const received = records.find((r) => r.correlationId === 'corr-log-1' && r.req?.path === '/complaints');
    expect(received).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { method: 'POST', path: '/complaints', route: '/complaints' },
      res: { statusCode: 201 },
      responseTime: expect.any(Number),
    });
    const refused = records.find((r) => r.res?.statusCode === 400);
    expect(refused).toMatchObject({
      level: 40,
      req: { method: 'POST', path: `/complaints/${created.body.id}/classify` },
    });
    const everything = logs.lines.join('\n');
    expect(everything).not.toContain('Xiaoming');
    expect(everything).not.toContain(api.credentials['x-api-key']);
  });

  it('gives a request without a correlation id one, answers with it, and stores it on the events', async () => {
    const created = await api.post('/complaints', receiveBody());
    const correlationId = created.headers.get('x-correlation-id');
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const history = await api.get(`/complaints/${created.body.id}/history`);
    expect(history.body.events[0].correlationId).toBe(correlationId);
    expect(logs.records().some((r) => r.correlationId === correlationId && r.res?.statusCode === 201)).toBe(true);
  });
});
