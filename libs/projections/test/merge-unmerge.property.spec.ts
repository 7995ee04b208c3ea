/**
 * Property (issue 11): for random complaint histories, merging one complaint
 * into another and unmerging it leaves every read model's rows byte for byte
 * as they were before the merge, dumped as canonical JSON: every table of
 * every projection the product runs (complaint list and its counters, SLA
 * tracking with its clocks and alert timers, satisfaction, KPIs, early
 * warnings, duplicate detection).
 *
 * Two things are left out of the comparison, both by design of the read
 * models rather than of merging: the columns recording where a row is in the
 * log (revision, updated_at, last_position), which move forward with any
 * event since history is append-only; and counters of complaint_list_counts
 * at zero, which the projection keeps once created and every reader skips
 * (a merge creates the counter of the MERGED combination, which returns to 0).
 *
 * Runs on the embedded store (PGlite), through the real command services, the
 * merge process and the projection runner. FAST_CHECK_SEED / FAST_CHECK_RUNS vary it.
 */
import fc from 'fast-check';
import { canonicalJson, type UnstampedComplaintCommand } from '@redress/application';
import { ProjectionRunner, allProjections, SHIPPED_SLA_TRACKING } from '../src';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

const BOOKKEEPING_COLUMNS = new Set(['revision', 'updated_at', 'last_position']);

/** The main line up to the last open status a complaint can be merged in, one command per step. */
const OPEN_PATH: UnstampedComplaintCommand[] = [
  { type: 'ClassifyComplaint', category: 'PRODUCT_FUNCTION' },
  { type: 'TriageComplaint', grade: 'SERIOUS', priority: 'P2', isComplex: false },
  { type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-7' },
  { type: 'AcknowledgeComplaint', channel: 'EMAIL', message: 'We are on it' },
  { type: 'EscalateComplaint', level: 'SUPERVISOR', reason: 'Second outage this month' },
  {
    type: 'RecordRootCause',
    rootCause: 'Firmware watchdog bug',
    category: 'PRODUCT_SERVICE_DEFECT',
    responsibleDepartment: 'engineering',
    responsiblePerson: 'eng-lead-3',
  },
  { type: 'ProposeResolution', plan: 'Replace the router', measures: ['Ship a replacement unit'] },
];

const HOUR_MS = 3_600_000;
const BASE = Date.parse('2026-10-01T08:00:00Z');

const complaintHistory = fc.record({
  receivedAfterHours: fc.integer({ min: 0, max: 20 * 24 }),
  categoryAtReceipt: fc.constantFrom(undefined, 'PRODUCT_FUNCTION', 'SERVICE_QUALITY'),
  channel: fc.constantFrom('EMAIL', 'PHONE', 'ON_SITE'),
  steps: fc.integer({ min: 0, max: OPEN_PATH.length }),
  hoursBetweenSteps: fc.integer({ min: 1, max: 30 }),
});

type ComplaintHistory = typeof complaintHistory extends fc.Arbitrary<infer T> ? T : never;

const scenario = fc.record({
  primary: complaintHistory,
  duplicate: complaintHistory,
  /** Another duplicate merged into the primary before, so the primary's earliest receipt is not only its own. */
  earlierDuplicate: fc.option(complaintHistory, { nil: undefined }),
  mergeAfterHours: fc.integer({ min: 1, max: 48 }),
  unmergeAfterHours: fc.integer({ min: 0, max: 48 }),
});

describe('merge then unmerge', () => {
  let fx: ProjectionFixture;
  let runner: ProjectionRunner;
  const projections = allProjections(SHIPPED_SLA_TRACKING);
  let customers = 0;

  beforeAll(async () => {
    fx = await openProjectionFixture();
    runner = new ProjectionRunner(projections, fx.store, fx.client, fx.catalog);
    await runner.start();
  });

  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  /** Every read model's rows as canonical JSON, once the projections have caught up with the log. */
  async function dumpReadModels(): Promise<string> {
    await runner.waitFor(await fx.store.headPosition(), 30_000);
    const tables: Record<string, string[]> = {};
    for (const projection of projections) {
      for (const table of projection.tables) {
        const { rows } = await fx.client.query<Record<string, unknown>>(`SELECT * FROM ${table}`);
        tables[table] = rows
          .filter((row) => !(table === 'complaint_list_counts' && Number(row.complaints) === 0))
          .map((row) => canonicalJson(JSON.parse(JSON.stringify(withoutBookkeeping(row)))))
          .sort();
      }
    }
    return canonicalJson(tables);
  }

  async function receiveWithHistory(history: ComplaintHistory, customerId: string) {
    let at = BASE + history.receivedAfterHours * HOUR_MS;
    fx.setNow(new Date(at).toISOString());
    const id = await fx.receive({
      customer: { id: customerId, tier: 'ORDINARY' },
      channel: history.channel,
      occurredAt: new Date(at - HOUR_MS).toISOString(),
      ...(history.categoryAtReceipt && { category: history.categoryAtReceipt }),
    });
    for (const step of OPEN_PATH.slice(0, history.steps)) {
      // A category given at receipt is changed by the classify step, which then needs a reason.
      const command =
        step.type === 'ClassifyComplaint' && history.categoryAtReceipt
          ? { ...step, reason: 'the customer explained more' }
          : step;
      if (step.type === 'ClassifyComplaint' && history.categoryAtReceipt === step.category) continue;
      at += history.hoursBetweenSteps * HOUR_MS;
      fx.setNow(new Date(at).toISOString());
      await fx.run(id, command);
    }
    return { id, lastAt: at };
  }

  it('leaves every read model as it was, for random histories of both complaints', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const customerId = `CUST-P${++customers}`;
        const primary = await receiveWithHistory(s.primary, customerId);
        const duplicate = await receiveWithHistory(s.duplicate, customerId);
        let lastAt = Math.max(primary.lastAt, duplicate.lastAt);
        if (s.earlierDuplicate) {
          const earlier = await receiveWithHistory(s.earlierDuplicate, customerId);
          lastAt = Math.max(lastAt, earlier.lastAt) + HOUR_MS;
          fx.setNow(new Date(lastAt).toISOString());
          await fx.merge(earlier.id, primary.id);
        }
        const before = await dumpReadModels();

        fx.setNow(new Date(lastAt + s.mergeAfterHours * HOUR_MS).toISOString());
        const merged = await fx.merge(duplicate.id, primary.id);
        expect(merged.duplicate.status).toBe('MERGED');
        const during = await dumpReadModels();
        expect(during).not.toBe(before); // the merge shows, so the comparison below can tell

        fx.setNow(new Date(lastAt + (s.mergeAfterHours + s.unmergeAfterHours) * HOUR_MS).toISOString());
        await fx.unmerge(duplicate.id);
        expect(await dumpReadModels()).toBe(before);
      }),
      {
        seed: Number(process.env.FAST_CHECK_SEED ?? 20_261_123),
        numRuns: Number(process.env.FAST_CHECK_RUNS ?? 25),
      },
    );
  }, 240_000);
});

function withoutBookkeeping(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([column]) => !BOOKKEEPING_COLUMNS.has(column)));
}
