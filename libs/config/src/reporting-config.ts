import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject } from 'ajv';
import { SATISFACTION_DIMENSIONS } from '@redress/domain';
import {
  COMPLAINT_SEGMENT_DIMENSIONS,
  DEFAULT_SATISFACTION_SETTINGS,
  satisfactionSettings,
  type KpiSettings,
  type SatisfactionSettings,
} from '@redress/projections';

/** The settings of satisfaction and KPI reports that vary between enterprises; what is absent keeps its default. */
export interface ReportingConfig {
  satisfaction: Partial<SatisfactionSettings>;
  kpis: Partial<KpiSettings>;
}

/** The JSON file `REPORTING_SETTINGS_FILE` names. */
interface ReportingSettingsFile {
  timeZone?: string;
  complaintRate?: NonNullable<KpiSettings['denominator']>;
  csiWeights?: Partial<SatisfactionSettings['csiWeights']>;
  repeatWindowDays?: number;
  minimumSample?: Partial<SatisfactionSettings['minimumSample']> & { kpi?: number };
}

const positiveCount = { type: 'number', exclusiveMinimum: 0 } as const;
const sampleSize = { type: 'integer', minimum: 1 } as const;
const ofNames = <T>(names: readonly string[], schema: T) => Object.fromEntries(names.map((name) => [name, schema]));

const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeZone: { type: 'string', minLength: 1 },
    complaintRate: {
      type: 'object',
      additionalProperties: false,
      required: ['label', 'per', 'total'],
      properties: {
        label: { type: 'string', minLength: 1 },
        per: positiveCount,
        total: positiveCount,
        bySegment: {
          type: 'object',
          additionalProperties: false,
          properties: ofNames(COMPLAINT_SEGMENT_DIMENSIONS, {
            type: 'object',
            additionalProperties: positiveCount,
          }),
        },
      },
    },
    csiWeights: {
      type: 'object',
      additionalProperties: false,
      properties: ofNames(SATISFACTION_DIMENSIONS, { type: 'number', minimum: 0 }),
    },
    repeatWindowDays: { type: 'integer', minimum: 1, maximum: 3650 },
    minimumSample: {
      type: 'object',
      additionalProperties: false,
      properties: ofNames(['csat', 'nps', 'ces', 'csi', 'dimension', 'responseRate', 'kpi'], sampleSize),
    },
  },
};

const validateSettingsFile = new Ajv({ allErrors: true }).compile<ReportingSettingsFile>(SETTINGS_SCHEMA);

/**
 * Reads the reporting settings, adding a line to `problems` for each bad one:
 *
 * | variable                  | meaning                                                                           |
 * | ------------------------- | --------------------------------------------------------------------------------- |
 * | `REPORTING_SETTINGS_FILE` | JSON: `timeZone`, `complaintRate` (the denominator: label, per, total, bySegment), |
 * |                           | `csiWeights`, `repeatWindowDays`, `minimumSample` (see deploy/reporting-settings.example.json) |
 * | `REPORTING_TIME_ZONE`     | IANA zone of the local days report windows are made of; overrides the file's      |
 *
 * Without a complaint-rate denominator the complaint rate is not computed,
 * and the early warning on it cannot fire.
 */
export function readReportingConfig(env: NodeJS.ProcessEnv, problems: string[]): ReportingConfig {
  const file = env.REPORTING_SETTINGS_FILE?.trim() ? readSettingsFile(env.REPORTING_SETTINGS_FILE, problems) : {};
  const timeZone = env.REPORTING_TIME_ZONE?.trim() || file.timeZone;
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    const source = env.REPORTING_TIME_ZONE?.trim() ? 'REPORTING_TIME_ZONE' : 'REPORTING_SETTINGS_FILE: timeZone';
    problems.push(`${source} must be an IANA time zone such as Asia/Shanghai or Europe/London, not "${timeZone}"`);
  }
  const { kpi: kpiMinimumSample, ...satisfactionMinimumSample } = file.minimumSample ?? {};
  const satisfaction: Partial<SatisfactionSettings> = {
    ...(timeZone !== undefined && { timeZone }),
    ...(file.csiWeights && { csiWeights: { ...DEFAULT_SATISFACTION_SETTINGS.csiWeights, ...file.csiWeights } }),
    ...(file.minimumSample && {
      minimumSample: { ...DEFAULT_SATISFACTION_SETTINGS.minimumSample, ...satisfactionMinimumSample },
    }),
  };
  try {
    satisfactionSettings(satisfaction);
  } catch (error) {
    problems.push(`REPORTING_SETTINGS_FILE: csiWeights: ${(error as Error).message}`);
  }
  const kpis: Partial<KpiSettings> = {
    ...(timeZone !== undefined && { timeZone }),
    ...(file.complaintRate && { denominator: file.complaintRate }),
    ...(file.repeatWindowDays !== undefined && { repeatWindowDays: file.repeatWindowDays }),
    ...(kpiMinimumSample !== undefined && { minimumSample: kpiMinimumSample }),
  };
  return { satisfaction, kpis };
}

function readSettingsFile(path: string, problems: string[]): ReportingSettingsFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(
      `REPORTING_SETTINGS_FILE must name a readable JSON file, not "${path}" (${(error as Error).message})`,
    );
    return {};
  }
  if (validateSettingsFile(parsed)) return parsed;
  problems.push(...(validateSettingsFile.errors ?? []).map((error) => `REPORTING_SETTINGS_FILE: ${describe(error)}`));
  return {};
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : 'the file';
  if (error.keyword === 'additionalProperties') {
    return `${where} has no setting "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  }
  return `${where} ${error.message}`;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
