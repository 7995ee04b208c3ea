export * from './projection';
export * from './projection-catalog';
export * from './projection-runner';
export * from './projection-rebuilder';
export * from './complaint-list/complaint-list-row';
export * from './complaint-list/complaint-list.projection';
export * from './complaint-list/complaint-list.queries';
export * from './complaint-list/merge-pairs.queries';
export * from './satisfaction';
export * from './kpis';
export * from './sla';
export * from './duplicates';

import { complaintListProjection } from './complaint-list/complaint-list.projection';
import type { ProjectionDefinition } from './projection';
import { createSlaTrackingProjection, slaTrackingProjection, type SlaTrackingOptions } from './sla';
import { SATISFACTION_PROJECTIONS } from './satisfaction/satisfaction-projections';
import { duplicateDetectionProjection } from './duplicates/duplicate-detection.projection';

/** Every read model of the product, in the order they are started. */
export const ALL_PROJECTIONS: readonly ProjectionDefinition[] = [
  complaintListProjection,
  slaTrackingProjection,
  ...SATISFACTION_PROJECTIONS,
  duplicateDetectionProjection,
];

/** Every read model, with SLA tracking under the given policy selection (SLA_POLICY_SELECTION_FILE). */
export function allProjections(slaTracking: SlaTrackingOptions): ProjectionDefinition[] {
  const configured = createSlaTrackingProjection(slaTracking);
  return ALL_PROJECTIONS.map((projection) => (projection === slaTrackingProjection ? configured : projection));
}
export * from './sla-alert-timer-lease';
