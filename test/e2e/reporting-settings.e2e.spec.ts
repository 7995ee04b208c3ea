import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readReportingConfig } from '@redress/config';
import { ApiHarness, type ApiResponse } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

const COMPLAINTS = 4;
const SETTINGS = {
  timeZone: 'Asia/Shanghai',
  complaintRate: { label: 'active customers', per: 10_000, total: 1_000, bySegment: { channel: { EMAIL: 500 } } },
};

/** Polls a read until it satisfies `done`: read models follow the log asynchronously. */
async function eventually(read: () => Promise<ApiResponse>, done: (response: ApiResponse) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await read();
    if (done(response) || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('reporting settings from REPORTING_SETTINGS_FILE: the complaint rate and its early warning', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'redress-reporting-')), 'settings.json');
    writeFileSync(file, JSON.stringify(SETTINGS));
    const problems: string[] = [];
    const reporting = readReportingConfig({ REPORTING_SETTINGS_FILE: file }, problems);
    expect(problems).toEqual([]);
    api = await ApiHarness.start(undefined, { reporting });
    for (let i = 0; i < COMPLAINTS; i++) {
      expect((await api.post('/complaints', receiveBody({ channel: i === 0 ? 'PHONE' : 'EMAIL' }))).status).toBe(201);
    }
  });
  afterAll(async () => {
    await api.dispose();
  });

  it('divides the window by the configured denominator, per segment where it has its own, in the configured zone', async () => {
    const report = await eventually(
      () => api.get('/kpis?window=trailing-30d&segment=channel'),
      (response) =>
        response.body.groups?.reduce((sum: number, g: { volume: number }) => sum + g.volume, 0) === COMPLAINTS,
    );
    expect(report.status).toBe(200);
    expect(report.body.window.timeZone).toBe('Asia/Shanghai');
    const byChannel = Object.fromEntries(
      report.body.groups.map((g: { segment: { value: string }; complaintRate: unknown }) => [
        g.segment.value,
        g.complaintRate,
      ]),
    );
    // Three e-mail complaints over 500 e-mail customers, per 10,000; phone has no denominator of its own, so no rate.
    expect(byChannel.EMAIL).toMatchObject({ value: 60, per: 10_000, denominator: 500, label: 'active customers' });
    expect(byChannel.PHONE).toMatchObject({ value: null, denominator: null });

    const overall = await api.get('/kpis?window=trailing-30d');
    expect(overall.body.groups[0].complaintRate).toMatchObject({ value: 40, denominator: 1_000 });
  });

  it('raises the shipped complaint-rate warning once the rate is above its threshold', async () => {
    const evaluated = await api.post('/warnings/evaluations');
    expect(evaluated.status).toBe(200);
    const warning = evaluated.body.triggered.find((w: { ruleId: string }) => w.ruleId === 'complaint-rate-high');
    expect(warning).toMatchObject({ indicator: 'COMPLAINT_RATE', value: 40, threshold: 30, newlyTriggered: true });
  });
});
