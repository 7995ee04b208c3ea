import { randomUUID } from 'node:crypto';
import type { SqlEventStore } from '@redress/event-store';
import { receiveBody } from '../../../test/support/complaint-requests';
import { ComplaintCommandService, ComplaintQueryService, type UnstampedComplaintCommand } from '../src';
import { openCountingStore } from './counting-reads';

/**
 * A process remembers the streams it wrote last and decides the next command
 * on one without reading it; whatever another process appended meanwhile is
 * never lost or decided past: the remembered revision makes the append fail,
 * or the remembered state refuses, and the stream is read and the command
 * decided again on it.
 */
describe('commands on streams a process remembers', () => {
  let raw: SqlEventStore;
  let counter: { reads: number };
  /** The process under test, counting its reads. */
  let here: ComplaintCommandService;
  /** Another API process on the same store. */
  let elsewhere: ComplaintCommandService;
  const actor = { id: 'agent-1', role: 'agent' };

  beforeAll(async () => {
    const opened = await openCountingStore();
    ({ raw, counter } = opened);
    here = new ComplaintCommandService(opened.store);
    elsewhere = new ComplaintCommandService(raw);
  });

  afterAll(async () => {
    await raw.close();
  });

  const run = (service: ComplaintCommandService, complaintId: string, command: Record<string, unknown>) =>
    service.execute({
      complaintId,
      command: command as UnstampedComplaintCommand,
      commandId: randomUUID(),
      correlationId: randomUUID(),
      actor,
    });
  const receive = (service: ComplaintCommandService) => {
    const complaintId = randomUUID();
    return service
      .execute({
        complaintId,
        command: { type: 'ReceiveComplaint', complaintId, ...receiveBody() } as UnstampedComplaintCommand,
        commandId: randomUUID(),
        correlationId: randomUUID(),
        actor,
        newAggregate: true,
      })
      .then(() => complaintId);
  };
  const classify = { type: 'ClassifyComplaint', category: 'PRODUCT_FUNCTION' };
  const triage = { type: 'TriageComplaint', grade: 'SERIOUS', priority: 'P2', isComplex: false };
  const assign = { type: 'AssignComplaint', department: 'after-sales', assignee: 'agent-7' };
  const typesOf = async (complaintId: string) =>
    (await raw.readStream(`complaint-${complaintId}`)).map((event) => event.type);

  beforeEach(() => {
    counter.reads = 0;
  });

  it('decides command after command on a stream it wrote without reading it, its hash chain intact', async () => {
    const complaintId = await receive(here);
    await run(here, complaintId, classify);
    const result = await run(here, complaintId, triage);
    expect(counter.reads).toBe(0);
    expect(result).toMatchObject({ revision: 2, status: 'TRIAGED', replayed: false });
    expect(await typesOf(complaintId)).toEqual(['ComplaintReceived', 'ComplaintClassified', 'ComplaintTriaged']);
    expect(await new ComplaintQueryService(raw).verify(complaintId)).toMatchObject({ events: 3, valid: true });
  });

  it('loses nothing another process appended: the append conflicts, and the command is decided on the stream read', async () => {
    const complaintId = await receive(here);
    await run(here, complaintId, classify);
    await run(elsewhere, complaintId, triage);
    const result = await run(here, complaintId, assign);
    expect(counter.reads).toBe(1);
    expect(result).toMatchObject({ revision: 3, status: 'ASSIGNED' });
    expect(await typesOf(complaintId)).toEqual([
      'ComplaintReceived',
      'ComplaintClassified',
      'ComplaintTriaged',
      'ComplaintAssigned',
    ]);
    expect(await new ComplaintQueryService(raw).verify(complaintId)).toMatchObject({ events: 4, valid: true });
  });

  it('decides a command its remembered state would refuse on the stream as it is', async () => {
    const complaintId = await receive(here);
    await run(elsewhere, complaintId, classify);
    // Remembered as received, where triage is not allowed yet; the stream says classified.
    const result = await run(here, complaintId, triage);
    expect(counter.reads).toBe(1);
    expect(result).toMatchObject({ revision: 2, status: 'TRIAGED' });
  });

  it('answers a retried command as first answered, though another process appended after it', async () => {
    const complaintId = await receive(here);
    const commandId = randomUUID();
    const request = {
      complaintId,
      command: classify as UnstampedComplaintCommand,
      commandId,
      correlationId: randomUUID(),
      actor,
    };
    const first = await here.execute(request);
    await run(elsewhere, complaintId, triage);
    expect(await here.execute(request)).toEqual({ ...first, replayed: true });
    expect(await typesOf(complaintId)).toEqual(['ComplaintReceived', 'ComplaintClassified', 'ComplaintTriaged']);
  });

  it('checks If-Match against the stream, not against what it remembers', async () => {
    const complaintId = await receive(here);
    await run(elsewhere, complaintId, classify);
    const result = await here.execute({
      complaintId,
      command: triage as UnstampedComplaintCommand,
      commandId: randomUUID(),
      correlationId: randomUUID(),
      actor,
      expectedRevision: 1,
    });
    expect(result).toMatchObject({ revision: 2, status: 'TRIAGED' });
  });
});
