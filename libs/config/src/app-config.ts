import { resolve } from 'node:path';

export interface EmbeddedStoreConfig {
  kind: 'embedded';
  /** Null keeps the store in memory (tests only). */
  dataDir: string | null;
}

export type EventStoreConfig = EmbeddedStoreConfig;

export interface AppConfig {
  port: number;
  host: string;
  eventStore: EventStoreConfig;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
const EVENT_STORES = ['embedded'] as const;

/**
 * Reads and validates the configuration from the environment, reporting
 * every bad setting at once with what was expected.
 */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const problems: string[] = [];

  const portText = env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535)
    problems.push(`PORT must be a port number 0-65535, not "${portText}"`);

  const host = env.HOST ?? '0.0.0.0';
  if (host.trim() === '') problems.push('HOST must not be empty');

  const logLevel = (env.LOG_LEVEL ?? 'log') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);

  const storeKind = env.EVENT_STORE ?? 'embedded';
  if (!(EVENT_STORES as readonly string[]).includes(storeKind)) {
    problems.push(`EVENT_STORE must be one of ${EVENT_STORES.join(', ')}, not "${storeKind}"`);
  }
  const dataDir = resolve(env.DATA_DIR ?? './data');

  if (problems.length > 0) throw new ConfigError(problems);
  return { port, host, logLevel, eventStore: { kind: 'embedded', dataDir } };
}
