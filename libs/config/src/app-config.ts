import { resolve } from 'node:path';
import type { TracingConfig } from '@redress/observability';
import { loadPublisherConfig, PublisherConfigError, type PublisherConfig } from '@redress/publishing';
import {
  formatIssue,
  loadPolicySelectionFile,
  loadShippedPolicies,
  PolicyValidationError,
  SHIPPED_POLICY_SELECTION_FILE,
} from '@redress/sla';
import { readReportingConfig, type ReportingConfig } from './reporting-config';
import { readTracingConfig } from './tracing-config';
import { readAuthConfig, type AuthConfig } from './auth-config';
import { readDuplicateDetectionConfig, type DuplicateDetectionConfig } from './duplicate-detection-config';

export interface PostgresConfig {
  url: string;
  /** Schema for Redress's tables; created if absent. */
  schema: string;
  poolSize: number;
}

export type EventStoreConfig =
  | {
      kind: 'embedded';
      /** Null keeps the store in memory (tests only). */
      dataDir: string | null;
    }
  | { kind: 'postgres'; postgres: PostgresConfig }
  | {
      kind: 'kurrentdb';
      connectionString: string;
      /** KurrentDB holds the log; the read models live in PostgreSQL. */
      readModels: PostgresConfig;
    };

export interface AppConfig {
  port: number;
  host: string;
  eventStore: EventStoreConfig;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** Readiness fails when a projection is further behind the log than this many events. */
  readinessMaxProjectionLag: number;
  /** Kafka publication settings; `inProcess` runs the publisher inside the API (PUBLISHER_IN_PROCESS=true). */
  publishing: { inProcess: boolean; publisher: PublisherConfig };
  /** Load shedding: above these the API answers 503 with Retry-After. */
  overload: { maxEventLoopDelayMs: number; maxEventLoopUtilization: number; sampleIntervalMs: number };
  /**
   * The rules choosing a new complaint's SLA policy (SLA_POLICY_SELECTION_FILE; default the shipped file), and
   * whether this process runs the alert timer (SLA_ALERT_TIMER, default true; any number of processes may).
   */
  sla: { policySelectionFile: string; alertTimer: boolean };
  /**
   * Where the projections run (PROJECTIONS_PLACEMENT): `here` in this process
   * (the default, and the only choice for the embedded store), `leased` in
   * whichever process holds each projection's lease, `elsewhere` in other
   * processes (API replicas beside workers; this one follows their checkpoints).
   */
  projections: { placement: ProjectionPlacement };
  /** OpenTelemetry tracing: the standard OTEL_* variables (see readTracingConfig). */
  tracing: TracingConfig;
  /** Satisfaction and KPI report settings: REPORTING_SETTINGS_FILE, REPORTING_TIME_ZONE (see readReportingConfig). */
  reporting: ReportingConfig;
  /** API keys and JWTs (see readAuthConfig). */
  auth: AuthConfig;
  /** Duplicate detection at intake: DUPLICATE_WINDOW_DAYS (see readDuplicateDetectionConfig); absent, the defaults. */
  duplicates?: DuplicateDetectionConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `service.name` of the API's spans unless OTEL_SERVICE_NAME says otherwise. */
export const API_SERVICE_NAME = 'redress-api';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
const PROJECTION_PLACEMENTS = ['here', 'leased', 'elsewhere'] as const;
export type ProjectionPlacement = (typeof PROJECTION_PLACEMENTS)[number];
const EVENT_STORES = ['embedded', 'postgres', 'kurrentdb'] as const;
const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,44}$/;

/**
 * Reads and validates the configuration from the environment, reporting
 * every bad setting at once with what was expected.
 */
