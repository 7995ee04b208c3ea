import { randomUUID } from 'node:crypto';
import { DEFAULT_STREAM_PREFIXES } from '@redress/event-store';
import { HASH_CHAINED_STREAMS, verifyAllChains } from '../src';
import {
  dimensionAnswers,
  openSatisfactionFixture,
  type SatisfactionFixture,
} from '../../projections/test/satisfaction-fixture';

describe('verifying every hash chain of the log in one pass', () => {
  let fx: SatisfactionFixture;
  let surveyId: string;
  let warningId: string;

  beforeAll(async () => {
    fx = await openSatisfactionFixture();
    const complaints = [await fx.receive(), await fx.receive()];
    surveyId = await fx.invite(complaints[0], 'EMAIL');
    await fx.respond(surveyId, { ...dimensionAnswers([5, 4, 4, 5, 3, 4]), CSAT: 4 });
    warningId = randomUUID();
    await fx.warning(warningId, {
      type: 'TriggerEarlyWarning',
      warningId,
      ruleId: 'complaint-rate-high',
      indicator: 'COMPLAINT_RATE',
      scope: { window: { kind: 'month', from: '2026-11-01', to: '2026-11-30' }, segment: null },
      value: 42,
      threshold: 30,
      direction: 'ABOVE',
      owner: 'quality-manager',
      deadline: '2026-12-02T12:00:00.000Z',
    });
    // Another stream no command service writes: not hash-chained, so not a break either.
    await fx.store.append(
      'import-batch-1',
      [
        {
          eventId: randomUUID(),
          type: 'Imported',
          schemaVersion: 1,
          data: {},
          metadata: {
            commandId: 'c',
            correlationId: 'c',
            causationId: 'c',
            actor: { id: 'i', role: 'system' },
            occurredAt: '2026-11-02T09:00:00Z',
          },
        },
      ],
      'no_stream',
    );
  });
  afterAll(async () => {
    await fx.close();
  });

  it('checks complaint, survey and early-warning streams, in pages read ahead, and finds them intact', async () => {
    const progress: number[] = [];
    const result = await verifyAllChains(fx.store, (position) => progress.push(position), 2);
    const head = await fx.store.headPosition();
    expect(result).toMatchObject({
      valid: true,
      breaks: [],
      streams: 4,
      streamsByKind: { complaint: 2, survey: 1, warning: 1 },
      events: head - 1,
    });
    expect(progress.at(-1)).toBe(head);
  });

  it('reports the first break of a survey response edited in the database, and only that stream', async () => {
    await fx.client.query(
      `UPDATE redress_events SET data = (data::jsonb || '{"respondedVia": "forged"}')::json WHERE stream_id = $1 AND revision = 1`,
      [`survey-${surveyId}`],
    );
    const result = await verifyAllChains(fx.store);
    expect(result.valid).toBe(false);
    expect(result.breaks).toEqual([
      { streamId: `survey-${surveyId}`, revision: 1, eventId: expect.any(String), reason: 'content-hash-mismatch' },
    ]);
  });
});

describe('the streams of the log', () => {
  it('are, on KurrentDB too, every stream a command service writes', () => {
    // KurrentDB's $all also holds system and foreign streams, so its adapter reads only Redress's prefixes.
    expect([...DEFAULT_STREAM_PREFIXES].sort()).toEqual(Object.values(HASH_CHAINED_STREAMS).sort());
  });
});
