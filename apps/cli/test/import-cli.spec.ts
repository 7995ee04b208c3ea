import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importedComplaintId, type ImportFormat, type ImportSummary } from '@redress/migration';
import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../../libs/event-store/test/support/postgres-test-schema';
import { FIXTURE_CATEGORY_MAP, writeTicketExport, type FixtureExport } from '../../../bench/import-fixtures';
import { ApiHarness } from '../../../test/support/api-harness';
import { buildCli, postgresStoreEnv, type CliBuild, type CliResult } from './support/cli-process';

/**
 * `import` end to end: the management CLI compiled as `npm run build`
 * compiles it and run as its own process against PostgreSQL, on generated
 * exports of 1,200 tickets with malformed records in each format.
 */
const RECORDS = 1200;

let build: CliBuild;
let files: string;
const schemas: string[] = [];

beforeAll(async () => {
  await adminQuery('SELECT 1'); // fails with a hint when PostgreSQL is down; never skips
  build = await buildCli();
  files = await mkdtemp(join(tmpdir(), 'redress-import-files-'));
});
afterAll(async () => {
  await Promise.all(schemas.map(dropSchema));
  await build?.remove();
  await rm(files, { recursive: true, force: true });
});

function newSchema(): string {
  const schema = randomSchemaName();
  schemas.push(schema);
  return schema;
}

/** Runs the CLI with the store in `schema`; `whileRunning` may kill it. */
function cli(args: string[], schema: string, whileRunning?: (kill: () => void) => Promise<void>): Promise<CliResult> {
  return build.run(args, postgresStoreEnv(POSTGRES_URL, schema), whileRunning);
}

const mappingArgs = [
  ...FIXTURE_CATEGORY_MAP.flatMap((entry) => ['--category-map', entry]),
  '--default-category',
  'OTHER',
];

function importArgs(fixture: FixtureExport, ...more: string[]): string[] {
  return ['import', '--format', fixture.format, fixture.file, ...mappingArgs, ...more];
}

function summaryOf(result: CliResult): ImportSummary {
  try {
    return JSON.parse(result.stdout) as ImportSummary;
  } catch {
    throw new Error(
      `not a JSON summary (exit ${result.code}): ${result.stdout.slice(0, 500)} ${result.stderr.slice(0, 2000)}`,
    );
  }
}

async function storedEvents(schema: string): Promise<Record<string, unknown>[]> {
  return adminQuery(
    `SELECT stream_id, revision, event_id, event_type, data, metadata FROM ${schema}.redress_events ORDER BY stream_id, revision`,
  );
}