export function loadConfig(env: NodeJS.ProcessEnv): AppConfig {
  const problems: string[] = [];

  const port = integer(env, 'PORT', 3000, 0, 65535, problems);
  const host = env.HOST ?? '0.0.0.0';
  if (host.trim() === '') problems.push('HOST must not be empty');

  const logLevel = (env.LOG_LEVEL ?? 'log') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);

  const readinessMaxProjectionLag = integer(env, 'READINESS_MAX_PROJECTION_LAG', 10_000, 0, 1_000_000_000, problems);

  const overload = {
    maxEventLoopDelayMs: integer(env, 'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', 200, 0, 60_000, problems),
    maxEventLoopUtilization: integer(env, 'OVERLOAD_MAX_EVENT_LOOP_UTILIZATION_PERCENT', 98, 0, 100, problems) / 100,
    sampleIntervalMs: integer(env, 'OVERLOAD_SAMPLE_INTERVAL_MS', 100, 5, 10_000, problems),
  };

  const sla = {
    policySelectionFile: resolve(env.SLA_POLICY_SELECTION_FILE ?? SHIPPED_POLICY_SELECTION_FILE),
    alertTimer: trueOrFalse(env, 'SLA_ALERT_TIMER', true, problems),
  };
  // The shipped file is checked by its own tests; another one is checked here, so a bad rule stops the start.
  if (env.SLA_POLICY_SELECTION_FILE !== undefined) problems.push(...policySelectionProblems(sla.policySelectionFile));

  let publisher: PublisherConfig | undefined;
  try {
    publisher = loadPublisherConfig(env);
  } catch (error) {
    if (!(error instanceof PublisherConfigError)) throw error;
    problems.push(...error.problems);
  }
  const inProcess = trueOrFalse(env, 'PUBLISHER_IN_PROCESS', false, problems);

  const storeKind = env.EVENT_STORE ?? 'embedded';
  let eventStore: EventStoreConfig | undefined;
  if (storeKind === 'embedded') {
    eventStore = { kind: 'embedded', dataDir: resolve(env.DATA_DIR ?? './data') };
  } else if (storeKind === 'postgres') {
    eventStore = { kind: 'postgres', postgres: postgresConfig(env, problems) };
  } else if (storeKind === 'kurrentdb') {
    const connectionString = env.KURRENTDB_CONNECTION_STRING?.trim() ?? '';
    if (!/^(kurrentdb|kdb|esdb|esdb\+discover|kurrentdb\+discover|kdb\+discover):\/\//.test(connectionString)) {
      problems.push(
        'KURRENTDB_CONNECTION_STRING must be set with EVENT_STORE=kurrentdb, e.g. kurrentdb://localhost:2113?tls=false',
      );
    }
    eventStore = { kind: 'kurrentdb', connectionString, readModels: postgresConfig(env, problems) };
  } else {
    problems.push(`EVENT_STORE must be one of ${EVENT_STORES.join(', ')}, not "${storeKind}"`);
  }

  const placement = (env.PROJECTIONS_PLACEMENT ?? 'here') as ProjectionPlacement;
  if (!PROJECTION_PLACEMENTS.includes(placement)) {
    problems.push(`PROJECTIONS_PLACEMENT must be one of ${PROJECTION_PLACEMENTS.join(', ')}, not "${placement}"`);
  } else if (placement === 'elsewhere' && storeKind === 'embedded') {
    problems.push(
      'PROJECTIONS_PLACEMENT=elsewhere needs a shared store (EVENT_STORE=postgres or kurrentdb): ' +
        'the embedded store admits one process, so no other process could run the projections',
    );
  }
  const projections = { placement };

  const tracing = readTracingConfig(env, API_SERVICE_NAME, problems);
  const reporting = readReportingConfig(env, problems);
  const auth = readAuthConfig(env, problems);
  const duplicates = readDuplicateDetectionConfig(env, problems);

  if (problems.length > 0 || !eventStore || !publisher) throw new ConfigError(problems);
  const publishing = { inProcess, publisher };
  return {
    port,
    host,
    logLevel,
    eventStore,
    readinessMaxProjectionLag,
    overload,
    publishing,
    sla,
    projections,
    tracing,
    reporting,
    auth,
    duplicates,
  };
}

/** Every problem of a policy selection file, each naming the variable, the file, the path and the line. */
function policySelectionProblems(file: string): string[] {
  try {
    loadPolicySelectionFile(file, loadShippedPolicies());
    return [];
  } catch (error) {
    if (error instanceof PolicyValidationError)
      return error.issues.map((issue) => `SLA_POLICY_SELECTION_FILE: ${formatIssue(issue)}`);
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')
      return [`SLA_POLICY_SELECTION_FILE must name a readable file, not "${file}" (${message})`];
    throw error;
  }
}

function postgresConfig(env: NodeJS.ProcessEnv, problems: string[]): PostgresConfig {
  const url = env.POSTGRES_URL ?? DEFAULT_POSTGRES_URL;
  if (!/^postgres(ql)?:\/\//.test(url)) problems.push('POSTGRES_URL must be a postgres:// connection string');
  const schema = env.POSTGRES_SCHEMA ?? 'redress';
  if (!SCHEMA_NAME.test(schema))
    problems.push(`POSTGRES_SCHEMA must be lower-case letters, digits and _, not "${schema}"`);
  const poolSize = integer(env, 'POSTGRES_POOL_SIZE', 8, 1, 200, problems);
  return { url, schema, poolSize };
}

export function trueOrFalse(env: NodeJS.ProcessEnv, name: string, fallback: boolean, problems: string[]): boolean {
  const text = env[name];
  if (text === undefined) return fallback;
  if (text !== 'true' && text !== 'false') problems.push(`${name} must be true or false, not "${text}"`);
  return text === 'true';
}

export function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const text = env[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
    return fallback;
  }
  return value;
}
