import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

describe('overload', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await ApiHarness.start(undefined, {
      overload: { maxEventLoopDelayMs: 50, maxEventLoopUtilization: 1, sampleIntervalMs: 10 },
    });
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('sheds requests with 503 and Retry-After while the event loop is saturated, appends nothing, and recovers', async () => {
    // Start-up itself (opening the database) saturates the loop for a moment; wait until it has settled.
    const headPosition = async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const response = await api.get('/projections');
        if (response.status === 200) return response.body.projections[0].headPosition as number;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the API never became responsive');
    };
    const head = await headPosition();

    // Saturate this process's event loop, as a burst past capacity would.
    const until = Date.now() + 400;
    while (Date.now() < until) {
      /* busy */
    }
    await new Promise((resolve) => setTimeout(resolve, 15));
    const shed = await api.post('/complaints', receiveBody());
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(shed.body).toMatchObject({ code: 'OVERLOADED' });
    expect((await api.get('/health/live')).status).toBe(200);

    let recovered = 0;
    for (let attempt = 0; attempt < 50 && recovered !== 201; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      recovered = (await api.post('/complaints', receiveBody(), { 'idempotency-key': 'after-overload' })).status;
    }
    expect(recovered).toBe(201);
    expect(await headPosition()).toBe(head + 1);
  });
});
