import { ApiHarness, type ApiResponse } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

describe('overload', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    // A threshold no busy process stays under: a burst of requests must trip it.
    api = await ApiHarness.start(undefined, {
      overload: { maxEventLoopDelayMs: 1, maxEventLoopUtilization: 1, sampleIntervalMs: 20 },
    });
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('sheds requests with 503 and Retry-After past capacity; every accepted command is stored, no shed one is', async () => {
    const responses: ApiResponse[] = [];
    for (let wave = 0; wave < 10 && !responses.some((r) => r.status === 503); wave++) {
      responses.push(...(await Promise.all(Array.from({ length: 40 }, () => api.post('/complaints', receiveBody())))));
    }
    const shed = responses.filter((r) => r.status === 503);
    const accepted = responses.filter((r) => r.status === 201);
    expect(shed.length).toBeGreaterThan(0);
    expect(accepted.length + shed.length).toBe(responses.length);
    expect(shed[0].headers.get('retry-after')).toBe('1');
    expect(shed[0].body).toMatchObject({ statusCode: 503, code: 'OVERLOADED' });
    expect((await api.get('/health/live')).status).toBe(200);

    // Wait for a quiet sample, then count what the log holds: exactly the accepted complaints.
    let histories: ApiResponse[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      histories = await Promise.all(accepted.map((r) => api.get(`/complaints/${r.body.id}/history`)));
      if (histories.every((h) => h.status === 200)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(histories.map((h) => h.status)).toEqual(accepted.map(() => 200));
    let head = 0;
    for (let attempt = 0; attempt < 100 && head === 0; attempt++) {
      const status = await api.get('/projections');
      if (status.status === 200) head = status.body.projections[0].headPosition;
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(head).toBe(accepted.length);
  });
});
