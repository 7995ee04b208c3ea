import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { PDFParse } from 'pdf-parse';
import { ComplaintCommandService } from '@redress/application';
import {
  dropSchema,
  openTestStore,
  POSTGRES_URL,
  randomSchemaName,
} from '../../../libs/event-store/test/support/postgres-test-schema';
import { ApiHarness } from '../../../test/support/api-harness';
import { lifecycleSteps, receiveBody } from '../../../test/support/complaint-requests';
import { buildCli, postgresStoreEnv, type CliBuild, type CliResult } from './support/cli-process';

/** The pack without the instant it was made, and the SLA figures that follow from that instant. */
function comparable(pack: Record<string, unknown> & { sla: { policy: unknown; clocks: { clock: string }[] } }) {
  const { generatedAt: _generatedAt, sla, ...rest } = pack;
  return { ...rest, sla: { policy: sla.policy, clocks: sla.clocks.map((clock) => clock.clock) } };
}

/**
 * `audit export` end to end: a complaint worked through the API on
 * PostgreSQL (whose projections build the SLA read model), then the CLI,
 * compiled and run as its own process, writes the pack the API answers.
 */
describe('audit export', () => {
  const schema = randomSchemaName();
  let build: CliBuild;
  let api: ApiHarness;
  let files: string;
  let id: string;

  const cli = (...args: string[]): Promise<CliResult> =>
    build.run(['audit', 'export', ...args], postgresStoreEnv(POSTGRES_URL, schema));

  beforeAll(async () => {
    [build, files] = await Promise.all([buildCli(), mkdtemp(join(tmpdir(), 'redress-audit-export-'))]);
    api = await ApiHarness.start({ kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 4 } });
    id = (await api.post('/complaints', receiveBody({ content: '路由器每小时断线一次' }))).body.id;
    let position = 0;
    for (const [command, body] of lifecycleSteps().slice(0, 3)) {
      const step = await api.post(`/complaints/${id}/${command}`, body);
      expect(step.status).toBe(200);
      position = step.body.position;
    }
    expect((await api.get(`/complaints/${id}/sla?minPosition=${position}`)).status).toBe(200);
  });
  afterAll(async () => {
    await api?.dispose();
    await build?.remove();
    await rm(files, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('writes the JSON pack GET /complaints/:id/audit-pack answers to standard output', async () => {
    const result = await cli(id);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const exported = JSON.parse(result.stdout);
    const answered = (await api.get(`/complaints/${id}/audit-pack`)).body;
    expect(comparable(exported)).toEqual(comparable(answered));
    expect(exported.verification).toMatchObject({ valid: true, events: 4 });
  });

  it('writes CSV and PDF files, the format taken from the file name or from --format', async () => {
    const csvFile = join(files, 'pack.csv');
    const csv = await cli(id, '--out', csvFile);
    expect(csv.code).toBe(0);
    expect(csv.stderr).toBe(`wrote ${csvFile}: csv, 4 events, hash chain valid\n`);
    const rows: Record<string, string>[] = parse(await readFile(csvFile, 'utf8'), { columns: true });
    expect(rows.filter((row) => row.record === 'event').map((row) => row.event_type)).toEqual([
      'ComplaintReceived',
      'ComplaintClassified',
      'ComplaintTriaged',
      'ComplaintAssigned',
    ]);

    const pdfFile = join(files, 'evidence');
    expect((await cli(id, '--format', 'pdf', '--out', pdfFile)).code).toBe(0);
    const parser = new PDFParse({ data: new Uint8Array(await readFile(pdfFile)) });
    const { text } = await parser.getText();
    await parser.destroy();
    expect(text.replace(/\s+/g, ' ')).toContain(`Audit pack: complaint ${id}`);
    expect(text).toContain('路由器每小时断线一次');
  });

  it('refuses what cannot be exported, saying why', async () => {
    const malformed = await cli('not-a-complaint');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('a complaint id is a UUID, not "not-a-complaint"');

    const badFormat = await cli(id, '--format', 'docx');
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('must be one of json, csv, pdf');

    const unknown = await cli('00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('00000000-0000-4000-8000-000000000000');
    expect(unknown.stdout).toBe('');
  });

  it('does not export a pack without the SLA read model, naming the way out', async () => {
    const bare = randomSchemaName();
    const bareStore = await openTestStore(bare);
    try {
      const other = randomUUID();
      await new ComplaintCommandService(bareStore).execute({
        complaintId: other,
        command: { type: 'ReceiveComplaint', complaintId: other, ...receiveBody() } as never,
        commandId: randomUUID(),
        correlationId: randomUUID(),
        actor: { id: 'agent-1', role: 'agent' },
      });
      const result = await build.run(['audit', 'export', other], postgresStoreEnv(POSTGRES_URL, bare));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the SLA read model (projection sla-tracking) has not been built in this store');
      expect(result.stdout).toBe('');
    } finally {
      await bareStore.close();
      await dropSchema(bare);
    }
  });
});
