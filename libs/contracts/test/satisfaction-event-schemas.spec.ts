import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { EARLY_WARNING_EVENT_SCHEMA_VERSIONS, SURVEY_EVENT_SCHEMA_VERSIONS } from '@redress/domain';
import { loadEventSchemas } from '@redress/contracts';
import {
  dimensionAnswers,
  openSatisfactionFixture,
  type SatisfactionFixture,
} from '../../projections/test/satisfaction-fixture';

/** The survey and early-warning events the services really append, checked against their published schemas. */
describe('survey and early-warning events', () => {
  let fx: SatisfactionFixture;

  beforeAll(async () => {
    fx = await openSatisfactionFixture();
    const complaintId = await fx.receive();
    const surveyId = await fx.invite(complaintId, 'EMAIL');
    await fx.respond(surveyId, { ...dimensionAnswers([5, 4, 3, 4, 5, 2]), CSAT: 4, NPS: 9, CES: 6 });
    await fx.change(surveyId, { CSAT: 2, NPS: 0 });
    const customerSurvey = randomUUID();
    await fx.survey(customerSurvey, {
      type: 'RecordSurveyResponse',
      surveyId: customerSurvey,
      questionnaire: { id: 'customer-relationship', version: 1 },
      subject: { kind: 'CUSTOMER', customerId: 'CUST-9', customerTier: null },
      channel: 'WEB',
      answers: { CSAT: 5 },
      comment: 'Fine',
    });
    const warningId = randomUUID();
    await fx.warning(warningId, {
      type: 'TriggerEarlyWarning',
      warningId,
      ruleId: 'product-hotspot',
      indicator: 'HOTSPOT',
      scope: { window: { kind: 'trailing-7d', from: '2026-10-27', to: '2026-11-02' }, segment: null },
      value: 12,
      threshold: 9,
      direction: 'ABOVE',
      owner: 'product-quality-manager',
      deadline: '2026-11-03T09:00:00.000Z',
      evidence: [complaintId],
    });
    await fx.warning(warningId, { type: 'AcknowledgeEarlyWarning' });
    await fx.warning(warningId, { type: 'ResolveEarlyWarning', resolution: 'Firmware fixed' });
  });
  afterAll(() => fx.close());

  it('cover every type, and each validates against the schema of its version', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const validators = new Map(
      loadEventSchemas().map((entry) => [`${entry.eventType}.v${entry.schemaVersion}`, ajv.compile(entry.schema)]),
    );
    const events = (await fx.store.readAll({ maxCount: 1000 })).filter(
      (event) => !event.streamId.startsWith('complaint-'),
    );
    const failures = events.flatMap((event) => {
      const validate = validators.get(`${event.type}.v${event.schemaVersion}`);
      if (!validate) return [`${event.type}.v${event.schemaVersion}: no schema`];
      return validate(event.data) ? [] : [`${event.type}: ${ajv.errorsText(validate.errors)}`];
    });
    expect(failures).toEqual([]);
    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set([...Object.keys(SURVEY_EVENT_SCHEMA_VERSIONS), ...Object.keys(EARLY_WARNING_EVENT_SCHEMA_VERSIONS)]),
    );
  });
});
