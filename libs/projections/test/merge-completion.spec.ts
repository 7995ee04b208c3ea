/**
 * The merge process across its two streams: a merge interrupted between its
 * appends (simulated by appending only the duplicate's side, as a crash
 * would leave it) is completed by a retry of the request, by
 * `complete`, or found by the complaint list's half-done query for the
 * API's sweep; a primary that refuses the second step has the first undone;
 * concurrent completions append once.
 */
import { randomUUID } from 'node:crypto';
import {
  ComplaintCommandService,
  ComplaintMergeProcess,
  ComplaintQueryService,
  complaintStreamId,
} from '@redress/application';
import { PreconditionFailedError } from '@redress/domain';
import { ProjectionRunner, complaintListProjection, halfDoneMerges } from '../src';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

describe('the merge process', () => {
  let fx: ProjectionFixture;
  let commands: ComplaintCommandService;
  let queries: ComplaintQueryService;
  let merges: ComplaintMergeProcess;
  let runner: ProjectionRunner;
  const actor = { id: 'agent-1', role: 'agent' };
  const envelope = (commandId: string = randomUUID()) => ({ commandId, correlationId: randomUUID(), actor });
  const types = async (id: string) => (await fx.store.readStream(complaintStreamId(id))).map((e) => e.type);

  beforeAll(async () => {
    fx = await openProjectionFixture();
    commands = new ComplaintCommandService(fx.store);
    queries = new ComplaintQueryService(fx.store);
    merges = new ComplaintMergeProcess(commands, queries);
    runner = new ProjectionRunner([complaintListProjection], fx.store, fx.client, fx.catalog);
    await runner.start();
  });

  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  it('completes an interrupted merge when the request is retried, appending the primary’s side once', async () => {
    const [primary, duplicate] = [await fx.receive(), await fx.receive()];
    const mergeId = randomUUID();
    await fx.interruptedMerge(duplicate, primary, mergeId);
    expect(await types(primary)).toEqual(['ComplaintReceived']);

    const retried = await merges.merge({
      ...envelope(mergeId),
      duplicateId: duplicate,
      primaryId: primary,
      reason: 'x',
    });
    expect(retried.duplicate.replayed).toBe(true);
    expect(retried.primary?.events).toEqual(['DuplicateComplaintMerged']);
    const again = await merges.merge({ ...envelope(mergeId), duplicateId: duplicate, primaryId: primary, reason: 'x' });
    expect(again.primary?.replayed).toBe(true);
    expect(await types(primary)).toEqual(['ComplaintReceived', 'DuplicateComplaintMerged']);
    expect(await types(duplicate)).toEqual(['ComplaintReceived', 'ComplaintMergedInto']);
  });

  it('lists the half-done pair for the sweep, and complete() finishes it once however often it runs', async () => {
    const [primary, duplicate] = [await fx.receive(), await fx.receive()];
    await fx.interruptedMerge(duplicate, primary, randomUUID());
    await runner.waitFor(await fx.store.headPosition());
    const later = new Date(Date.now() + 60_000);
    expect(await halfDoneMerges(fx.client, later)).toContain(duplicate);
    expect(await halfDoneMerges(fx.client, new Date(0))).not.toContain(duplicate); // too recent to sweep yet

    const outcomes = await Promise.all([merges.complete(duplicate), merges.complete(duplicate)]);
    expect(outcomes.filter((o) => o === 'merge-completed').length).toBeGreaterThanOrEqual(1);
    expect(await types(primary)).toEqual(['ComplaintReceived', 'DuplicateComplaintMerged']);
    expect(await merges.complete(duplicate)).toBe('consistent');
    await runner.waitFor(await fx.store.headPosition());
    expect(await halfDoneMerges(fx.client, later)).not.toContain(duplicate);
  });

  it('answers a retried unmerge as the first time, both sides replayed', async () => {
    const [primary, duplicate] = [await fx.receive(), await fx.receive()];
    await fx.merge(duplicate, primary);
    const request = { ...envelope(), duplicateId: duplicate, reason: 'different after all' };
    const first = await merges.unmerge(request);
    const retried = await merges.unmerge(request);
    expect(retried.duplicate).toEqual({ ...first.duplicate, replayed: true });
    expect(retried.primary).toEqual({ ...first.primary, replayed: true });
    expect(await types(primary)).toEqual([
      'ComplaintReceived',
      'DuplicateComplaintMerged',
      'DuplicateComplaintUnmerged',
    ]);
  });

  it('completes an interrupted unmerge: the primary gives the duplicate back', async () => {
    const [primary, duplicate] = [await fx.receive(), await fx.receive()];
    await fx.merge(duplicate, primary);
    // The duplicate's side of the unmerge alone.
    await commands.execute({
      ...envelope(),
      complaintId: duplicate,
      command: { type: 'UnmergeComplaint', reason: 'different after all' },
    });
    await runner.waitFor(await fx.store.headPosition());
    expect(await halfDoneMerges(fx.client, new Date(Date.now() + 60_000))).toContain(duplicate);
    expect(await merges.complete(duplicate)).toBe('unmerge-completed');
    expect(await types(primary)).toEqual([
      'ComplaintReceived',
      'DuplicateComplaintMerged',
      'DuplicateComplaintUnmerged',
    ]);
    expect((await queries.getComplaint(primary)).state.mergedDuplicates).toEqual([]);
  });

  it('undoes the duplicate’s side when the primary refuses the second step, and answers the refusal', async () => {
    const [primary, duplicate] = [await fx.receive(), await fx.receive()];
    const mergeId = randomUUID();
    await fx.interruptedMerge(duplicate, primary, mergeId);
    // Meanwhile the primary was withdrawn: it takes no duplicate any more.
    await fx.run(primary, { type: 'WithdrawComplaint', reason: 'The customer withdrew it' });
    // The retry first completes the pair: the primary refuses, so the duplicate's side is undone; the retry
    // then answers that refusal, as often as it is retried.
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(
        merges.merge({ ...envelope(mergeId), duplicateId: duplicate, primaryId: primary, reason: 'x' }),
      ).rejects.toThrow(
        /was undone: merge into .* refused by it: AttachMergedDuplicate is not allowed while the complaint is WITHDRAWN/,
      );
    }
    expect(await types(duplicate)).toEqual(['ComplaintReceived', 'ComplaintMergedInto', 'ComplaintUnmerged']);
    expect((await queries.getComplaint(duplicate)).state.status).toBe('RECEIVED');
    expect(await merges.complete(duplicate)).toBe('consistent');
  });

  it('refuses a primary that is itself merged before appending anything', async () => {
    const [primary, duplicate, other] = [await fx.receive(), await fx.receive(), await fx.receive()];
    await fx.merge(primary, other);
    await expect(
      merges.merge({ ...envelope(), duplicateId: duplicate, primaryId: primary, reason: 'x' }),
    ).rejects.toThrow(PreconditionFailedError);
    expect(await types(duplicate)).toEqual(['ComplaintReceived']);
  });

  it('refuses to unmerge from an archived primary before appending anything', async () => {
    const [primary, duplicate] = [await fx.receive(), await fx.receive()];
    await fx.merge(duplicate, primary);
    await fx.run(primary, { type: 'WithdrawComplaint', reason: 'The customer withdrew it' });
    await fx.run(primary, { type: 'ArchiveComplaint', archiveCategory: 'OTHER' });
    await expect(merges.unmerge({ ...envelope(), duplicateId: duplicate, reason: 'x' })).rejects.toThrow(
      PreconditionFailedError,
    );
    expect(await types(duplicate)).toEqual(['ComplaintReceived', 'ComplaintMergedInto']);
  });
});
