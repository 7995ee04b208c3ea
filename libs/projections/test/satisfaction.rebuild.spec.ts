import fc from 'fast-check';
import {
  ComplaintKpiQueries,
  createSatisfactionProjection,
  COMPLAINT_SEGMENT_DIMENSIONS,
  ProjectionRebuilder,
  ProjectionRunner,
  SATISFACTION_PROJECTIONS,
  SATISFACTION_SEGMENT_DIMENSIONS,
  SatisfactionQueries,
  WINDOW_KINDS,
} from '../src';
import { openSatisfactionFixture, type SatisfactionFixture } from './satisfaction-fixture';

/** A seeded stream of numbers in [0, 1), so a failing history can be replayed. */
function random(seed: number) {
  const values = fc.sample(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { seed, numRuns: 20_000 });
  let index = 0;
  return () => values[index++ % values.length];
}

describe('satisfaction, KPI and warning read models: rebuild equivalence over a random history', () => {
  let fx: SatisfactionFixture;
  let runner: ProjectionRunner;
  const next = random(20261106);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const between = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const day = (d: number, hour = 9) => new Date(Date.UTC(2026, 9, 1 + d, hour)).toISOString();
  const reassign = (assignee: string) =>
    ({ type: 'AssignComplaint', department: 'care', assignee, reason: 'rebalanced' }) as const;
  const answers = () => {
    const all: Record<string, number> = { CSAT: between(1, 5), NPS: between(0, 10), CES: between(1, 7) };
    for (const d of ['EFFICIENCY', 'RELIABILITY', 'PROFESSIONALISM', 'EMOTIONAL', 'FOLLOW_UP_SUPPORT', 'LOYALTY'])
      if (next() < 0.8) all[d] = between(1, 5);
    return all;
  };

  beforeAll(async () => {
    fx = await openSatisfactionFixture();
    runner = new ProjectionRunner(SATISFACTION_PROJECTIONS, fx.store, fx.client, fx.catalog, { batchSize: 11 });
    await runner.start();
    for (let d = 0; d < 60; d += between(1, 3)) {
      fx.setNow(day(d));
      const id = await fx.receive({
        category: pick(['SERVICE_QUALITY', 'PRODUCT_FUNCTION', 'POLICY_PROCESS'] as const),
        channel: pick(['EMAIL', 'PHONE', 'APP'] as const),
        customer: { id: `CUST-${between(1, 6)}`, tier: pick(['HIGH_VALUE', 'ORDINARY'] as const) },
      });
      await fx.run(id, {
        type: 'TriageComplaint',
        grade: pick(['GENERAL', 'SERIOUS'] as const),
        priority: 'P3',
        isComplex: false,
      });
      await fx.run(id, {
        type: 'AssignComplaint',
        department: pick(['care', 'billing']),
        assignee: `agent-${between(1, 4)}`,
      });
      for (let s = between(0, 2); s > 0; s--) {
        fx.setNow(day(d, 10));
        const survey = await fx.invite(id, pick(['SMS', 'EMAIL', 'PHONE'] as const));
        if (next() < 0.3) {
          fx.setNow(day(d, 11));
          await fx.run(id, reassign(`agent-${10 + s}`));
        }
        if (next() < 0.75) {
          // Some answers are keyed days later but dated when the customer answered.
          fx.setNow(day(d + between(0, 4), 12));
          await fx.respond(survey, answers(), next() < 0.3 ? day(d, 11) : undefined);
          if (next() < 0.4) {
            // A change after a reassignment moves the whole response to the new agent's segment.
            fx.setNow(day(d + 5, 11));
            if (next() < 0.5) await fx.run(id, reassign(`agent-${30 + s}`));
            fx.setNow(day(d + 5, 12));
            await fx.change(survey, answers());
          }
        }
      }
      if (next() < 0.2) {
        fx.setNow(day(d, 14));
        const survey = `periodic-${d}`;
        await fx.survey(survey, {
          type: 'RecordSurveyResponse',
          surveyId: survey,
          questionnaire: { id: 'customer-relationship', version: 1 },
          subject: { kind: 'CUSTOMER', customerId: `CUST-${between(1, 6)}`, customerTier: pick(['HIGH_VALUE', null]) },
          channel: 'WEB',
          answers: answers(),
        });
      }
    }
    await runner.waitFor(await fx.store.headPosition());
  });
  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  it('rebuilds every table and every figure exactly, whatever the batch boundaries', async () => {
    const tables = SATISFACTION_PROJECTIONS.flatMap((p) => p.tables);
    const satisfaction = new SatisfactionQueries(fx.client);
    const kpis = new ComplaintKpiQueries(fx.client);
    const asOf = new Date(day(45));
    const everything = async () => ({
      tables: await Promise.all(
        tables.map(async (t) =>
          (await fx.client.query<{ row: unknown }>(`SELECT to_jsonb(x) AS row FROM ${t} x`)).rows
            .map((r) => JSON.stringify(r.row))
            .sort(),
        ),
      ),
      satisfaction: await Promise.all(
        WINDOW_KINDS.flatMap((window) =>
          [undefined, ...SATISFACTION_SEGMENT_DIMENSIONS].map((segment) =>
            satisfaction.report({ window, asOf, segment }),
          ),
        ),
      ),
      kpis: await Promise.all(
        WINDOW_KINDS.flatMap((window) =>
          [undefined, ...COMPLAINT_SEGMENT_DIMENSIONS].map((segment) => kpis.report({ window, asOf, segment })),
        ),
      ),
    });
    const live = await everything();
    const responses = live.satisfaction.find((r) => r.window.kind === 'quarter' && !r.segmentBy)!.groups[0].figures;
    expect(responses.responses).toBeGreaterThan(15);
    expect(live.tables.find((rows) => rows.some((row) => row.includes('"responded_day"')))!.length).toBeGreaterThan(20);

    const rebuilder = new ProjectionRebuilder(fx.store, fx.client, fx.catalog, 7);
    for (const projection of SATISFACTION_PROJECTIONS) await rebuilder.rebuild(projection);
    expect(await everything()).toEqual(live);

    // Again keeping only two complaints and two surveys in memory: every other one is read back from the tables.
    await rebuilder.rebuild(createSatisfactionProjection({ timeZone: 'UTC', rowsKept: 2 }));
    expect(await everything()).toEqual(live);
  });
});
