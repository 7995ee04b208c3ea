import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SHIPPED_POLICY_SELECTION_FILE } from '@redress/sla';
import { problemsOf } from '../test/problems-of';
import { loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to port 3000 on all interfaces with the embedded store in ./data', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'log',
      eventStore: { kind: 'embedded', dataDir: resolve('./data') },
      readinessMaxProjectionLag: 10_000,
      overload: { maxEventLoopDelayMs: 200, maxEventLoopUtilization: 0.98, sampleIntervalMs: 100 },
      publishing: { inProcess: false, publisher: expect.objectContaining({ brokers: ['127.0.0.1:9092'] }) },
      sla: { policySelectionFile: SHIPPED_POLICY_SELECTION_FILE, alertTimer: true },
      projections: { placement: 'here' },
      tracing: { enabled: true, serviceName: 'redress-api', otlp: null },
      reporting: { satisfaction: {}, kpis: {} },
      auth: { firstStartAdminKey: true, apiKeyCacheSeconds: 5, jwt: null },
      duplicates: { windowDays: 30 },
    });
  });

  it('reads every setting from the environment', () => {
    expect(loadConfig({ PORT: '8080', HOST: '127.0.0.1', LOG_LEVEL: 'debug', DATA_DIR: '/var/lib/redress' })).toEqual({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'debug',
      eventStore: { kind: 'embedded', dataDir: '/var/lib/redress' },
      readinessMaxProjectionLag: 10_000,
      overload: { maxEventLoopDelayMs: 200, maxEventLoopUtilization: 0.98, sampleIntervalMs: 100 },
      publishing: { inProcess: false, publisher: expect.objectContaining({ brokers: ['127.0.0.1:9092'] }) },
      sla: { policySelectionFile: SHIPPED_POLICY_SELECTION_FILE, alertTimer: true },
      projections: { placement: 'here' },
      tracing: { enabled: true, serviceName: 'redress-api', otlp: null },
      reporting: { satisfaction: {}, kpis: {} },
      auth: { firstStartAdminKey: true, apiKeyCacheSeconds: 5, jwt: null },
      duplicates: { windowDays: 30 },
    });
  });

  it('configures PostgreSQL, and KurrentDB with PostgreSQL read models', () => {
    const postgres = { url: 'postgres://app@db:5432/redress', schema: 'complaints', poolSize: 16 };
    const env = { POSTGRES_URL: postgres.url, POSTGRES_SCHEMA: 'complaints', POSTGRES_POOL_SIZE: '16' };
    expect(loadConfig({ ...env, EVENT_STORE: 'postgres' }).eventStore).toEqual({ kind: 'postgres', postgres });
    expect(
      loadConfig({ ...env, EVENT_STORE: 'kurrentdb', KURRENTDB_CONNECTION_STRING: 'kurrentdb://kdb:2113?tls=false' })
        .eventStore,
    ).toEqual({ kind: 'kurrentdb', connectionString: 'kurrentdb://kdb:2113?tls=false', readModels: postgres });
  });

  it('reads the reporting settings, and stops on a bad one with the others', () => {
    expect(loadConfig({ REPORTING_TIME_ZONE: 'Asia/Shanghai' }).reporting).toEqual({
      satisfaction: { timeZone: 'Asia/Shanghai' },
      kpis: { timeZone: 'Asia/Shanghai' },
    });
    expect(problemsOf({ REPORTING_TIME_ZONE: 'Nowhere/Town', PORT: 'x' })).toEqual([
      'PORT must be a whole number from 0 to 65535, not "x"',
      'REPORTING_TIME_ZONE must be an IANA time zone such as Asia/Shanghai or Europe/London, not "Nowhere/Town"',
    ]);
  });

  it('places the projections here, in the lease holder, or elsewhere (PROJECTIONS_PLACEMENT)', () => {
    const postgres = { EVENT_STORE: 'postgres' };
    expect(loadConfig({ ...postgres, PROJECTIONS_PLACEMENT: 'leased' }).projections).toEqual({ placement: 'leased' });
    expect(loadConfig({ ...postgres, PROJECTIONS_PLACEMENT: 'elsewhere' }).projections).toEqual({
      placement: 'elsewhere',
    });
    expect(problemsOf({ PROJECTIONS_PLACEMENT: 'worker' })).toEqual([
      'PROJECTIONS_PLACEMENT must be one of here, leased, elsewhere, not "worker"',
    ]);
    expect(problemsOf({ PROJECTIONS_PLACEMENT: 'elsewhere' })).toEqual([
      'PROJECTIONS_PLACEMENT=elsewhere needs a shared store (EVENT_STORE=postgres or kurrentdb): ' +
        'the embedded store admits one process, so no other process could run the projections',
    ]);
  });

  it('reports every bad setting at once, naming each', () => {
    expect(
      problemsOf({ PORT: '70000', LOG_LEVEL: 'loud', EVENT_STORE: 'mongo', HOST: ' ', PUBLISHER_IN_PROCESS: 'yes' }),
    ).toEqual([
      'PORT must be a whole number from 0 to 65535, not "70000"',
      'HOST must not be empty',
      'LOG_LEVEL must be one of error, warn, log, debug, verbose, not "loud"',
      'PUBLISHER_IN_PROCESS must be true or false, not "yes"',
      'EVENT_STORE must be one of embedded, postgres, kurrentdb, not "mongo"',
    ]);
    expect(
      problemsOf({
        EVENT_STORE: 'kurrentdb',
        POSTGRES_URL: 'mysql://x',
        POSTGRES_SCHEMA: 'Bad-Name',
        POSTGRES_POOL_SIZE: '0',
      }),
    ).toEqual([
      'KURRENTDB_CONNECTION_STRING must be set with EVENT_STORE=kurrentdb, e.g. kurrentdb://localhost:2113?tls=false',
      'POSTGRES_URL must be a postgres:// connection string',
      'POSTGRES_SCHEMA must be lower-case letters, digits and _, not "Bad-Name"',
      'POSTGRES_POOL_SIZE must be a whole number from 1 to 200, not "0"',
    ]);
  });

  it('takes the SLA policy selection from SLA_POLICY_SELECTION_FILE, refusing a missing or invalid one', () => {
    const directory = mkdtempSync(join(tmpdir(), 'redress-config-'));
    const good = join(directory, 'good.yaml');
    writeFileSync(good, 'version: 2\ndefault: guides-rapid\n');
    expect(loadConfig({ SLA_POLICY_SELECTION_FILE: good }).sla).toEqual({
      policySelectionFile: good,
      alertTimer: true,
    });
    expect(loadConfig({ SLA_ALERT_TIMER: 'false' }).sla.alertTimer).toBe(false);
    expect(problemsOf({ SLA_ALERT_TIMER: 'off' })).toEqual(['SLA_ALERT_TIMER must be true or false, not "off"']);

    const bad = join(directory, 'bad.yaml');
    writeFileSync(
      bad,
      'version: 2\nrules:\n  - { name: vip, when: { tier: HIGH_VALUE }, policy: gold }\ndefault: guides-rapid\n',
    );
    expect(problemsOf({ SLA_POLICY_SELECTION_FILE: bad })).toEqual([
      `SLA_POLICY_SELECTION_FILE: ${bad}:3:54 /rules/0/policy: no SLA policy "gold"; known: asic-rg271, cfpb, eu-psd2, fca-disp, guides-rapid, guides-standard, incident, nfra`,
    ]);
    const missing = join(directory, 'missing.yaml');
    expect(problemsOf({ SLA_POLICY_SELECTION_FILE: missing })).toEqual([
      expect.stringMatching(/^SLA_POLICY_SELECTION_FILE must name a readable file, not ".*missing\.yaml" \(ENOENT/),
    ]);
  });
});
