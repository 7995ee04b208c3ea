export * from './decider';
export * from './errors';
export * from './complaint';
export * from './versioned-events';
export * from './lifecycle-guard';
export * from './survey';
export * from './early-warning';
export * from './published-events';
