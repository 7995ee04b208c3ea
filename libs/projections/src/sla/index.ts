export * from './applied-policy';
export * from './sla-tracking.projection';
export * from './sla-tracking.queries';
export * from './sla-alert-timer';
export * from './merged-receipt';
export * from './sla-recompute-sources';
