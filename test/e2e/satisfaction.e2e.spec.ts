import { ApiHarness, type ApiResponse } from '../support/api-harness';
import { lifecycleSteps, receiveBody } from '../support/complaint-requests';

/** Polls a read until it satisfies `done`: read models follow the log asynchronously. */
async function eventually<Body>(
  read: () => Promise<ApiResponse<Body>>,
  done: (response: ApiResponse<Body>) => boolean,
): Promise<ApiResponse<Body>> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await read();
    if (done(response) || Date.now() > deadline) return response;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Ten complaints about one product in a week: the shipped product-hotspot rule's threshold. */
const HOTSPOT_SIZE = 10;

describe('satisfaction, KPIs and early warnings over HTTP', () => {
  let api: ApiHarness;
  const complaintIds: string[] = [];
  const actor = { 'x-actor-id': 'surveyor-9' };

  const ok = async (response: Promise<ApiResponse>) => {
    const answered = await response;
    expect(answered.status).toBeLessThan(300);
    return answered.body;
  };
  const invitation = (complaintId: string, channel: string) => ({
    questionnaire: { id: 'complaint-handling', version: 1 },
    subject: { kind: 'COMPLAINT', complaintId },
    channel,
  });
  const survey = (complaintId: string, channel: string, answers: Record<string, unknown>) => ({
    ...invitation(complaintId, channel),
    answers,
  });

  beforeAll(async () => {
    api = await ApiHarness.start();
    for (let i = 0; i < HOTSPOT_SIZE; i++) {
      const created = await ok(api.post('/complaints', receiveBody({ content: `Router outage report ${i}` })));
      complaintIds.push(created.id);
    }
    const [first] = complaintIds;
    await ok(api.post(`/complaints/${first}/classify`, { category: 'PRODUCT_FUNCTION' }));
    await ok(api.post(`/complaints/${first}/triage`, { grade: 'SERIOUS', priority: 'P2', isComplex: false }));
    await ok(api.post(`/complaints/${first}/assign`, { department: 'after-sales', assignee: 'agent-7' }));
    // A progress update is the first response: it stops that SLA clock within its 24 hours.
    const [, progressUpdate] = lifecycleSteps().find(([step]) => step === 'progress-update')!;
    await ok(api.post(`/complaints/${first}/progress-update`, progressUpdate));
  });
  afterAll(async () => {
    await api.dispose();
  });

  describe('surveys', () => {
    it('records responses, answers an invitation and re-aggregates a changed response', async () => {
      const [first, second] = complaintIds;
      await ok(api.post('/surveys', survey(first, 'SMS', { CSAT: 5, NPS: 10, CES: 6 }), actor));
      await ok(api.post('/surveys', survey(first, 'PHONE', { CSAT: 4, NPS: 9, CES: 5 }), actor));

      const invited = await ok(api.post('/surveys/invitations', invitation(second, 'EMAIL'), actor));
      expect(invited).toMatchObject({ status: 'SENT', events: ['SurveySent'] });
      await ok(api.post('/surveys/invitations', invitation(second, 'EMAIL'), actor));
      const answered = await ok(
        api.post(`/surveys/${invited.id}/answers`, { answers: { CSAT: 2, NPS: 3, CES: 2 } }, actor),
      );
      expect(answered).toMatchObject({ status: 'RESPONDED', revision: 1 });
      const changed = await api.request(
        'PUT',
        `/surveys/${invited.id}`,
        { answers: { CSAT: 3, NPS: 7, CES: 4 }, reason: 'The customer called back to correct the scores' },
        { ...actor, 'if-match': '"1"' },
      );
      expect(changed).toMatchObject({ status: 200, body: { revision: 2, events: ['SurveyResponseChanged'] } });
      expect(changed.headers.get('etag')).toBe('"2"');

      const read = await api.get(`/surveys/${invited.id}`);
      expect(read.body.survey.response).toMatchObject({
        changes: 1,
        answers: [
          { item: 'CSAT', value: 3, scale: { min: 1, max: 5 } },
          { item: 'NPS', value: 7, scale: { min: 0, max: 10 } },
          { item: 'CES', value: 4, scale: { min: 1, max: 7 } },
        ],
      });
    });

    it('refuses out-of-range answers with 400 naming each item and its scale, and stores nothing', async () => {
      const refused = await api.post('/surveys', survey(complaintIds[0], 'WEB', { CSAT: 0, NPS: 11, CES: 8 }));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(refused.body.violations).toEqual([
        { field: 'answers.CSAT', message: 'must be a whole number from 1 to 5' },
        { field: 'answers.NPS', message: 'must be a whole number from 0 to 10' },
        { field: 'answers.CES', message: 'must be a whole number from 1 to 7' },
      ]);
      const fractional = await api.post('/surveys', survey(complaintIds[0], 'WEB', { CSAT: 4.5 }));
      expect(fractional.body.violations).toEqual([
        { field: 'answers.CSAT', message: 'must be a whole number from 1 to 5' },
      ]);
    });

    it('refuses a change with a stale If-Match (412) and one on an unknown survey (404)', async () => {
      const stale = await api.post('/surveys', survey(complaintIds[2], 'APP', { CSAT: 4 }));
      const changed = await api.request(
        'PUT',
        `/surveys/${stale.body.id}`,
        { answers: { CSAT: 5 }, reason: 'correction' },
        { 'if-match': '"0"' },
      );
      expect(changed).toMatchObject({ status: 412, body: { code: 'REVISION_MISMATCH', actualRevision: 1 } });
      const unknown = await api.request('PUT', '/surveys/00000000-0000-4000-8000-000000000000', {
        answers: { CSAT: 5 },
        reason: 'correction',
      });
      expect(unknown).toMatchObject({ status: 404, body: { code: 'SURVEY_NOT_FOUND' } });
    });
  });

  describe('GET /satisfaction', () => {
    it('reports hand-computed indices with n, response rate and 95 % intervals', async () => {
      // Responses: CSAT 5, 4, 3 (changed from 2), 4 (the APP one); NPS 10, 9, 7 (changed from 3); CES 6, 5, 4.
      const report = await eventually(
        () => api.get('/satisfaction?window=trailing-7d'),
        (response) => response.body.groups?.[0]?.figures.csatMean.n === 4,
      );
      expect(report.status).toBe(200);
      const { figures } = report.body.groups[0];
      // Five invitations (three implied by on-the-spot responses), four answered.
      expect(figures.responseRate).toMatchObject({ sent: 5, responded: 4, value: 80 });
      expect(figures.csatTop2Box).toMatchObject({ value: 75, n: 4, lowSample: true, responseRate: 80 });
      expect(figures.csatMean.value).toBeCloseTo(4, 10);
      // NPS: two promoters (10, 9), one passive (7), no detractor, of three → 66.7.
      expect(figures.nps).toMatchObject({ n: 3, promoters: 2, passives: 1, detractors: 0 });
      expect(figures.nps.value).toBeCloseTo(200 / 3, 10);
      expect(figures.cesMean.value).toBeCloseTo(5, 10);
      // CES 6, 5, 4: s = 1, t(0.975, 2) = 4.302653 → 5 ± 2.484138.
      expect(figures.cesMean.ci95.low).toBeCloseTo(2.515862, 5);
      expect(figures.cesMean.ci95.high).toBeCloseTo(7.484138, 5);
    });

    it('breaks the figures down by segment and exports them as CSV', async () => {
      const bySurveyChannel = await api.get('/satisfaction?window=trailing-7d&segment=surveyChannel');
      const email = bySurveyChannel.body.groups.find((g: any) => g.segment.value === 'EMAIL');
      // Two e-mail invitations, one answered (CSAT 3): top-2-box 0 %, Wilson [0, z²/(1 + z²)] = [0, 79.345069] %.
      expect(email.figures.responseRate).toMatchObject({ sent: 2, responded: 1, value: 50 });
      expect(email.figures.csatTop2Box).toMatchObject({ value: 0, n: 1 });
      expect(email.figures.csatTop2Box.ci95.low).toBeCloseTo(0, 10);
      expect(email.figures.csatTop2Box.ci95.high).toBeCloseTo(79.345069, 5);

      const department = await api.get('/satisfaction?window=month&segment=department&value=after-sales');
      expect(department.body.groups).toHaveLength(1);
      expect(department.body.groups[0].figures.csatMean.n).toBe(2);

      const csv = await api.get('/satisfaction?window=trailing-7d&segment=surveyChannel&value=EMAIL&format=csv');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header, ...lines] = String(csv.body).trim().split('\r\n');
      expect(header).toBe(
        'window,from,to,segment,segmentValue,figure,value,n,ci95Low,ci95High,responseRate,minimumN,lowSample',
      );
      expect(lines.find((line) => line.includes(',responseRate,'))).toMatch(/,surveyChannel,EMAIL,responseRate,50,2,/);
    });

    it('refuses unknown parameters with a clear 400', async () => {
      const refused = await api.get('/satisfaction?window=decade&segment=mood&at=yesterday&format=xls');
      expect(refused.status).toBe(400);
      expect(refused.body.violations.map((v: { field: string }) => v.field).sort()).toEqual([
        'at',
        'format',
        'segment',
        'window',
      ]);
    });
  });

  describe('GET /kpis', () => {
    it('reports the KPIs of the window per segment, and as CSV', async () => {
      const report = await eventually(
        () => api.get('/kpis?window=trailing-7d&segment=category'),
        (response) => response.body.groups?.reduce((sum: number, g: any) => sum + g.volume, 0) === HOTSPOT_SIZE,
      );
      expect(report.status).toBe(200);
      const byCategory = Object.fromEntries(report.body.groups.map((g: any) => [g.segment.value, g.volume]));
      expect(byCategory).toEqual({ PRODUCT_FUNCTION: 1, null: HOTSPOT_SIZE - 1 });

      const csv = await api.get('/kpis?window=trailing-7d&format=csv');
      expect(String(csv.body)).toContain(`,all,,volume,${HOTSPOT_SIZE},`);
    });

    it('reports SLA compliance per clock from the SLA read model: decided clocks only', async () => {
      const report = await eventually(
        () => api.get('/kpis?window=trailing-7d&segment=department'),
        (response) => response.body.groups?.some((g: any) => g.slaCompliance.length > 0),
      );
      const afterSales = report.body.groups.find((g: any) => g.segment.value === 'after-sales');
      // The other nine complaints' first-response clocks still run within their target: not decided yet.
      expect(afterSales.slaCompliance).toEqual([
        expect.objectContaining({ clock: 'firstResponse', met: 1, breached: 0, value: 100, n: 1 }),
      ]);
      expect(report.body.groups.find((g: any) => g.segment.value === null).slaCompliance).toEqual([]);
    });
  });

  describe('early warnings', () => {
    it('raises the product hotspot once, then acknowledges and resolves it', async () => {
      await eventually(
        () => api.get('/kpis?window=trailing-7d'),
        (response) => response.body.groups?.[0]?.volume === HOTSPOT_SIZE,
      );
      const evaluated = await api.post('/warnings/evaluations');
      expect(evaluated.status).toBe(200);
      const hotspot = evaluated.body.triggered.find((w: { ruleId: string }) => w.ruleId === 'product-hotspot');
      expect(hotspot).toMatchObject({
        indicator: 'HOTSPOT',
        value: HOTSPOT_SIZE,
        threshold: HOTSPOT_SIZE - 1,
        owner: 'product-quality-manager',
        newlyTriggered: true,
      });

      const listed = await eventually(
        () => api.get('/warnings?status=TRIGGERED'),
        (response) => response.body.warnings?.some((w: { id: string }) => w.id === hotspot.id),
      );
      const warning = listed.body.warnings.find((w: { id: string }) => w.id === hotspot.id);
      expect(warning).toMatchObject({ segment: { dimension: 'product', value: 'ROUTER-X200' }, overdue: false });
      expect(warning.evidence.sort()).toEqual([...complaintIds].sort());

      // While the warning is open the same rule, segment and window raise nothing new.
      const again = await api.post('/warnings/evaluations');
      expect(again.body.triggered.filter((w: { newlyTriggered: boolean }) => w.newlyTriggered)).toEqual([]);

      const acknowledged = await api.post(`/warnings/${hotspot.id}/acknowledge`, { note: 'Engineering informed' });
      expect(acknowledged).toMatchObject({ status: 200, body: { status: 'ACKNOWLEDGED', revision: 1 } });
      const resolved = await api.post(`/warnings/${hotspot.id}/resolve`, { resolution: 'Firmware 1.3 shipped' });
      expect(resolved).toMatchObject({ status: 200, body: { status: 'RESOLVED', revision: 2 } });
      const twice = await api.post(`/warnings/${hotspot.id}/resolve`, { resolution: 'again' });
      expect(twice).toMatchObject({ status: 409, body: { code: 'COMMAND_NOT_ALLOWED', status: 'RESOLVED' } });

      const csv = await eventually(
        () => api.get('/warnings?status=RESOLVED&format=csv'),
        (response) => String(response.body).includes(hotspot.id),
      );
      expect(String(csv.body)).toContain(`${hotspot.id},product-hotspot,HOTSPOT,trailing-7d`);
    });

    it('refuses a bad status filter and a resolution without text', async () => {
      const filter = await api.get('/warnings?status=OPEN');
      expect(filter).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      const blank = await api.post('/warnings/00000000-0000-4000-8000-000000000000/resolve', {});
      expect(blank).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    });
  });
});
