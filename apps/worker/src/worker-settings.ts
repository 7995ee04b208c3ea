import { ConfigError, integer } from '@redress/config';

export interface WorkerSettings {
  healthPort: number;
  healthHost: string;
  /** LEASE_RETRY_INTERVAL_MS: how often a standby worker tries the leases, so the takeover time after a death. */
  leaseRetryIntervalMs: number;
}

/** The worker's own settings (the store, Kafka and SLA settings are the API's: loadConfig, loadPublisherConfig). */
export function loadWorkerSettings(env: NodeJS.ProcessEnv): WorkerSettings {
  const problems: string[] = [];
  const settings = {
    healthPort: integer(env, 'WORKER_HEALTH_PORT', 3200, 0, 65535, problems),
    healthHost: env.WORKER_HEALTH_HOST ?? '0.0.0.0',
    leaseRetryIntervalMs: integer(env, 'LEASE_RETRY_INTERVAL_MS', 1000, 50, 60_000, problems),
  };
  if (settings.healthHost.trim() === '') problems.push('WORKER_HEALTH_HOST must not be empty');
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}
