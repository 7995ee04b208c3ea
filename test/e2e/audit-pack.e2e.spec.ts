import { parse } from 'csv-parse/sync';
import { PDFParse } from 'pdf-parse';
import { ApiHarness } from '../support/api-harness';
import { lifecycleSteps, receiveBody } from '../support/complaint-requests';

/** Customer-written text: Chinese (drawn from the CJK font subsets) and a would-be spreadsheet formula. */
const CONTENT = '路由器每小时断线一次 — the X200 drops the connection every hour';
const FORMULA_REASON = '=HYPERLINK("http://attacker.example","click")';

describe('audit pack: one complaint as JSON, CSV and PDF evidence', () => {
  let api: ApiHarness;
  let id: string;

  beforeAll(async () => {
    api = await ApiHarness.start();
    const received = await api.post('/complaints', receiveBody({ content: CONTENT, reason: FORMULA_REASON }), {
      'x-actor-id': 'agent-1',
      'x-correlation-id': 'corr-pack',
    });
    id = received.body.id;
    for (const [command, body] of lifecycleSteps().slice(0, 4)) {
      const step = await api.post(`/complaints/${id}/${command}`, body, {
        'x-actor-id': 'agent-2',
        'x-actor-role': 'agent',
      });
      expect(step.status).toBe(200);
    }
  });
  afterAll(async () => {
    await api.dispose();
  });

  const download = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${api.url}${path}`, { headers: { ...api.credentials, ...headers } });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  it('gathers the history, the state after each event, the SLA outcomes and the verification of the same moment', async () => {
    const pack = await api.get(`/complaints/${id}/audit-pack`);
    expect(pack.status).toBe(200);
    expect(pack.headers.get('content-disposition')).toBe(`attachment; filename="complaint-${id}-audit-pack.json"`);
    const [history, verification, sla] = await Promise.all([
      api.get(`/complaints/${id}/history`),
      api.get(`/complaints/${id}/verify`),
      api.get(`/complaints/${id}/sla`),
    ]);
    expect(pack.body).toMatchObject({ format: 'redress.audit-pack', formatVersion: 1 });
    expect(pack.body.history).toEqual(history.body.events);
    expect(pack.body.verification).toEqual(verification.body);
    expect(pack.body.verification.valid).toBe(true);
    expect(pack.body.sla.policy).toEqual(sla.body.policy);
    expect(pack.body.sla.clocks.map((c: { clock: string }) => c.clock)).toEqual(
      sla.body.clocks.map((c: { clock: string }) => c.clock),
    );
    expect(pack.body.timeline.map((t: { status: string }) => t.status)).toEqual([
      'RECEIVED',
      'CLASSIFIED',
      'TRIAGED',
      'ASSIGNED',
      'ASSIGNED',
    ]);
    expect(pack.body.timeline[4]).toMatchObject({
      event: 'ComplaintEscalated',
      department: 'after-sales',
      assignee: 'agent-7',
      escalationLevel: 'SUPERVISOR',
    });
    expect(pack.body.complaint).toMatchObject({
      id,
      revision: 4,
      status: 'ASSIGNED',
      customerId: 'CUST-1042',
      content: CONTENT,
      reason: FORMULA_REASON,
    });
  });

  it('gives the same pack as CSV, one row per event and per clock, with customer text defused for spreadsheets', async () => {
    const { response, bytes } = await download(`/complaints/${id}/audit-pack`, { accept: 'text/csv' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows: Record<string, string>[] = parse(bytes.toString('utf8'), { columns: true });
    const events = rows.filter((row) => row.record === 'event');
    const json = (await api.get(`/complaints/${id}/audit-pack`)).body;
    expect(events.map((row) => [Number(row.revision), row.event_type, row.status_after, row.content_hash])).toEqual(
      json.history.map(
        (entry: { revision: number; type: string; metadata: { chain: { contentHash: string } } }, i: number) => [
          entry.revision,
          entry.type,
          json.timeline[i].status,
          entry.metadata.chain.contentHash,
        ],
      ),
    );
    expect(events[0]).toMatchObject({ actor_id: 'agent-1', correlation_id: 'corr-pack' });
    expect(events[0].description).toContain('CUST-1042');
    expect(rows.find((row) => row.record === 'verification')?.description).toBe('Hash chain intact over 5 events');
    expect(rows.filter((row) => row.record === 'sla-clock').map((row) => row.clock)).toEqual(
      expect.arrayContaining(json.sla.clocks.map((c: { clock: string }) => c.clock)),
    );
    // Received with a formula as its reason: any cell that a spreadsheet would evaluate starts with an apostrophe.
    const complaint = rows.find((row) => row.record === 'complaint');
    expect(complaint).toMatchObject({ complaint_content: CONTENT, complaint_reason: `'${FORMULA_REASON}` });
    const cells = rows.flatMap((row) => Object.values(row));
    expect(cells.filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  });

  it('renders the pack as a PDF whose text carries the verdict, the Chinese content and every event', async () => {
    const { response, bytes } = await download(`/complaints/${id}/audit-pack?format=pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    const { text } = await parser.getText();
    await parser.destroy();
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain(`Audit pack: complaint ${id}`);
    expect(flat).toContain('Intact: all 5 events verified');
    expect(flat).toContain('路由器每小时断线一次');
    for (const type of [
      'ComplaintReceived',
      'ComplaintClassified',
      'ComplaintTriaged',
      'ComplaintAssigned',
      'ComplaintEscalated',
    ]) {
      expect(flat).toContain(type);
    }
  });

  it('refuses an unknown format and answers 404 for an unknown complaint', async () => {
    const badFormat = await api.get(`/complaints/${id}/audit-pack?format=docx`);
    expect(badFormat.status).toBe(400);
    expect(JSON.stringify(badFormat.body)).toContain('format');
    const unknown = await api.get('/complaints/00000000-0000-4000-8000-000000000000/audit-pack');
    expect(unknown.status).toBe(404);
  });
});
