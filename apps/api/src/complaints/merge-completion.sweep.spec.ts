import {
  ComplaintCommandService,
  ComplaintMergeProcess,
  ComplaintQueryService,
  complaintStreamId,
} from '@redress/application';
import { complaintListProjection, ProjectionRunner } from '@redress/projections';
import { openProjectionFixture, type ProjectionFixture } from '../../../../libs/projections/test/projection-fixture';
import { MergeCompletionSweep } from './merge-completion.sweep';

describe('the merge-completion sweep', () => {
  let fx: ProjectionFixture;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    fx = await openProjectionFixture();
    runner = new ProjectionRunner([complaintListProjection], fx.store, fx.client, fx.catalog);
    await runner.start();
  });

  afterAll(async () => {
    await runner.stop();
    await fx.close();
  });

  it('completes a merge interrupted after its first append, once the pair has looked half-done long enough', async () => {
    const commands = new ComplaintCommandService(fx.store);
    const queries = new ComplaintQueryService(fx.store);
    const sweep = new MergeCompletionSweep(new ComplaintMergeProcess(commands, queries), fx.client);
    const [primary, duplicate] = [await fx.receive(), await fx.receive()];
    const mergeId = await fx.interruptedMerge(duplicate, primary);
    await runner.waitFor(await fx.store.headPosition());

    expect(await sweep.sweep(new Date(0))).toBe(0); // within the grace period: left alone
    expect(await sweep.sweep(new Date(Date.now() + 60_000))).toBe(1);
    const primaryEvents = await fx.store.readStream(complaintStreamId(primary));
    expect(primaryEvents.map((e) => e.type)).toEqual(['ComplaintReceived', 'DuplicateComplaintMerged']);
    // Caused by the interrupted merge, in its correlation, as its actor.
    expect(primaryEvents[1].metadata).toMatchObject({ causationId: mergeId, actor: { id: 'agent-1' } });
    await runner.waitFor(await fx.store.headPosition());
    expect(await sweep.sweep(new Date(Date.now() + 60_000))).toBe(0);
  });
});
