export * from './spans';
export * from './trace-context';
export * from './tracing';
export * from './health-endpoint';
export * from './stop-signals';
