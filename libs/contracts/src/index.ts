export * from './cloud-event-contract';
export * from './event-schema-catalog';
export * from './event-schema-drift';
export * from './topic-layout';
export * from './asyncapi-document';
export * from './command-message';
export * from './command-message-schemas';
export * from './http/contracts.module';
export { CONTRACTS_OPTIONS, ContractsController, type ContractsOptions } from './http/contracts.controller';
// event-schema-generator.ts is left out on purpose: it needs a dev dependency (see the file).
