import {
  assertDistinctMergeParties,
  DomainError,
  PreconditionFailedError,
  type ComplaintState,
  type MergeCounterpart,
} from '@redress/domain';
import type { Actor, RecordedEvent } from '@redress/event-store';
import type { ComplaintCommandResult, ComplaintCommandService } from './complaint-command.service';
import type { ComplaintQueryService } from './complaint-query.service';
import { COMPLAINT_STREAM_PREFIX, deterministicId } from './complaint-stream';

interface MergeEnvelope {
  /** Unique per logical request (an Idempotency-Key's derivation); a retry with it completes, never repeats. */
  commandId: string;
  correlationId: string;
  causationId?: string;
  actor: Actor;
  /** The duplicate's revision the caller last saw (If-Match). */
  expectedRevision?: number;
}

export interface MergeRequest extends MergeEnvelope {
  duplicateId: string;
  primaryId: string;
  reason: string;
}

export interface UnmergeRequest extends MergeEnvelope {
  duplicateId: string;
  reason: string;
}

export interface MergeOutcome {
  /** The duplicate's command result: what the request addressed. */
  duplicate: ComplaintCommandResult;
  /** The primary's side; null when there was nothing to do on it (see the process's notes). */
  primary: ComplaintCommandResult | null;
}

/** What `complete` found for one duplicate. */
export type MergeCompletion = 'consistent' | 'merge-completed' | 'merge-undone' | 'unmerge-completed';

/** Deterministic command ids of the steps that follow a request's own command, so any retry repeats nothing. */
const stepId = {
  attach: (mergeId: string) => deterministicId('merge-primary', mergeId),
  undo: (mergeId: string) => deterministicId('merge-undone', mergeId),
  detach: (unmergeCommandId: string) => deterministicId('unmerge-primary', unmergeCommandId),
};

/**
 * Merge and unmerge as a process over two streams. The event store has no
 * transaction across streams, so each request is a sequence of ordinary
 * idempotent commands whose ids all derive from the request's command id:
 *
 * merge:   1. MergeComplaint on the duplicate (id: the request's) → ComplaintMergedInto
 *          2. AttachMergedDuplicate on the primary (id: derived)   → DuplicateComplaintMerged
 *          2'. if the primary refuses (it changed since step 1 was decided), UnmergeComplaint on the duplicate
 *              (id: derived) → ComplaintUnmerged, and the refusal is answered
 * unmerge: 1. UnmergeComplaint on the duplicate (id: the request's) → ComplaintUnmerged
 *          2. DetachMergedDuplicate on the primary (id: derived)     → DuplicateComplaintUnmerged
 *
 * The duplicate goes first: once merged it accepts nothing but an unmerge, so
 * nothing can overtake the pending second step on its side. A crash between
 * the steps leaves a pair half-done, which any of these completes, each by
 * appending exactly the events the interrupted request would have:
 * - the request retried (same Idempotency-Key): step 1 is answered from the
 *   store and step 2 runs (or is answered from the store too);
 * - the next merge or unmerge of the duplicate, which completes first;
 * - `complete(duplicateId)`, run by the API's merge-completion sweep over the
 *   complaint list for pairs that disagree (MergeCompletionSweep).
 * Concurrent completions append once: the derived ids make the stores
 * deduplicate them.
 */
export class ComplaintMergeProcess {
  constructor(
    private readonly commands: ComplaintCommandService,
    private readonly queries: ComplaintQueryService,
  ) {}

  async merge(request: MergeRequest): Promise<MergeOutcome> {
    assertDistinctMergeParties(request.duplicateId, request.primaryId);
    await this.complete(request.duplicateId);
    const primary = await this.queries.getComplaint(request.primaryId);
    const duplicate = await this.commands.execute({
      ...envelopeOf(request),
      complaintId: request.duplicateId,
      command: {
        type: 'MergeComplaint',
        primary: counterpartOf(request.primaryId, primary.state),
        mergeId: request.commandId,
        reason: request.reason,
      },
    });
    const state = (await this.queries.getComplaint(request.duplicateId)).state;
    if (state.mergedInto?.mergeId !== request.commandId) {
      // A retried request whose merge is no longer in effect attaches nothing: the primary refused it (the
      // refusal is answered again), or a later unmerge undid it (the merge itself is answered as it was).
      await this.assertNotRefused(request.duplicateId, request.primaryId, request.commandId);
      return { duplicate, primary: null };
    }
    const attached = await this.attach(request.duplicateId, state, {
      ...envelopeOf(request),
      causationId: request.commandId,
    });
    return { duplicate, primary: attached };
  }

  async unmerge(request: UnmergeRequest): Promise<MergeOutcome> {
    await this.complete(request.duplicateId);
    const before = (await this.queries.getComplaint(request.duplicateId)).state;
    if (before.mergedInto !== null) await this.assertPrimaryGivesBack(before.mergedInto.primaryId, request.duplicateId);
    const duplicate = await this.commands.execute({
      ...envelopeOf(request),
      complaintId: request.duplicateId,
      command: { type: 'UnmergeComplaint', reason: request.reason },
    });
    const unmerged = await this.lastMergeEvent(request.duplicateId);
    if (unmerged?.type !== 'ComplaintUnmerged') return { duplicate, primary: null };
    return { duplicate, primary: await this.detachIfAttached(unmerged) };
  }

