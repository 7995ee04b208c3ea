import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { complaintStreamId, foldComplaintHistory, verifyChain } from '@redress/application';
import type { ComplaintStatus } from '@redress/domain';
import { openEmbeddedDatabase, type EventStore, type SqlClient } from '@redress/event-store';
import type { SealedPersonalData } from '@redress/domain';
import { PersonalDataVault, SqlCustomerKeyStore } from '@redress/privacy';
import {
  describeLocation,
  importedComplaintId,
  importTickets,
  parseMappingOptions,
  TICKET_FORMATS,
  type HistoricalStage,
  type ImportFormat,
  type ImportProgress,
  type ImportSummary,
} from '@redress/migration';
import { FIXTURE_CATEGORY_MAP, writeTicketExport, type FixtureExport } from '../../../bench/import-fixtures';

const FORMATS: ImportFormat[] = ['csv', 'zendesk', 'zammad'];

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'redress-import-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

function run(
  store: EventStore | null,
  fixture: FixtureExport,
  dryRun: boolean,
  onProgress?: (progress: ImportProgress) => void,
  personalData?: PersonalDataVault,
): Promise<ImportSummary> {
  const format = TICKET_FORMATS[fixture.format];
  return importTickets(store, {
    file: fixture.file,
    format,
    mapping: parseMappingOptions({ categoryMap: FIXTURE_CATEGORY_MAP, defaultCategory: 'OTHER' }, format.format),
    dryRun,
    concurrency: 16,
    onProgress,
    personalData,
  });
}

/** The vault over an embedded database's key table, as the CLI builds it over the configured one. */
async function vaultOf(sql: SqlClient): Promise<PersonalDataVault> {
  return new PersonalDataVault(await SqlCustomerKeyStore.open(sql));
}

