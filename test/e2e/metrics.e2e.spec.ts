import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

/** One sample of a scrape: the value of `name{labels}` exactly, or undefined when the series is absent. */
function sample(scrape: string, series: string): number | undefined {
  const line = scrape.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('counts commands by type and outcome, times requests and appends, and reports lags and complaints by status', async () => {
    const id = (await api.post('/complaints', receiveBody())).body.id;
    expect((await api.post(`/complaints/${id}/classify`, { category: 'PRODUCT_FUNCTION' })).status).toBe(200);
    expect((await api.post(`/complaints/${id}/classify`, { category: 'NOT_A_CATEGORY' })).status).toBe(400);
    expect((await api.post(`/complaints/${id}/close`, {}, { 'if-match': '"0"' })).status).toBe(412);

    let scrape = '';
    const deadline = Date.now() + 30_000;
    // The complaint counts come from the read model, which follows the log shortly after the command.
    while (sample(scrape, 'redress_complaints{status="CLASSIFIED"}') !== 1 && Date.now() < deadline) {
      const response = await api.request('GET', '/metrics');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      scrape = response.body as string;
    }

    expect(sample(scrape, 'redress_commands_total{command="receive",outcome="accepted"}')).toBe(1);
    expect(sample(scrape, 'redress_commands_total{command="classify",outcome="accepted"}')).toBe(1);
    expect(sample(scrape, 'redress_commands_total{command="classify",outcome="invalid"}')).toBe(1);
    expect(sample(scrape, 'redress_commands_total{command="close",outcome="revision_mismatch"}')).toBe(1);
    expect(
      sample(
        scrape,
        'redress_http_request_duration_seconds_count{method="POST",route="/complaints",status_code="201"}',
      ),
    ).toBe(1);
    expect(sample(scrape, 'redress_event_store_append_duration_seconds_count{result="appended"}')).toBe(2);
    expect(sample(scrape, 'redress_complaints{status="CLASSIFIED"}')).toBe(1);
    expect(sample(scrape, 'redress_projection_lag_events{projection="complaint-list"}')).toBeGreaterThanOrEqual(0);
    expect(scrape).toContain('redress_process_resident_memory_bytes');
    expect(scrape).not.toContain('redress_publisher_lag_events '); // no publisher in this process
  });
});
