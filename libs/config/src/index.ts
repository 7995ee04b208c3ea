export * from './app-config';
export * from './persistence';
