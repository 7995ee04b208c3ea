export * from './applied-policy';
export * from './sla-tracking.projection';
export { latestInstantOf, standingOf } from './sla-derived-rows';
export * from './sla-tracking.queries';
export * from './sla-alert-timer';
export * from './merged-receipt';
export * from './sla-recompute-sources';
