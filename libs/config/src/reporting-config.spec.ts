import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readReportingConfig } from './reporting-config';

const EXAMPLE = resolve(__dirname, '../../../deploy/reporting-settings.example.json');

function settingsFile(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'redress-reporting-')), 'settings.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('reporting settings from the environment', () => {
  it('keeps every default without settings', () => {
    const problems: string[] = [];
    expect(readReportingConfig({}, problems)).toEqual({ satisfaction: {}, kpis: {} });
    expect(problems).toEqual([]);
  });

  it('reads the shipped example: denominator per segment, CSI weights, windows in a local zone', () => {
    const problems: string[] = [];
    const config = readReportingConfig({ REPORTING_SETTINGS_FILE: EXAMPLE }, problems);
    expect(problems).toEqual([]);
    expect(config.kpis).toEqual({
      timeZone: 'Asia/Shanghai',
      denominator: expect.objectContaining({ label: 'active customers', per: 10_000, total: 120_000 }),
      repeatWindowDays: 30,
      minimumSample: 30,
    });
    expect(config.kpis.denominator?.bySegment?.customerTier).toEqual({ HIGH_VALUE: 8000, ORDINARY: 112_000 });
    expect(config.satisfaction).toMatchObject({
      timeZone: 'Asia/Shanghai',
      csiWeights: { EFFICIENCY: 2, LOYALTY: 3 },
      minimumSample: { csat: 30, nps: 100, ces: 30 },
    });
  });

  it('lets REPORTING_TIME_ZONE override the file', () => {
    const problems: string[] = [];
    const config = readReportingConfig(
      { REPORTING_SETTINGS_FILE: EXAMPLE, REPORTING_TIME_ZONE: 'Europe/London' },
      problems,
    );
    expect([config.kpis.timeZone, config.satisfaction.timeZone, problems]).toEqual([
      'Europe/London',
      'Europe/London',
      [],
    ]);
  });

  it('names each bad setting, its place in the file and what is wrong', () => {
    const problems: string[] = [];
    readReportingConfig(
      {
        REPORTING_SETTINGS_FILE: settingsFile({
          complaintRate: { label: 'orders', per: 0, total: 5000, bySegment: { region: { north: 1 } } },
          csiWeights: { EFFICIENCY: -1 },
          repeatWindowDays: 2.5,
          colour: 'blue',
        }),
      },
      problems,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'REPORTING_SETTINGS_FILE: complaintRate.per must be > 0',
        'REPORTING_SETTINGS_FILE: complaintRate.bySegment has no setting "region"',
        'REPORTING_SETTINGS_FILE: csiWeights.EFFICIENCY must be >= 0',
        'REPORTING_SETTINGS_FILE: repeatWindowDays must be integer',
        'REPORTING_SETTINGS_FILE: the file has no setting "colour"',
      ]),
    );
  });

  it('refuses weights that are all zero, an unknown zone, and a file that is missing or not JSON', () => {
    const problems: string[] = [];
    readReportingConfig(
      {
        REPORTING_SETTINGS_FILE: settingsFile({
          csiWeights: Object.fromEntries(
            ['EFFICIENCY', 'RELIABILITY', 'PROFESSIONALISM', 'EMOTIONAL', 'FOLLOW_UP_SUPPORT', 'LOYALTY'].map((d) => [
              d,
              0,
            ]),
          ),
        }),
      },
      problems,
    );
    readReportingConfig({ REPORTING_TIME_ZONE: 'Mars/Olympus_Mons' }, problems);
    readReportingConfig({ REPORTING_SETTINGS_FILE: '/nonexistent/settings.json' }, problems);
    readReportingConfig({ REPORTING_SETTINGS_FILE: settingsFile('{ "timeZone": ') }, problems);
    expect(problems).toEqual([
      'REPORTING_SETTINGS_FILE: csiWeights: CSI weights must be non-negative numbers, not all zero',
      'REPORTING_TIME_ZONE must be an IANA time zone such as Asia/Shanghai or Europe/London, not "Mars/Olympus_Mons"',
      expect.stringMatching(
        /^REPORTING_SETTINGS_FILE must name a readable JSON file, not "\/nonexistent\/settings.json" \(ENOENT/,
      ),
      expect.stringMatching(/^REPORTING_SETTINGS_FILE must name a readable JSON file, not ".*settings.json" \(/),
    ]);
  });
});
