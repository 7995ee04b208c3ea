import { randomUUID } from 'node:crypto';
import { CommandNotAllowedError, InvalidCommandError } from '@redress/domain';
import type { SqlEventStore } from '@redress/event-store';
import { receiveBody } from '../../../test/support/complaint-requests';
import { ComplaintCommandService, ComplaintQueryService, type UnstampedComplaintCommand } from '../src';
import { openCountingStore } from './counting-reads';

/**
 * A receipt whose complaint id was just made up (`newAggregate`) is decided
 * without reading the stream; whenever the stream exists after all, the
 * command is answered exactly as one that read it first.
 */
describe('a command on an aggregate presumed new', () => {
  let raw: SqlEventStore;
  let counter: { reads: number };
  let commands: ComplaintCommandService;
  const actor = { id: 'agent-1', role: 'agent' };

  beforeAll(async () => {
    const opened = await openCountingStore();
    ({ raw, counter } = opened);
    commands = new ComplaintCommandService(opened.store);
  });

  afterAll(async () => {
    await raw.close();
  });

  beforeEach(() => {
    counter.reads = 0;
  });

  const receipt = (complaintId: string, overrides: Record<string, unknown> = {}) =>
    ({ type: 'ReceiveComplaint', complaintId, ...receiveBody(overrides) }) as UnstampedComplaintCommand;

  const receive = (
    complaintId: string,
    options: { commandId?: string; newAggregate?: boolean; overrides?: Record<string, unknown> } = {},
  ) =>
    commands.execute({
      complaintId,
      command: receipt(complaintId, options.overrides),
      commandId: options.commandId ?? randomUUID(),
      correlationId: randomUUID(),
      actor,
      newAggregate: options.newAggregate,
    });

  it('appends a receipt on a new id without reading its stream', async () => {
    const complaintId = randomUUID();
    const result = await receive(complaintId, { newAggregate: true });
    expect(counter.reads).toBe(0);
    expect(result).toMatchObject({ complaintId, revision: 0, status: 'RECEIVED', replayed: false });
    const stored = await raw.readStream(`complaint-${complaintId}`);
    expect(stored.map((event) => event.type)).toEqual(['ComplaintReceived']);
    // The hash chain starts as on a stream read empty, and the next command continues it.
    await commands.execute({
      complaintId,
      command: { type: 'ClassifyComplaint', category: 'PRODUCT_FUNCTION' } as UnstampedComplaintCommand,
      commandId: randomUUID(),
      correlationId: randomUUID(),
      actor,
    });
    expect(await new ComplaintQueryService(raw).verify(complaintId)).toMatchObject({ events: 2, valid: true });
  });

  it('without the presumption, reads the stream first', async () => {
    await receive(randomUUID());
    expect(counter.reads).toBe(1);
  });

  it('replays a repeated receipt (same command id) instead of appending it again', async () => {
    const complaintId = randomUUID();
    const commandId = randomUUID();
    const first = await receive(complaintId, { commandId, newAggregate: true });
    const again = await receive(complaintId, { commandId, newAggregate: true });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await raw.readStream(`complaint-${complaintId}`)).toHaveLength(1);
  });

  it('replays a repeat whose body the decider would refuse, as the read path does', async () => {
    const complaintId = randomUUID();
    const commandId = randomUUID();
    const first = await receive(complaintId, { commandId });
    const again = await receive(complaintId, { commandId, newAggregate: true, overrides: { content: '' } });
    expect(again).toEqual({ ...first, replayed: true });
    expect(counter.reads).toBeGreaterThan(0);
  });

  it('replays a repeat that would append more events than the original (a clash of event ids)', async () => {
    const complaintId = randomUUID();
    const commandId = randomUUID();
    const first = await receive(complaintId, { commandId });
    const again = await receive(complaintId, {
      commandId,
      newAggregate: true,
      overrides: { category: 'PRODUCT_FUNCTION' },
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect((await raw.readStream(`complaint-${complaintId}`)).map((event) => event.type)).toEqual([
      'ComplaintReceived',
    ]);
  });

  it('refuses a second receipt on an existing stream as the read path does', async () => {
    const complaintId = randomUUID();
    await receive(complaintId);
    await expect(receive(complaintId)).rejects.toThrow(CommandNotAllowedError);
    await expect(receive(complaintId, { newAggregate: true })).rejects.toThrow(CommandNotAllowedError);
    expect(await raw.readStream(`complaint-${complaintId}`)).toHaveLength(1);
  });

  it('still refuses an invalid receipt on a new id', async () => {
    const complaintId = randomUUID();
    await expect(receive(complaintId, { newAggregate: true, overrides: { content: '' } })).rejects.toThrow(
      InvalidCommandError,
    );
    expect(await raw.readStream(`complaint-${complaintId}`)).toEqual([]);
  });

  it('reads the stream when the caller expects a revision (If-Match), presumption or not', async () => {
    const complaintId = randomUUID();
    await expect(
      commands.execute({
        complaintId,
        command: receipt(complaintId),
        commandId: randomUUID(),
        correlationId: randomUUID(),
        actor,
        expectedRevision: 0,
        newAggregate: true,
      }),
    ).rejects.toThrow(/revision/i);
    expect(counter.reads).toBe(1);
  });
});
