import { ComplaintId, Text } from './field-decorators';

const REASON = 4000;

/** POST /complaints/:id/merge — the addressed complaint is the duplicate. */
export class MergeComplaintDto {
  @ComplaintId({ description: 'The complaint to merge into (the primary); it keeps the earliest receipt' })
  primaryId!: string;

  @Text(REASON)
  reason!: string;
}

/** POST /complaints/:id/unmerge — the addressed complaint is the merged duplicate. */
export class UnmergeComplaintDto {
  @Text(REASON)
  reason!: string;
}

/**
 * The merge commands callers send, by path name. They are not lifecycle
 * routes (COMPLAINT_COMMAND_ROUTES): each is a process over two complaints
 * (ComplaintMergeProcess), served by routes of their own.
 */
export const MERGE_COMMAND_PATHS = [
  { name: 'merge', type: 'MergeComplaint', body: MergeComplaintDto },
  { name: 'unmerge', type: 'UnmergeComplaint', body: UnmergeComplaintDto },
] as const;
