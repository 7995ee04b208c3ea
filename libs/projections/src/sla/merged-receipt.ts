import type { SlaEvent } from '@redress/sla';

/** What a complaint's merges mean for its SLA clocks. */
export interface MergeStanding {
  /** The primary it is merged into now, else null. */
  mergedInto: string | null;
  /** The receipt its clocks start from: the earliest of its own and its merged duplicates'. */
  effectiveReceivedAt: string;
}

const MERGE_EVENTS = new Set([
  'ComplaintMergedInto',
  'ComplaintUnmerged',
  'DuplicateComplaintMerged',
  'DuplicateComplaintUnmerged',
]);

export function isMergeEvent(type: string): boolean {
  return MERGE_EVENTS.has(type);
}

/**
 * The standing after one merge event. Each primary-side event records the
 * effective receipt it leaves (so an unmerge restores the complaint's own, or
 * its remaining duplicates' earliest, exactly); the duplicate side records
 * which primary it went into. Merge events are kept out of the SLA history:
 * they move no clock by themselves, and leaving them out is what makes an
 * unmerge give back exactly the rows there were before the merge.
 */
export function evolveMergeStanding(standing: MergeStanding, event: SlaEvent): MergeStanding {
  const data = event.data as { primaryId?: string; effectiveReceivedAt?: string };
  switch (event.type) {
    case 'ComplaintMergedInto':
      return { ...standing, mergedInto: String(data.primaryId) };
    case 'ComplaintUnmerged':
      return { ...standing, mergedInto: null };
    case 'DuplicateComplaintMerged':
    case 'DuplicateComplaintUnmerged':
      return { ...standing, effectiveReceivedAt: String(data.effectiveReceivedAt) };
    default:
      return standing;
  }
}

/**
 * The history the SLA engine evaluates. Policies start their clocks at
 * ComplaintReceived's `data.receivedAt`; a primary's receipt is replaced by
 * its effective receipt, so every clock (regulatory ones included) runs from
 * the first time the customer raised the problem, as NFRA's rule for repeat
 * complaints has it. The whole history is evaluated that way, as after an
 * SLA recompute: the clocks are what they would have been had the first
 * receipt been known from the start. A duplicate merged into another
 * complaint has no clocks of its own (its handling is the primary's), so its
 * history evaluates to none until an unmerge.
 */
export function clockHistoryOf(history: readonly SlaEvent[], standing: MergeStanding): readonly SlaEvent[] {
  if (standing.mergedInto !== null) return [];
  const [received, ...rest] = history;
  const data = received.data as Record<string, unknown>;
  if (data.receivedAt === standing.effectiveReceivedAt) return history;
  return [{ ...received, data: { ...data, receivedAt: standing.effectiveReceivedAt } }, ...rest];
}

/**
 * A complaint's whole stored history as its SLA clocks see it: merge events
 * folded into the receipt (or, while it is merged into another, no clocks),
 * every other event as it is. For evaluating straight from the event store,
 * as the SLA read model evaluates its rows.
 */
export function clockHistoryOfStream(events: readonly SlaEvent[]): readonly SlaEvent[] {
  const received = events[0]?.data as { receivedAt?: string } | undefined;
  let standing: MergeStanding = { mergedInto: null, effectiveReceivedAt: String(received?.receivedAt) };
  const history: SlaEvent[] = [];
  for (const event of events) {
    if (isMergeEvent(event.type)) standing = evolveMergeStanding(standing, event);
    else history.push(event);
  }
  return history.length === 0 ? history : clockHistoryOf(history, standing);
}
