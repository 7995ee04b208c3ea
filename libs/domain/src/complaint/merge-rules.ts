import { InvalidCommandError, PreconditionFailedError } from '../errors';
import type { AttachMergedDuplicate, DetachMergedDuplicate, MergeComplaint, UnmergeComplaint } from './commands';
import type { ComplaintEvent } from './events';
import { OPEN_STATUSES } from './lifecycle';
import type { ComplaintState } from './state';
import { Violations } from './validation';

type MergeCommand = MergeComplaint | UnmergeComplaint | AttachMergedDuplicate | DetachMergedDuplicate;

/**
 * Merge and unmerge of repeat complaints. A merge is two commands, one per
 * stream (the duplicate's MergeComplaint, then the primary's
 * AttachMergedDuplicate), issued by the application's merge process; each
 * side checks what it can see of the other in the command's counterpart.
 *
 * Rules, decided once here:
 * - only the same customer's complaints merge: different customers' complaints
 *   about one problem are a hotspot or incident, not a repeat complaint, and
 *   merging them would hide a complainant;
 * - one level deep: a complaint merged into another cannot take duplicates,
 *   and one with duplicates cannot be merged (unmerge them first), so the
 *   primary's effective receipt is always over its own direct duplicates;
 * - both must still be handled (open); a merged duplicate accepts nothing but
 *   its unmerge (the lifecycle table);
 * - the primary keeps the earliest receipt among itself and its duplicates
 *   for its clocks; an unmerge gives the duplicate back its status and the
 *   primary its earliest receipt without that duplicate.
 */
export function decideMergeCommand(command: MergeCommand, state: ComplaintState, now: string): ComplaintEvent[] {
  switch (command.type) {
    case 'MergeComplaint':
      return merge(command, state, now);
    case 'UnmergeComplaint':
      return unmerge(command, state, now);
    case 'AttachMergedDuplicate':
      return attach(command, state, now);
    case 'DetachMergedDuplicate':
      return detach(command, state, now);
  }
}

function merge(command: MergeComplaint, state: ComplaintState, now: string): ComplaintEvent[] {
  const { primary } = command;
  const violations = new Violations()
    .text('primaryId', primary?.complaintId)
    .text('mergeId', command.mergeId)
    .text('reason', command.reason);
  if (primary?.complaintId === state.id) violations.add('primaryId', 'a complaint cannot be merged into itself');
  violations.throwIfAny();
  const unmet: string[] = [];
  if (primary.customerId !== state.customer?.id) {
    unmet.push(
      `complaint ${primary.complaintId} is customer ${primary.customerId}'s, this one customer ${state.customer?.id}'s: ` +
        'only the same customer’s repeat complaints are merged',
    );
  }
  if (primary.mergedInto !== null) {
    unmet.push(`complaint ${primary.complaintId} is itself merged into ${primary.mergedInto}; merge into that one`);
  } else if (!OPEN_STATUSES.includes(primary.status)) {
    unmet.push(`complaint ${primary.complaintId} is ${primary.status}; merge only into a complaint still handled`);
  }
  if (state.mergedDuplicates.length > 0) {
    unmet.push(
      `this complaint has ${state.mergedDuplicates.length} merged duplicate(s); unmerge them first ` +
        '(merges are one level deep)',
    );
  }
  if (unmet.length > 0) throw new PreconditionFailedError(command.type, state.status, unmet);
  return [
    {
      type: 'ComplaintMergedInto',
      data: {
        primaryId: primary.complaintId,
        mergeId: command.mergeId,
        reason: command.reason,
        statusBeforeMerge: state.status,
        mergedAt: now,
      },
    },
  ];
}

function unmerge(command: UnmergeComplaint, state: ComplaintState, now: string): ComplaintEvent[] {
  new Violations().text('reason', command.reason).throwIfAny();
  // The lifecycle table admits this command only while MERGED, when mergedInto is set.
  const { primaryId, mergeId, statusBeforeMerge } = state.mergedInto as NonNullable<ComplaintState['mergedInto']>;
  return [
    {
      type: 'ComplaintUnmerged',
      data: { primaryId, mergeId, reason: command.reason, restoredStatus: statusBeforeMerge, unmergedAt: now },
    },
  ];
}

function attach(command: AttachMergedDuplicate, state: ComplaintState, now: string): ComplaintEvent[] {
  const { duplicate } = command;
  const violations = new Violations()
    .text('duplicate.complaintId', duplicate?.complaintId)
    .text('mergeId', command.mergeId)
    .text('reason', command.reason);
  if (duplicate?.complaintId === state.id) {
    violations.add('duplicate.complaintId', 'a complaint cannot be merged into itself');
  }
  violations.instant('duplicate.receivedAt', duplicate?.receivedAt);
  violations.throwIfAny();
  const unmet: string[] = [];
  if (duplicate.customerId !== state.customer?.id) {
    unmet.push(`complaint ${duplicate.complaintId} is customer ${duplicate.customerId}'s, not ${state.customer?.id}'s`);
  }
  if (duplicate.mergedInto !== state.id) {
    unmet.push(`complaint ${duplicate.complaintId} is not merged into this complaint`);
  }
  if (state.mergedDuplicates.some(({ duplicateId }) => duplicateId === duplicate.complaintId)) {
    unmet.push(`complaint ${duplicate.complaintId} is already merged into this complaint`);
  }
  if (unmet.length > 0) throw new PreconditionFailedError(command.type, state.status, unmet);
  const receivedAt = new Date(Date.parse(duplicate.receivedAt)).toISOString();
  return [
    {
      type: 'DuplicateComplaintMerged',
      data: {
        duplicateId: duplicate.complaintId,
        mergeId: command.mergeId,
        duplicateReceivedAt: receivedAt,
        reason: command.reason,
        effectiveReceivedAt: earliestReceipt(state.receivedAt as string, [
          ...state.mergedDuplicates.map((d) => d.receivedAt),
          receivedAt,
        ]),
        mergedAt: now,
      },
    },
  ];
}

function detach(command: DetachMergedDuplicate, state: ComplaintState, now: string): ComplaintEvent[] {
  new Violations().text('duplicateId', command.duplicateId).text('reason', command.reason).throwIfAny();
  const attached = state.mergedDuplicates.find(({ duplicateId }) => duplicateId === command.duplicateId);
  if (!attached) {
    throw new PreconditionFailedError(command.type, state.status, [
      `complaint ${command.duplicateId} is not merged into this complaint`,
    ]);
  }
  const remaining = state.mergedDuplicates.filter((d) => d !== attached).map((d) => d.receivedAt);
  return [
    {
      type: 'DuplicateComplaintUnmerged',
      data: {
        duplicateId: attached.duplicateId,
        mergeId: attached.mergeId,
        reason: command.reason,
        effectiveReceivedAt: earliestReceipt(state.receivedAt as string, remaining),
        unmergedAt: now,
      },
    },
  ];
}

/** The earliest of a complaint's own receipt and its duplicates' (all canonical UTC instants). */
export function earliestReceipt(own: string, duplicates: readonly string[]): string {
  return duplicates.reduce((earliest, at) => (Date.parse(at) < Date.parse(earliest) ? at : earliest), own);
}

/** Refuses a merge request naming the same complaint twice before anything is read or appended. */
export function assertDistinctMergeParties(duplicateId: string, primaryId: string): void {
  if (duplicateId === primaryId) {
    throw new InvalidCommandError([{ field: 'primaryId', message: 'a complaint cannot be merged into itself' }]);
  }
}
