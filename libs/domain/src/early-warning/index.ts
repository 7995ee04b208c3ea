export * from './commands';
export * from './events';
export * from './state';
export { decideEarlyWarning, EARLY_WARNING_COMMANDS_ALLOWED_IN } from './decide';
export { evolveEarlyWarning } from './evolve';
export { earlyWarningDecider } from './early-warning.decider';
