import { foldComplaintHistory } from '@redress/application';
import type { RecordedEvent } from '@redress/event-store';
import { SlaRecomputePlanner, toSlaEvents, type PolicyCatalog } from '@redress/sla';
import { appliedPolicy, type SlaTrackingOptions } from './applied-policy';
import { clockHistoryOfStream } from './merged-receipt';
import type { SlaTrackingQueries } from './sla-tracking.queries';

/**
 * The recompute planner reading what the SLA read model derives, the same way
 * for the API's recompute routes and the CLI's dry run: complaints from their
 * own streams, their policy as the projection works it out, open complaints
 * from the read model.
 */
export function slaRecomputePlanner(sources: {
  /** The policy versions complaints can move to (the API's, or the CLI's with edited files standing in). */
  catalog: PolicyCatalog;
  tracking: SlaTrackingOptions;
  readModel: SlaTrackingQueries;
  /** A complaint's recorded events; rejects for an unknown complaint. */
  history(complaintId: string): Promise<readonly RecordedEvent[]>;
}): SlaRecomputePlanner {
  return new SlaRecomputePlanner({
    catalog: sources.catalog,
    readComplaint: async (complaintId) => {
      const recorded = await sources.history(complaintId);
      return { state: foldComplaintHistory(recorded), history: toSlaEvents(recorded) };
    },
    appliedPolicy: (history) => appliedPolicy(history, sources.tracking),
    clockHistory: clockHistoryOfStream,
    openComplaintsUnder: (policyId, version, limit) => sources.readModel.openComplaintsUnder(policyId, version, limit),
  });
}
