import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { EVENT_STORE } from '@redress/event-store';
import { NO_SLA_CLOCKS, ProjectionRunner, SATISFACTION_PROJECTIONS } from '@redress/projections';
import {
  openSatisfactionFixture,
  type SatisfactionFixture,
} from '../../../../libs/projections/test/satisfaction-fixture';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { READ_MODEL_DB } from '../persistence.module';
import { SatisfactionModule } from './satisfaction.module';

describe('satisfaction HTTP API', () => {
  let fx: SatisfactionFixture;
  let runner: ProjectionRunner;
  let app: NestFastifyApplication;
  let complaintId: string;
  const settle = async () => runner.waitFor(await fx.store.headPosition());
  const json = { 'content-type': 'application/json' };
  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await app.inject({
      method,
      url,
      payload: payload as object,
      headers: payload ? { ...json, ...headers } : headers,
    });
    const isJson = String(response.headers['content-type']).startsWith('application/json');
    return { status: response.statusCode, headers: response.headers, body: isJson ? response.json() : response.body };
  };
  const survey = (answers: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    questionnaire: { id: 'complaint-handling', version: 1 },
    subject: { kind: 'COMPLAINT', complaintId },
    channel: 'SMS',
    answers,
    ...extra,
  });

  beforeAll(async () => {
    fx = await openSatisfactionFixture();
    runner = new ProjectionRunner(SATISFACTION_PROJECTIONS, fx.store, fx.client, fx.catalog);
    await runner.start();

    @Global()
    @Module({
      providers: [
        { provide: EVENT_STORE, useValue: fx.store },
        { provide: READ_MODEL_DB, useValue: fx.client },
      ],
      exports: [EVENT_STORE, READ_MODEL_DB],
    })
    class InMemoryPersistence {}

    const moduleRef = await Test.createTestingModule({
      imports: [CqrsModule.forRoot(), InMemoryPersistence, SatisfactionModule.forRoot({ sla: NO_SLA_CLOCKS })],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new ApiExceptionFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();

    fx.setNow(new Date().toISOString());
    complaintId = await fx.receive({ category: 'PRODUCT_FUNCTION' });
  });
  afterAll(async () => {
    await app.close();
    await runner.stop();
    await fx.close();
  });

  describe('POST /surveys', () => {
    it('records a response with its implicit invitation: 201, Location and the events', async () => {
      const response = await call('POST', '/surveys', survey({ CSAT: 4, NPS: 9, CES: 6 }));
      expect(response.status).toBe(201);
      expect(response.headers.location).toBe(`/surveys/${response.body.id}`);
      expect(response.body).toMatchObject({
        revision: 1,
        status: 'RESPONDED',
        events: ['SurveySent', 'SurveyResponded'],
      });
    });

    it('rejects out-of-range answers with 400 and one violation per item', async () => {
      const response = await call('POST', '/surveys', survey({ CSAT: 6, NPS: -1, CES: 7, MOOD: 3 }));
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(response.body.violations).toEqual([
        {
          field: 'answers.MOOD',
          message: expect.stringContaining('is not an item of questionnaire complaint-handling v1'),
        },
        { field: 'answers.CSAT', message: 'must be a whole number from 1 to 5' },
        { field: 'answers.NPS', message: 'must be a whole number from 0 to 10' },
      ]);
    });

    it('rejects a malformed body field by field before anything reaches the domain', async () => {
      const response = await call('POST', '/surveys', {
        ...survey({ CSAT: 3 }),
        channel: 'PIGEON',
        subject: { kind: 'COMPLAINT' },
      });
      expect(response.status).toBe(400);
      expect(response.body.violations.map((v: { field: string }) => v.field).sort()).toEqual([
        'channel',
        'subject.complaintId',
      ]);
    });

    it('answers 404 for a survey about an unknown complaint', async () => {
      const response = await call('POST', '/surveys', {
        ...survey({ CSAT: 3 }),
        subject: { kind: 'COMPLAINT', complaintId: '00000000-0000-4000-8000-000000000000' },
      });
      expect(response).toMatchObject({ status: 404, body: { code: 'COMPLAINT_NOT_FOUND' } });
    });

    it('returns the original answer to a retry with the same Idempotency-Key', async () => {
      const headers = { 'idempotency-key': 'survey-retry-1', 'x-actor-id': 'kiosk-3' };
      const first = await call('POST', '/surveys', survey({ CSAT: 5 }), headers);
      const retry = await call('POST', '/surveys', survey({ CSAT: 5 }), headers);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
    });
  });

  describe('invitations, answers and changes', () => {
    let surveyId: string;

    it('sends an invitation, answers it, then changes the answers', async () => {
      const invited = await call('POST', '/surveys/invitations', {
        questionnaire: { id: 'complaint-handling', version: 1 },
        subject: { kind: 'COMPLAINT', complaintId },
        channel: 'EMAIL',
      });
      expect(invited).toMatchObject({ status: 201, body: { status: 'SENT', events: ['SurveySent'] } });
      surveyId = invited.body.id;

      const early = await call('PUT', `/surveys/${surveyId}`, { answers: { CSAT: 1 }, reason: 'typo' });
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({
        code: 'COMMAND_NOT_ALLOWED',
        status: 'SENT',
        allowedCommands: ['RecordSurveyResponse'],
        message: 'ChangeSurveyResponse is not allowed while the survey is SENT; allowed: RecordSurveyResponse',
      });

      const answered = await call('POST', `/surveys/${surveyId}/answers`, {
        answers: { CSAT: 2, NPS: 4 },
        channel: 'WEB',
      });
      expect(answered).toMatchObject({ status: 200, body: { revision: 1, status: 'RESPONDED' } });
      const changed = await call('PUT', `/surveys/${surveyId}`, {
        answers: { CSAT: 4, NPS: 8 },
        reason: 'customer revised',
      });
      expect(changed).toMatchObject({ status: 200, body: { revision: 2, events: ['SurveyResponseChanged'] } });

      const read = await call('GET', `/surveys/${surveyId}`);
      expect(read.headers.etag).toBe('"2"');
      expect(read.body.survey.response).toMatchObject({
        channel: 'WEB',
        changes: 1,
        answers: [
          { item: 'CSAT', value: 4, scale: { min: 1, max: 5 } },
          { item: 'NPS', value: 8, scale: { min: 0, max: 10 } },
        ],
      });
    });

    it('answers 404 for an unknown survey', async () => {
      expect(await call('GET', '/surveys/not-a-uuid')).toMatchObject({
        status: 404,
        body: { code: 'SURVEY_NOT_FOUND' },
      });
      const unknown = await call('PUT', '/surveys/00000000-0000-4000-8000-000000000000', {
        answers: { CSAT: 1 },
        reason: 'x',
      });
      expect(unknown).toMatchObject({ status: 404, body: { code: 'SURVEY_NOT_FOUND' } });
    });
  });

  describe('GET /satisfaction and /kpis', () => {
    beforeAll(settle);

    it('reports the indices per segment as JSON', async () => {
      const response = await call('GET', '/satisfaction?window=trailing-7d&segment=surveyChannel');
      expect(response.status).toBe(200);
      expect(response.body.window).toMatchObject({ kind: 'trailing-7d' });
      const sms = response.body.groups.find((g: any) => g.segment.value === 'SMS');
      // SMS responses: CSAT 4 and 5 (the retried one counts once) → top-2-box 2/2
      expect(sms.figures.csatTop2Box).toMatchObject({ value: 100, n: 2, lowSample: true });
    });

    it('exports the same figures as CSV', async () => {
      const response = await call('GET', '/satisfaction?window=trailing-7d&segment=surveyChannel&value=SMS&format=csv');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="satisfaction-.*\.csv"$/);
      const [header, ...lines] = String(response.body).trim().split('\r\n');
      expect(header).toBe(
        'window,from,to,segment,segmentValue,figure,value,n,ci95Low,ci95High,responseRate,minimumN,lowSample',
      );
      expect(lines.find((line) => line.includes(',csatTop2Box,'))).toMatch(/,surveyChannel,SMS,csatTop2Box,100,2,/);
      expect(lines).toHaveLength(6 + 6); // responseRate, csatTop2Box, csatMean, nps, cesMean, csi + six dimensions
    });

    it('refuses an unknown window or segment, and a value without its segment', async () => {
      const response = await call('GET', '/satisfaction?window=fortnight&segment=colour');
      expect(response.status).toBe(400);
      expect(response.body.violations.map((v: { field: string }) => v.field).sort()).toEqual(['segment', 'window']);
      expect((await call('GET', '/kpis?value=x')).body.violations).toEqual([
        { field: 'value', message: 'needs segment: the dimension the value belongs to' },
      ]);
    });

    it('reports complaint KPIs, also as CSV', async () => {
      const response = await call('GET', '/kpis?window=trailing-7d&segment=category');
      expect(response.status).toBe(200);
      expect(response.body.groups.map((g: any) => [g.segment.value, g.volume])).toEqual([['PRODUCT_FUNCTION', 1]]);
      const exported = await call('GET', '/kpis?window=trailing-7d&format=csv');
      expect(String(exported.body).split('\r\n')[0]).toBe(
        'window,from,to,segment,segmentValue,kpi,value,n,ci95Low,ci95High,lowSample',
      );
      expect(String(exported.body)).toContain(',all,,volume,1,');
    });
  });

  describe('early warnings', () => {
    let warningId: string;

    beforeAll(async () => {
      warningId = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
      const now = Date.now();
      await fx.warning(warningId, {
        type: 'TriggerEarlyWarning',
        warningId,
        ruleId: 'complaint-rate-high',
        indicator: 'COMPLAINT_RATE',
        scope: { window: { kind: 'trailing-30d', from: '2026-11-01', to: '2026-11-30' }, segment: null },
        value: 42,
        threshold: 30,
        direction: 'ABOVE',
        owner: 'quality-manager',
        deadline: new Date(now + 86_400_000).toISOString(),
      });
      await settle();
    });

    it('lists warnings with owner, deadline and status, as JSON and CSV', async () => {
      const listed = await call('GET', '/warnings?window=trailing-7d&segment=all');
      expect(listed.body.warnings).toEqual([
        expect.objectContaining({
          id: warningId,
          status: 'TRIGGERED',
          owner: 'quality-manager',
          value: 42,
          threshold: 30,
        }),
      ]);
      const exported = await call('GET', '/warnings?format=csv&status=TRIGGERED');
      expect(String(exported.body)).toContain(`${warningId},complaint-rate-high,COMPLAINT_RATE,trailing-30d`);
    });

    it('acknowledges, then resolves; a second acknowledgement is refused', async () => {
      const acknowledged = await call('POST', `/warnings/${warningId}/acknowledge`, { note: 'on it' });
      expect(acknowledged).toMatchObject({ status: 200, body: { status: 'ACKNOWLEDGED' } });
      const resolved = await call('POST', `/warnings/${warningId}/resolve`, { resolution: 'Billing batch fixed' });
      expect(resolved).toMatchObject({ status: 200, body: { status: 'RESOLVED', revision: 2 } });
      const again = await call('POST', `/warnings/${warningId}/acknowledge`, {});
      expect(again).toMatchObject({ status: 409, body: { code: 'COMMAND_NOT_ALLOWED', status: 'RESOLVED' } });
      await settle();
      expect((await call('GET', '/warnings?status=RESOLVED')).body.warnings[0]).toMatchObject({
        id: warningId,
        resolution: 'Billing batch fixed',
      });
    });

    it('answers 404 for an unknown warning and 400 for a resolution without text', async () => {
      const unknown = await call('POST', '/warnings/00000000-0000-4000-8000-000000000000/resolve', { resolution: 'x' });
      expect(unknown).toMatchObject({ status: 404, body: { code: 'EARLY_WARNING_NOT_FOUND' } });
      const blank = await call('POST', `/warnings/${warningId}/resolve`, { resolution: ' ' });
      expect(blank).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    });
  });
});
