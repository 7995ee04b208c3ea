import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ApiHarness, type ApiResponse, type TestApiKey } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

const HOUR_MS = 3_600_000;
const iso = (millis: number) => new Date(millis).toISOString();

/** Debian's chromium package; another build with CHROMIUM_PATH. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshots are kept after the run (outside the repository). */
const SCREENSHOTS = join(tmpdir(), 'redress-dashboard-screenshots');

/** Starts headless Chromium with nothing running in the background; a missing browser fails the test. */
async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    const why = `no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`;
    throw new Error(process.env.CI === 'true' ? `CI needs Chromium for the dashboard test. ${why}` : why);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

interface AtRiskClock {
  complaintId: string;
  clock: string;
  dueAt: string;
  secondsToDue: number;
  breached: boolean;
}

describe('supervisor dashboard in headless Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let supervisor: TestApiKey;
  let agent: TestApiKey;
  /** Received 25 hours ago: its first-response clock (24 h) is breached. */
  let overdue: string;
  /** Received 23 hours ago: its first response is due within the hour. */
  let dueSoon: string;
  let position = 0;
  const pageErrors: string[] = [];

  const ok = async <Body = any>(response: Promise<ApiResponse<Body>>): Promise<Body> => {
    const answered = await response;
    if (answered.status >= 300) throw new Error(`${answered.status}: ${JSON.stringify(answered.body)}`);
    return answered.body;
  };
  const receiveInAfterSales = async (receivedAt: number, content: string) => {
    const { id } = await ok(
      api.post(
        '/complaints',
        receiveBody({ receivedAt: iso(receivedAt), occurredAt: iso(receivedAt - HOUR_MS), content }),
      ),
    );
    await ok(api.post(`/complaints/${id}/classify`, { category: 'PRODUCT_FUNCTION' }));
    await ok(api.post(`/complaints/${id}/triage`, { grade: 'SERIOUS', priority: 'P2', isComplex: true }));
    position = (await ok(api.post(`/complaints/${id}/assign`, { department: 'after-sales', assignee: 'agent-7' })))
      .position;
    return id as string;
  };

  /**
   * A page of its own (fresh sessionStorage) on the dashboard, signed in with `key`; with `controlledClock`, the
   * page's clock and timers move only when the test moves them (page.clock), starting from now.
   */
  const openDashboard = async (key: string, department = '', controlledClock = false): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    if (controlledClock) await page.clock.install();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // A refused request is logged by Chromium itself; the page shows it, which the tests check.
      if (message.type() === 'error' && !/status of 40[13]/.test(message.text())) {
        pageErrors.push(`${message.text()} (${message.location().url})`);
      }
    });
    await page.goto(`${api.url}/dashboard`);
    await expect(page.locator('#notice').textContent()).resolves.toContain('Enter an API key');
    await page.fill('#api-key', key);
    await page.fill('#department', department);
    await page.click('#credentials button[type=submit]');
    return page;
  };

  beforeAll(async () => {
    api = await ApiHarness.start();
    browser = await launchChromium();
    supervisor = await api.createKey('supervisor', { department: 'after-sales', name: 'dashboard supervisor' });
    agent = await api.createKey('agent', { department: 'after-sales', name: 'dashboard agent' });
    overdue = await receiveInAfterSales(Date.now() - 25 * HOUR_MS, 'The router has been dead for a day');
    dueSoon = await receiveInAfterSales(Date.now() - 23 * HOUR_MS, 'The router drops the line every hour');
    // One survey, so the satisfaction trend has a point.
    position =
      (
        await ok(
          api.post(
            '/surveys',
            {
              questionnaire: { id: 'complaint-handling', version: 1 },
              subject: { kind: 'COMPLAINT', complaintId: dueSoon },
              channel: 'SMS',
              answers: { CSAT: 5, NPS: 10, CES: 6 },
            },
            { 'x-actor-id': 'surveyor-9' },
          ),
        )
      ).position ?? position;
    // Wait until the read models hold every write, so the page and the test read the same rows.
    await ok(api.get(`/sla/at-risk?department=after-sales&minPosition=${position}`));
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.dispose();
  });
  afterEach(() => {
    // Every page of the test ran without a script error, a refused script or style, or a missing file.
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('serves the shell without credentials and nothing else of the dashboard without them', async () => {
    const shell = await fetch(`${api.url}/dashboard`);
    expect(shell.status).toBe(200);
    expect(shell.headers.get('content-type')).toContain('text/html');
    expect(shell.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const asset of ['dashboard.js', 'dashboard.css', 'uPlot.iife.min.js', 'uPlot.min.css']) {
      expect({ asset, status: (await fetch(`${api.url}/dashboard/assets/${asset}`)).status }).toEqual({
        asset,
        status: 200,
      });
    }
    expect((await api.anonymous.get('/dashboard/assets/..%2F..%2Fmain.ts')).status).toBe(404);
    expect((await api.anonymous.get('/dashboard/trends')).status).toBe(401);
  });

  it('refuses a trend request with a bad field, naming it', async () => {
    const violations = async (query: string) => {
      const response = await api.get(`/dashboard/trends?${query}`);
      expect(response.status).toBe(400);
      return response.body.violations;
    };
    expect(await violations('segment=surveyChannel')).toEqual([
      { field: 'value', message: 'is needed with segment: the value to follow' },
    ]);
    expect(await violations('value=SMS')).toEqual([
      { field: 'segment', message: 'is needed with value: its dimension' },
    ]);
    expect(await violations('periods=100')).toEqual([{ field: 'periods', message: expect.any(String) }]);
    expect(await violations('period=fortnight')).toEqual([
      { field: 'period', message: 'must be one of: week, month, quarter' },
    ]);
  });

  it('shows the at-risk queue, KPI tiles and trends as the API reports them', async () => {
    const page = await openDashboard(supervisor.key, 'after-sales');
    const client = api.as(supervisor);

    await page.waitForSelector('#at-risk tbody tr[data-complaint-id]');
    const atRisk = await ok<{ clocks: AtRiskClock[] }>(client.get('/sla/at-risk?department=after-sales&limit=50'));
    const rows = await page.$$eval('#at-risk tbody tr', (trs) =>
      trs.map((tr) => ({
        complaintId: tr.getAttribute('data-complaint-id'),
        clock: tr.getAttribute('data-clock'),
        dueAt: tr.getAttribute('data-due-at'),
        secondsToDue: Number(tr.getAttribute('data-seconds-to-due')),
        shown: tr.querySelector('.time-to-breach')?.textContent ?? '',
      })),
    );
    expect(rows.map(({ complaintId, clock, dueAt }) => ({ complaintId, clock, dueAt }))).toEqual(
      atRisk.clocks.map(({ complaintId, clock, dueAt }) => ({ complaintId, clock, dueAt })),
    );
    for (const [i, row] of rows.entries()) {
      // The page and the test asked at different instants: the same due time, seconds apart.
      expect(Math.abs(row.secondsToDue - atRisk.clocks[i].secondsToDue)).toBeLessThan(120);
      expect(row.shown.startsWith('overdue ')).toBe(atRisk.clocks[i].breached);
    }
    const overdueFirstResponse = rows.find((row) => row.complaintId === overdue && row.clock === 'firstResponse');
    expect(overdueFirstResponse?.shown).toMatch(/^overdue 1h 0\dm$/);
    const dueSoonFirstResponse = rows.find((row) => row.complaintId === dueSoon && row.clock === 'firstResponse');
    expect(dueSoonFirstResponse?.shown).toMatch(/^0h 5\dm$/);

    await page.waitForSelector('#kpi-tiles .tile');
    const kpis = await ok(client.get('/kpis?window=trailing-30d'));
    const total = kpis.groups.find((group: { segment: unknown }) => group.segment === null);
    const tiles = Object.fromEntries(
      await page.$$eval('#kpi-tiles .tile', (divs) =>
        divs.map((div) => [div.getAttribute('data-kpi'), div.getAttribute('data-value')]),
      ),
    );
    const shownValue = (value: number | null) => (value === null ? '' : String(value));
    expect(tiles).toEqual({
      volume: String(total.volume),
      resolutionRate: shownValue(total.resolutionRate.value),
      firstContactResolutionRate: shownValue(total.firstContactResolutionRate.value),
      reopenRate: shownValue(total.reopenRate.value),
      firstResponseHours: shownValue(total.firstResponseHours.value),
      handlingCycleHours: shownValue(total.handlingCycleHours.value),
      slaBreached: String(
        total.slaCompliance.reduce((sum: number, clock: { breached: number }) => sum + clock.breached, 0),
      ),
    });
    expect(total.volume).toBe(2);
    expect(await page.textContent('[data-kpi=volume] .tile-value')).toBe('2');
    expect(Number(tiles.slaBreached)).toBeGreaterThanOrEqual(1);

    await page.waitForSelector('#trend-table tbody tr');
    const trends = await ok(client.get('/dashboard/trends?period=week&periods=8'));
    const trendRows = await page.$$eval('#trend-table tbody tr', (trs) =>
      trs.map((tr) => ({
        label: tr.getAttribute('data-period'),
        breached: Number(tr.querySelector('[data-figure=breached]')?.textContent),
        met: Number(tr.querySelector('[data-figure=met]')?.textContent),
      })),
    );
    expect(trendRows).toEqual(
      trends.points.map((point: { label: string; sla: { breached: number; met: number } }) => ({
        label: point.label,
        breached: point.sla.breached,
        met: point.sla.met,
      })),
    );
    expect(trendRows.reduce((sum, row) => sum + row.breached, 0)).toBe(Number(tiles.slaBreached));
    // Both charts are drawn (uPlot renders into a canvas).
    expect(await page.locator('#breach-chart canvas').count()).toBe(1);
    expect(await page.locator('#satisfaction-chart canvas').count()).toBe(1);

    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-overview.png'), fullPage: true });
    await page.close();
  });

  it("counts each clock's time to breach down between two answers of the queue", async () => {
    const page = await openDashboard(supervisor.key, 'after-sales', true);
    const dueSoonRow = `#at-risk tbody tr[data-complaint-id="${dueSoon}"][data-clock="firstResponse"]`;
    await page.waitForSelector(dueSoonRow);
    const secondsToDue = Number(await page.getAttribute(dueSoonRow, 'data-seconds-to-due'));
    const shownAfter = async (elapsedMs: number) => {
      await page.clock.runFor(elapsedMs);
      return page.textContent(`${dueSoonRow} .time-to-breach`);
    };
    const minutesLeft = (elapsedSeconds: number) =>
      String(Math.floor((secondsToDue - elapsedSeconds) / 60)).padStart(2, '0');

    // Received 23 hours ago: under an hour left on its 24-hour first-response clock when the queue was answered.
    expect(await shownAfter(0)).toBe(`0h ${minutesLeft(0)}m`);
    expect(await shownAfter(240_000)).toBe(`0h ${minutesLeft(240)}m`);

    // Five minutes after its answer the queue is asked for again, and counts down from the API's fresh figures.
    const firstAnswerRow = await page.$(dueSoonRow);
    const refreshed = page.waitForResponse((response) => response.url().includes('/sla/at-risk'));
    await page.clock.runFor(60_000);
    await refreshed;
    // The fresh answer replaces the rows: the first answer's row leaves the page.
    await firstAnswerRow?.waitForElementState('hidden');
    const answeredAgain = Number(await page.getAttribute(dueSoonRow, 'data-seconds-to-due'));
    // Only real time passed for the API: a few seconds, not the five minutes the page's clock moved.
    expect(secondsToDue - answeredAgain).toBeLessThan(120);
    expect(await page.textContent(`${dueSoonRow} .time-to-breach`)).toBe(
      `0h ${String(Math.floor(answeredAgain / 60)).padStart(2, '0')}m`,
    );
    await page.close();
  });

  it('filters the satisfaction trend by segment', async () => {
    /** The CSAT cell of the latest period (the trend's last row). */
    const LATEST_CSAT = '#trend-table tbody tr:last-child [data-figure=csatTop2Box]';
    const page = await openDashboard(supervisor.key, 'after-sales');
    await page.waitForSelector('#segment option[value=surveyChannel]', { state: 'attached' });
    const csatCells = () =>
      page.$$eval('#trend-table [data-figure=csatTop2Box]', (tds) => tds.map((td) => td.textContent));
    const lastWeek = (await csatCells()).at(-1);
    expect(lastWeek).toMatch(/^100\.0 \(n=1/);

    await page.selectOption('#segment', 'surveyChannel');
    await page.fill('#trend-filters input[name=value]', 'PHONE');
    await page.click('#trend-filters button[type=submit]');
    await page.waitForSelector(`${LATEST_CSAT}:text-is("—")`);
    const phone = await ok(api.as(supervisor).get('/dashboard/trends?segment=surveyChannel&value=PHONE'));
    expect(phone.points.at(-1).csatTop2Box).toMatchObject({ value: null, n: 0 });

    await page.fill('#trend-filters input[name=value]', 'SMS');
    await page.click('#trend-filters button[type=submit]');
    await page.waitForSelector(`${LATEST_CSAT}:not(:text-is("—"))`);
    const sms = await ok(api.as(supervisor).get('/dashboard/trends?segment=surveyChannel&value=SMS'));
    expect((await csatCells()).at(-1)).toMatch(new RegExp(`^${sms.points.at(-1).csatTop2Box.value.toFixed(1)} \\(n=1`));
    await page.close();
  });

  it("clicks through the queue to a complaint's timeline and hash-chain verdict", async () => {
    const page = await openDashboard(supervisor.key, 'after-sales');
    await page.click(`#at-risk a[href="#complaint=${overdue}"] >> nth=0`);
    await page.waitForSelector('#timeline li');
    await page.waitForSelector('#verification[data-valid]');
    expect(await page.isVisible('#overview')).toBe(false);
    expect(await page.textContent('#complaint-id')).toBe(overdue);
    const state = await ok(api.as(supervisor).get(`/complaints/${overdue}`));
    expect(await page.textContent('#complaint-summary [data-field=status]')).toBe(state.status);
    expect(await page.textContent('#complaint-summary [data-field=department]')).toBe('after-sales');
    expect(await page.textContent('#complaint-summary [data-field=grade]')).toBe(state.complaint.grade);

    const history = await ok(api.as(supervisor).get(`/complaints/${overdue}/history`));
    const timeline = await page.$$eval('#timeline li', (items) =>
      items.map((item) => ({
        revision: Number(item.getAttribute('data-revision')),
        type: item.getAttribute('data-type'),
        description: item.querySelector('.description')?.textContent,
      })),
    );
    expect(timeline).toEqual(
      history.events.map((event: { revision: number; type: string; description: string }) => ({
        revision: event.revision,
        type: event.type,
        description: event.description,
      })),
    );
    expect(timeline.map((event) => event.type)).toEqual(
      expect.arrayContaining(['ComplaintReceived', 'ComplaintClassified', 'ComplaintAssigned']),
    );

    const verdict = await ok(api.as(supervisor).get(`/complaints/${overdue}/verify`));
    expect(verdict.valid).toBe(true);
    expect(await page.getAttribute('#verification', 'data-valid')).toBe('true');
    expect(await page.textContent('#verification')).toBe(
      `Intact: ${verdict.events} events chained, head hash ${verdict.headHash}`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-complaint.png'), fullPage: true });

    await page.click('text=back to the queue');
    await page.waitForSelector('#overview:not([hidden])');
    await page.close();
  });

  it('says so when the key is refused (401) or its role may not read a view (403)', async () => {
    const refused = await openDashboard('rdk_notakey_0000');
    await refused.waitForSelector('#notice:not([hidden]):has-text("401")');
    expect(await refused.textContent('#notice')).toMatch(
      /refused the key \(401 Unauthenticated.*\)\. Enter a valid API key\./,
    );
    await refused.screenshot({ path: join(SCREENSHOTS, 'dashboard-401.png'), fullPage: true });
    await refused.close();

    const agentPage = await openDashboard(agent.key, 'after-sales');
    const kpiError = agentPage.locator('#kpi-tiles').locator('xpath=..').locator('.panel-error');
    await kpiError.waitFor({ state: 'visible' });
    expect(await kpiError.textContent()).toMatch(/^This key may not read this \(403 Forbidden: .+\)\.$/);
    expect(await agentPage.isHidden('#notice')).toBe(true);
    await agentPage.close();
  });
});
