import { randomUUID } from 'node:crypto';
import {
  ComplaintCommandService,
  ComplaintMergeProcess,
  ComplaintQueryService,
  type UnstampedComplaintCommand,
} from '@redress/application';
import { migrateEventStore, SqlEventStore } from '@redress/event-store';
import { PgliteSqlClient } from '../../event-store/src/embedded/pglite-sql-client';
import { receiveBody } from '../../../test/support/complaint-requests';
import { ProjectionCatalog } from '../src';

/**
 * One in-memory PGlite holding both the event log and the read models, as in
 * the embedded deployment, plus the real command service to write through.
 */
export async function openProjectionFixture() {
  const client = await PgliteSqlClient.open(undefined);
  await migrateEventStore(client);
  const store = new SqlEventStore(client);
  const catalog = new ProjectionCatalog(client);
  let now = Date.parse('2026-11-02T09:00:00Z');
  const clock = () => new Date(now);
  const commands = new ComplaintCommandService(store, clock);
  const actor = { id: 'agent-1', role: 'agent' };
  const queries = new ComplaintQueryService(store);
  const merges = new ComplaintMergeProcess(commands, queries);
  const envelope = () => ({ commandId: randomUUID(), correlationId: randomUUID(), actor });

  return {
    client,
    store,
    catalog,
    /** Moves the command clock, so received-at and ages are controlled. */
    setNow(iso: string) {
      now = Date.parse(iso);
    },
    async run(complaintId: string, command: UnstampedComplaintCommand) {
      return commands.execute({ complaintId, command, commandId: randomUUID(), correlationId: randomUUID(), actor });
    },
    /** Merges `duplicateId` into `primaryId` through the real merge process (both streams). */
    async merge(duplicateId: string, primaryId: string, reason = 'the same problem, reported again') {
      return merges.merge({ ...envelope(), duplicateId, primaryId, reason });
    },
    async unmerge(duplicateId: string, reason = 'a different problem after all') {
      return merges.unmerge({ ...envelope(), duplicateId, reason });
    },
    /** Only the duplicate's side of a merge (command id `mergeId`): what a crash between its two appends leaves. */
    async interruptedMerge(duplicateId: string, primaryId: string, mergeId: string = randomUUID()) {
      const primary = (await queries.getComplaint(primaryId)).state;
      await commands.execute({
        ...envelope(),
        commandId: mergeId,
        complaintId: duplicateId,
        command: {
          type: 'MergeComplaint',
          primary: {
            complaintId: primaryId,
            customerId: primary.customer?.id as string,
            status: primary.status,
            receivedAt: primary.receivedAt as string,
            mergedInto: null,
            mergedDuplicateCount: 0,
          },
          mergeId,
          reason: 'the same outage',
        },
      });
      return mergeId;
    },
    async receive(overrides: Record<string, unknown> = {}) {
      const complaintId = randomUUID();
      const body = receiveBody({
        customer: { id: 'CUST-1', tier: 'ORDINARY' },
        occurredAt: '2026-10-01T00:00:00Z',
        ...overrides,
      });
      await this.run(complaintId, { type: 'ReceiveComplaint', complaintId, ...body } as UnstampedComplaintCommand);
      return complaintId;
    },
    async close() {
      await client.close();
    },
  };
}

export type ProjectionFixture = Awaited<ReturnType<typeof openProjectionFixture>>;