async function complaintCount(schema: string): Promise<number> {
  const [row] = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.redress_streams`);
  return Number(row.n);
}

const imported = new Map<ImportFormat, { fixture: FixtureExport; schema: string; events: number }>();

describe.each<ImportFormat>(['csv', 'zendesk', 'zammad'])('import --format %s of 1,200 generated tickets', (format) => {
  let fixture: FixtureExport;
  const schema = newSchema();

  beforeAll(async () => {
    fixture = await writeTicketExport(format, join(files, `tickets.${format}`), RECORDS);
  });

  it('dry run: prints the report, line or record, field and problem, for each malformed record; exits 3; stores nothing', async () => {
    const result = await cli([...importArgs(fixture), '--dry-run'], schema);
    expect(result.code).toBe(3);
    const reportLines = result.stdout.split('\n').filter((line) => line.includes(' | '));
    for (const { where, field } of fixture.malformed) {
      expect(reportLines.some((line) => line.trim().startsWith(where) && line.includes(` | ${field} | `))).toBe(true);
    }
    expect(result.stdout).toContain(`${RECORDS} records; would import ${fixture.valid.length} complaints`);
    const [exists] = await adminQuery<{ n: string }>(
      'SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = $1',
      [schema],
    );
    expect(Number(exists.n)).toBe(0);
  });

  it('imports every valid ticket as one complaint, skips and reports the malformed ones, and the chains verify', async () => {
    const result = await cli([...importArgs(fixture), '--json'], schema);
    expect(result.code).toBe(3);
    const summary = summaryOf(result);
    expect(summary).toMatchObject({ records: RECORDS, imported: fixture.valid.length, alreadyImported: 0 });
    expect(summary.refused.length).toBe(fixture.malformed.length);
    expect(await complaintCount(schema)).toBe(fixture.valid.length);
    const events = await storedEvents(schema);
    expect(events).toHaveLength(summary.events);
    imported.set(format, { fixture, schema, events: summary.events });

    const audit = await cli(['audit', 'verify', '--all'], schema);
    expect({ code: audit.code, out: audit.stdout }).toEqual({
      code: 0,
      out: expect.stringContaining(`OK: ${fixture.valid.length} complaints`),
    });
  });

  it('a re-run of the same file appends nothing', async () => {
    const result = await cli([...importArgs(fixture), '--json'], schema);
    expect(summaryOf(result)).toMatchObject({ imported: 0, alreadyImported: fixture.valid.length, events: 0 });
    expect(await storedEvents(schema)).toHaveLength(imported.get(format)?.events ?? -1);
  });
});

describe('an import killed half-way', () => {
  it('resumes when run again and ends with the same store as an uninterrupted import', async () => {
    const { fixture, schema: reference } = imported.get('zendesk') as NonNullable<ReturnType<typeof imported.get>>;
    const schema = newSchema();
    let countAtKill = 0;
    const killed = await cli(importArgs(fixture, '--concurrency', '2'), schema, async (kill) => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        countAtKill = await complaintCount(schema).catch(() => 0);
        if (countAtKill >= 200) return kill();
      }
    });
    expect(killed.signal).toBe('SIGKILL');
    const stored = await complaintCount(schema);
    expect(stored).toBeGreaterThanOrEqual(200);
    expect(stored).toBeLessThan(fixture.valid.length);

    const resumed = await cli([...importArgs(fixture), '--json'], schema);
    const summary = summaryOf(resumed);
    expect(summary.alreadyImported).toBe(stored);
    expect(summary.imported).toBe(fixture.valid.length - stored);
    expect(await storedEvents(schema)).toEqual(await storedEvents(reference));
  });
});

describe('imported complaints through the API', () => {
  let api: ApiHarness | undefined;
  afterAll(() => api?.dispose());

  it('GET /complaints/:id shows an imported complaint, and the complaint list has them all', async () => {
    const { fixture, schema } = imported.get('csv') as NonNullable<ReturnType<typeof imported.get>>;
    api = await ApiHarness.start({ kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 4 } });
    const closed = fixture.valid.find((ticket) => ticket.stage === 'closed') as FixtureExport['valid'][number];
    const id = importedComplaintId('csv', closed.id);
    const complaint = await api.get(`/complaints/${id}`);
    expect(complaint.status).toBe(200);
    expect(complaint.body).toMatchObject({
      id,
      status: 'CLOSED',
      complaint: { status: 'CLOSED', receivedAt: closed.createdAt, closedAt: closed.closedAt },
    });
    const history = await api.get(`/complaints/${id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.events[0]).toMatchObject({
      type: 'ComplaintReceived',
      occurredAt: closed.createdAt,
      metadata: { import: { sourceSystem: 'csv', format: 'csv', originalId: closed.id } },
    });
    expect(history.body.events.at(-1)).toMatchObject({ type: 'ComplaintClosed', occurredAt: closed.closedAt });

    const [head] = await adminQuery<{ position: string }>(`SELECT position FROM ${schema}.redress_log_head`);
    let listed = await api.get(`/complaints?minPosition=${head.position}&limit=1`);
    for (let attempt = 0; listed.status === 503 && attempt < 60; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      listed = await api.get(`/complaints?minPosition=${head.position}&limit=1`);
    }
    expect(listed.status).toBe(200);
    expect(listed.body.totals.total).toBe(fixture.valid.length);
    expect(listed.body.totals.byStatus.CLOSED).toBe(fixture.valid.filter((t) => t.stage === 'closed').length);
  });
});
