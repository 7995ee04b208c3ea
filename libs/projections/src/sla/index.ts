export * from './sla-tracking.projection';
export * from './sla-tracking.queries';
export * from './sla-alert-timer';