describe.each(FORMATS)('a dry run of a generated %s export of 1,200 tickets', (formatName) => {
  let fixture: FixtureExport;
  let summary: ImportSummary;
  const progress: ImportProgress[] = [];

  beforeAll(async () => {
    fixture = await writeTicketExport(formatName, join(directory, `dry-run.${formatName}`), 1200);
    summary = await run(null, fixture, true, (p) => progress.push(p));
  });

  it('reports progress record by record, with an estimated total that ends exact', () => {
    expect(progress.map((p) => p.records)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    expect(progress.at(-1)?.total).toBe(1200);
    expect(progress.every((p) => p.total >= p.records)).toBe(true);
  });

  it('reports exactly the malformed records, each by its line or index and the field at fault', () => {
    expect(fixture.malformed.length).toBeGreaterThanOrEqual(30);
    const reported = summary.refused.map((report) => ({
      where: describeLocation({ ...report.location, originalId: undefined }),
      fields: report.problems.map((p) => p.field),
    }));
    expect(reported.map((r) => r.where)).toEqual(fixture.malformed.map((m) => m.where));
    reported.forEach((report, i) => expect(report.fields).toContain(fixture.malformed[i].field));
    for (const report of summary.refused) {
      for (const problem of report.problems) expect(problem.problem).toMatch(/\S/);
    }
  });

  it('counts every other record as importable, and appends nothing', () => {
    expect(summary).toMatchObject({
      dryRun: true,
      records: 1200,
      imported: fixture.valid.length,
      alreadyImported: 0,
      interrupted: false,
    });
    expect(summary.imported + summary.refused.length).toBe(1200);
    expect(summary.events).toBeGreaterThan(summary.imported * 3);
    expect(summary.fileSha256).toBe(createHash('sha256').update(readFileSync(fixture.file)).digest('hex'));
  });
});

/** What a ticket's stage becomes in Redress (every fixture ticket has a category, so intake classifies it). */
function expectedStatus(stage: HistoricalStage, satisfaction: 'good' | 'bad' | null): ComplaintStatus {
  switch (stage) {
    case 'received':
      return 'CLASSIFIED';
    case 'in_progress':
    case 'awaiting_customer':
      return 'ASSIGNED';
    case 'resolved':
      return satisfaction === 'good' ? 'CUSTOMER_CONFIRMED' : 'CUSTOMER_INFORMED';
    default:
      return stage === 'closed' ? 'CLOSED' : 'WITHDRAWN';
  }
}

describe('imported histories in the embedded store', () => {
  let store: EventStore;
  const fixtures = new Map<ImportFormat, FixtureExport>();
  const summaries = new Map<ImportFormat, ImportSummary>();

  let vault: PersonalDataVault;

  beforeAll(async () => {
    const database = await openEmbeddedDatabase(null);
    store = database.eventStore;
    vault = await vaultOf(database.sql);
    for (const format of FORMATS) {
      const fixture = await writeTicketExport(format, join(directory, `embedded.${format}`), 150, 7);
      fixtures.set(format, fixture);
      summaries.set(format, await run(store, fixture, false, undefined, vault));
    }
  });

  it('keeps the contact details exports carry out of the log in plaintext, sealed with each customer key', async () => {
    const log = await store.readAll({ maxCount: 100_000 });
    const text = JSON.stringify(log);
    // The Zammad fixture names each customer by e-mail, on the ticket and on the customer's articles.
    expect(text).not.toMatch(/customer\d+@example\.com/);
    const sealed = log.filter(
      (e) =>
        e.type === 'ComplaintReceived' && (e.data as { customer: { personalData?: unknown } }).customer.personalData,
    );
    expect(sealed.length).toBe((fixtures.get('zammad') as FixtureExport).valid.length);
    const [first] = sealed;
    const customer = (first.data as { customer: { id: string; personalData: SealedPersonalData } }).customer;
    const opened = await vault.open(customer.id, customer.personalData);
    expect(opened).toEqual({ erased: false, data: { email: expect.stringMatching(/^customer\d+@example\.com$/) } });
    // Where they were is listed, so nothing leaves the attributes without a trace.
    const provenance = (first.metadata as unknown as { import: { attributes: { personalDataPaths: string[] } } })
      .import;
    expect(provenance.attributes.personalDataPaths).toEqual(expect.arrayContaining(['customer', 'articles[0].from']));
  });
  afterAll(() => store?.close());

  it.each(FORMATS)(
    '%s: one complaint per valid ticket, at the stage the ticket had, with its original times',
    async (format) => {
      const fixture = fixtures.get(format) as FixtureExport;
      expect(summaries.get(format)).toMatchObject({ imported: fixture.valid.length, alreadyImported: 0 });
      for (const ticket of fixture.valid) {
        const streamId = complaintStreamId(importedComplaintId(format, ticket.id));
        const events = await store.readStream(streamId);
        const state = foldComplaintHistory(events);
        expect({ id: ticket.id, status: state.status }).toEqual({
          id: ticket.id,
          // Zammad has no satisfaction rating of its own.
          status: expectedStatus(ticket.stage, format === 'zammad' ? null : ticket.satisfaction),
        });
        expect(state.receivedAt).toBe(ticket.createdAt);
        expect(events[0].metadata.occurredAt).toBe(ticket.createdAt);
        if (ticket.closedAt) expect(state.closedAt).toBe(ticket.closedAt);
        if (ticket.firstReplyAt) expect(state.acknowledgedAt).not.toBeNull();
        // Occurred-at never goes back in time along a history.
        const instants = events.map((e) => Date.parse(e.metadata.occurredAt));
        expect(instants).toEqual([...instants].sort((a, b) => a - b));
        expect(verifyChain(streamId, events).valid).toBe(true);
      }
    },
  );

  it.each(FORMATS)('%s: every event records its provenance; the receipt keeps the unmapped fields', async (format) => {
    const fixture = fixtures.get(format) as FixtureExport;
    const fileSha256 = createHash('sha256').update(readFileSync(fixture.file)).digest('hex');
    const ticket = fixture.valid.find((t) => t.stage === 'closed') ?? fixture.valid[0];
    const events = await store.readStream(complaintStreamId(importedComplaintId(format, ticket.id)));
    for (const event of events) {
      expect(event.metadata).toMatchObject({
        actor: { id: 'import', role: 'system' },
        import: { sourceSystem: format, format, originalId: ticket.id, fileSha256 },
      });
    }
    const attributes = (events[0].metadata.import as { attributes: Record<string, unknown> }).attributes;
    const kept = {
      csv: { legacy_queue: expect.any(String), status: 'closed' },
      zendesk: {
        custom_fields: [{ id: 360_001, value: ticket.customField }],
        via: expect.any(Object),
        tags: expect.any(Array),
      },
      zammad: {
        // The customer's e-mail is sealed into the receipt's customer.personalData instead; its place is listed.
        personalDataPaths: expect.arrayContaining(['customer']),
        articles: expect.any(Array),
        preferences: { channel_id: 1 },
      },
    }[format];
    expect(attributes).toMatchObject(kept);
    expect(events.slice(1).every((e) => !('attributes' in (e.metadata.import as object)))).toBe(true);
    // Steps the source does not record are marked as derived by the import.
    const synthesized = events
      .filter((e) => (e.metadata.import as { synthesized: boolean }).synthesized)
      .map((e) => e.type);
    expect(synthesized).toContain('FeedbackReportSent');
  });

  it('a second run of the same file appends nothing and reports the complaints as imported before', async () => {
    const fixture = fixtures.get('zendesk') as FixtureExport;
    const head = await store.headPosition();
    const again = await run(store, fixture, false, undefined, vault);
    expect(again).toMatchObject({ imported: 0, alreadyImported: fixture.valid.length, events: 0 });
    expect(again.refused).toHaveLength(fixture.malformed.length);
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses a ticket past intake that no category mapping covers, naming the field', async () => {
    const file = join(directory, 'uncategorised.csv');
    await writeFile(
      file,
      'id,created_at,customer_id,subject,description,status,assignee,category\n' +
        'U-1,2024-02-01T10:00:00Z,C-1,Late parcel,The parcel is a week late,in_progress,agent-1,unknown-queue\n' +
        'U-2,2024-02-01T10:00:00Z,C-1,Late parcel,The parcel is a week late,received,,unknown-queue\n',
    );
    const format = TICKET_FORMATS.csv;
    const summary = await importTickets(null, {
      file,
      format,
      mapping: parseMappingOptions({}, 'csv'),
      dryRun: true,
      concurrency: 1,
    });
    expect(summary.imported).toBe(1);
    expect(summary.refused).toEqual([
      {
        location: { line: 2, originalId: 'U-1' },
        problems: [{ field: 'category', problem: expect.stringContaining('--category-map') }],
      },
    ]);
  });
});

describe('files that cannot be read as a whole', () => {
  const dryRun = (format: ImportFormat, file: string) =>
    importTickets(null, {
      file,
      format: TICKET_FORMATS[format],
      mapping: parseMappingOptions({ defaultCategory: 'OTHER' }, format),
      dryRun: true,
      concurrency: 1,
    });

  it('stops at a JSON export cut short, naming the file and the last record read', async () => {
    const fixture = await writeTicketExport('zendesk', join(directory, 'whole.zendesk'), 40);
    const text = readFileSync(fixture.file, 'utf8');
    const cut = join(directory, 'cut.zendesk');
    await writeFile(cut, text.slice(0, Math.floor(text.length / 2)));
    await expect(dryRun('zendesk', cut)).rejects.toThrow(
      new RegExp(`^${cut}: not valid JSON after record \\d+: Parser ended in mid-parsing`),
    );
    await writeFile(cut, `${text.slice(0, Math.floor(text.length / 2))}}}]]`);
    await expect(dryRun('zendesk', cut)).rejects.toThrow(/not valid JSON after record \d+/);
  });

  it('stops at a JSON document of the wrong shape', async () => {
    const file = join(directory, 'object.zammad');
    await writeFile(file, '{"tickets": []}');
    await expect(dryRun('zammad', file)).rejects.toThrow('a Zammad export must be a JSON array of tickets');
    await writeFile(file, '[]');
    await expect(dryRun('zendesk', file)).rejects.toThrow(
      'a Zendesk export must be a JSON object with a "tickets" array',
    );
  });

  it('reports a CSV quote never closed as a refused record at the line it opens', async () => {
    const file = join(directory, 'quote.csv');
    await writeFile(file, 'id,created_at\n1,"2024-01-01T00:00:00Z\n');
    const summary = await dryRun('csv', file);
    expect(summary.refused).toEqual([
      { location: { line: 2 }, problems: [{ field: 'row', problem: expect.stringContaining('Quote Not Closed') }] },
    ]);
  });
});

describe('an import stopped by a signal', () => {
  it('finishes the appends under way, says it was interrupted, and a second run completes it', async () => {
    const { eventStore: store, sql } = await openEmbeddedDatabase(null);
    try {
      const fixture = await writeTicketExport('csv', join(directory, 'interrupted.csv'), 200, 11);
      const request = {
        personalData: await vaultOf(sql),
        file: fixture.file,
        format: TICKET_FORMATS.csv,
        mapping: parseMappingOptions({ categoryMap: FIXTURE_CATEGORY_MAP, defaultCategory: 'OTHER' }, 'csv'),
        dryRun: false,
        concurrency: 4,
      };
      const stop = new AbortController();
      const first = await importTickets(store, {
        ...request,
        signal: stop.signal,
        onProgress: ({ records }) => records === 60 && stop.abort(),
      });
      expect(first.interrupted).toBe(true);
      expect(first.records).toBeLessThan(200);
      const second = await importTickets(store, request);
      expect(second.interrupted).toBe(false);
      expect(second.alreadyImported).toBe(first.imported);
      expect(first.imported + second.imported).toBe(fixture.valid.length);
    } finally {
      await store.close();
    }
  });
});
