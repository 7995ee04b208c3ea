export * from './principal';
export * from './access-policy';
export * from './api-key-store';
export * from './sql-api-key-store';
export * from './cached-api-key-store';
export * from './api-keys';
export * from './jwt-verifier';