  /**
   * Finishes a half-done merge or unmerge of `duplicateId`, from what its own
   * history says last: merged (the primary must list it) or unmerged (the
   * primary must not). The steps run as the actor of the interrupted request.
   */
  async complete(duplicateId: string): Promise<MergeCompletion> {
    const last = await this.lastMergeEvent(duplicateId);
    if (last === null) return 'consistent';
    if (last.type === 'ComplaintUnmerged') {
      const detached = await this.detachIfAttached(last);
      return detached === null || detached.replayed ? 'consistent' : 'unmerge-completed';
    }
    const { primaryId, mergeId } = last.data as { primaryId: string; mergeId: string };
    const primary = await this.queries.getComplaint(primaryId);
    if (primary.state.mergedDuplicates.some((d) => d.duplicateId === duplicateId && d.mergeId === mergeId)) {
      return 'consistent';
    }
    const state = (await this.queries.getComplaint(duplicateId)).state;
    try {
      await this.attach(duplicateId, state, envelopeFromEvent(last, mergeId));
      return 'merge-completed';
    } catch (error) {
      if (error instanceof DomainError) return 'merge-undone';
      throw error;
    }
  }

  /**
   * Step 2 of a merge. A refusal (the primary was closed, merged or given
   * another customer's complaint meanwhile) is answered after undoing step 1,
   * so a refused merge leaves both complaints as they were.
   */
  private async attach(
    duplicateId: string,
    duplicate: ComplaintState,
    envelope: MergeEnvelope,
  ): Promise<ComplaintCommandResult> {
    const { primaryId, mergeId } = duplicate.mergedInto as NonNullable<ComplaintState['mergedInto']>;
    const reason = (await this.lastMergeEvent(duplicateId))?.data as { reason: string };
    try {
      return await this.commands.execute({
        ...envelope,
        complaintId: primaryId,
        commandId: stepId.attach(mergeId),
        expectedRevision: undefined,
        command: {
          type: 'AttachMergedDuplicate',
          duplicate: counterpartOf(duplicateId, duplicate),
          mergeId,
          reason: reason.reason,
        },
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.commands.execute({
        ...envelope,
        complaintId: duplicateId,
        commandId: stepId.undo(mergeId),
        expectedRevision: undefined,
        command: { type: 'UnmergeComplaint', reason: `merge into ${primaryId} refused by it: ${error.message}` },
      });
      throw error;
    }
  }

  /**
   * Step 2 of an unmerge: the primary gives the duplicate back, if it still
   * lists it under that merge. Already given back by this very unmerge, the
   * step's original result is answered (a retried request answers as the
   * first time); never attached (an undone merge), there is nothing to do.
   */
  private async detachIfAttached(unmerged: RecordedEvent): Promise<ComplaintCommandResult | null> {
    const { primaryId, mergeId, reason } = unmerged.data as { primaryId: string; mergeId: string; reason: string };
    const duplicateId = unmerged.streamId.slice(COMPLAINT_STREAM_PREFIX.length);
    const unmergeCommandId = String(unmerged.metadata.commandId);
    const detach = {
      ...envelopeFromEvent(unmerged, unmergeCommandId),
      complaintId: primaryId,
      commandId: stepId.detach(unmergeCommandId),
      command: { type: 'DetachMergedDuplicate' as const, duplicateId, reason },
    };
    const primary = await this.queries.getComplaint(primaryId);
    const attached = primary.state.mergedDuplicates.some((d) => d.duplicateId === duplicateId && d.mergeId === mergeId);
    if (attached) return this.commands.execute(detach);
    const history = await this.queries.history(primaryId);
    return history.some((event) => event.metadata.commandId === detach.commandId)
      ? this.commands.execute(detach)
      : null;
  }

  private async assertNotRefused(duplicateId: string, primaryId: string, mergeId: string): Promise<void> {
    const history = await this.queries.history(duplicateId);
    const undone = history.find((event) => event.metadata.commandId === stepId.undo(mergeId));
    if (undone) {
      throw new PreconditionFailedError('MergeComplaint', (await this.queries.getComplaint(duplicateId)).state.status, [
        `the merge into ${primaryId} was undone: ${(undone.data as { reason: string }).reason}`,
      ]);
    }
  }

  /** An archived primary keeps its duplicates: refused before anything is appended. */
  private async assertPrimaryGivesBack(primaryId: string, duplicateId: string): Promise<void> {
    const primary = await this.queries.getComplaint(primaryId);
    if (primary.state.status === 'ARCHIVED') {
      throw new PreconditionFailedError('UnmergeComplaint', 'MERGED', [
        `complaint ${primaryId}, which ${duplicateId} is merged into, is archived; an archived complaint is final`,
      ]);
    }
  }

  private async lastMergeEvent(duplicateId: string): Promise<RecordedEvent | null> {
    const history = await this.queries.history(duplicateId);
    return history.findLast((e) => e.type === 'ComplaintMergedInto' || e.type === 'ComplaintUnmerged') ?? null;
  }
}

/** The facts of one complaint the other side's rules need. */
function counterpartOf(complaintId: string, state: ComplaintState): MergeCounterpart {
  return {
    complaintId,
    customerId: state.customer?.id as string,
    status: state.status,
    receivedAt: state.receivedAt as string,
    mergedInto: state.mergedInto?.primaryId ?? null,
    mergedDuplicateCount: state.mergedDuplicates.length,
  };
}

function envelopeOf(request: MergeEnvelope): MergeEnvelope {
  const { commandId, correlationId, causationId, actor, expectedRevision } = request;
  return { commandId, correlationId, causationId, actor, expectedRevision };
}

/** The envelope of a completing step: the interrupted request's actor and correlation, caused by its command. */
function envelopeFromEvent(event: RecordedEvent, causationId: string): MergeEnvelope {
  return {
    commandId: causationId,
    correlationId: String(event.metadata.correlationId),
    causationId,
    actor: event.metadata.actor,
  };
}
