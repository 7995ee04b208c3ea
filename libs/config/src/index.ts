export * from './app-config';
export * from './persistence';
export * from './tracing-config';
