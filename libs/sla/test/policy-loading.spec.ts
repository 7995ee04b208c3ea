import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PolicyCatalog, PolicyValidationError, loadPolicyFile, parsePolicy, type PolicyIssue } from '../src';

/** A minimal valid policy as data; each case below breaks one thing. */
const base = () => ({
  id: 'fixture',
  version: 1,
  name: 'Fixture',
  calendar: 'utc',
  calendars: { utc: { timeZone: 'UTC', alwaysOpen: true } },
  clocks: [
    {
      name: 'respond',
      start: { event: 'ComplaintReceived' },
      stop: { event: 'ComplaintAcknowledged' },
      target: { default: { kind: 'duration', hours: 24 } },
    },
  ],
  escalations: [{ on: { clock: 'respond', alert: 'breach' }, level: 'SUPERVISOR', reason: '{title} late' }],
});
type Doc = ReturnType<typeof base> & Record<string, unknown>;

function issuesOf(text: string, file = 'fixture.yaml'): PolicyIssue[] {
  try {
    parsePolicy(text, { file });
  } catch (error) {
    if (error instanceof PolicyValidationError) return [...error.issues];
    throw error;
  }
  return [];
}

const cases: [string, (doc: Doc) => void, string, string][] = [
  ['a missing field', (d) => delete (d as Partial<Doc>).name, '', 'missing required property "name"'],
  ['an unknown field', (d) => (d.owner = 'me'), '', 'unknown property "owner"'],
  [
    'a bad target kind',
    (d) => (d.clocks[0].target.default.kind = 'weeks'),
    '/clocks/0/target/default',
    '"kind" must be one of "duration", "endOfNthBusinessDay", "calendarDays"',
  ],
  [
    'an empty duration',
    (d) => (d.clocks[0].target.default = { kind: 'duration' } as never),
    '/clocks/0/target/default',
    'a duration needs hours, minutes or seconds',
  ],
  [
    'a fractional second',
    (d) => (d.clocks[0].target.default.hours = 0.00001),
    '/clocks/0/target/default',
    'is not a whole number of seconds',
  ],
  [
    'a condition without event',
    (d) => (d.clocks[0].stop = { evnt: 'X' } as never),
    '/clocks/0/stop',
    'missing required property "event"',
  ],
  [
    'anyOf mixed with event',
    (d) => (d.clocks[0].stop = { event: 'A', anyOf: [{ event: 'B' }] } as never),
    '/clocks/0/stop',
    'must NOT have more than 1 properties',
  ],
  [
    'a bad path',
    (d) => (d.clocks[0].start = { event: 'ComplaintReceived', at: 'receivedAt' } as never),
    '/clocks/0/start/at',
    'must match pattern',
  ],
  [
    'a misspelt grade',
    (d) =>
      ((d.clocks[0].target as Record<string, unknown>).rules = [
        { when: { grade: 'URGNET' }, target: { kind: 'duration', hours: 1 } },
      ]),
    '/clocks/0/target/rules/0/when/grade',
    'must be one of "GENERAL", "SERIOUS", "URGENT", or a list of them',
  ],
  [
    'an unknown escalation level',
    (d) => (d.escalations[0].level = 'BOSS'),
    '/escalations/0/level',
    'must be one of "SUPERVISOR", "MANAGEMENT", "EXECUTIVE"',
  ],
  ['a warning of 100%', (d) => (d.warnings = [100]), '/warnings/0', 'does not match any allowed form'],
  ['an unknown default calendar', (d) => (d.calendar = 'office'), '/calendar', 'no calendar named "office"'],
  [
    'an unknown clock calendar',
    (d) => ((d.clocks[0] as Record<string, unknown>).calendar = 'office'),
    '/clocks/0/calendar',
    'no calendar named "office"',
  ],
  [
    'a clock defined twice',
    (d) => d.clocks.push(structuredClone(d.clocks[0])),
    '/clocks/1/name',
    'clock "respond" is defined twice',
  ],
  [
    'a pause without a resume',
    (d) => ((d.clocks[0] as Record<string, unknown>).pause = { event: 'Waiting' }),
    '/clocks/0',
    'pause and resume must be given together',
  ],
  [
    'an escalation on an unknown clock',
    (d) => (d.escalations[0].on.clock = 'resolve'),
    '/escalations/0/on/clock',
    'no clock named "resolve"',
  ],
  [
    'an escalation on a warning the clock lacks',
    (d) => (d.escalations[0].on = { clock: 'respond', alert: 'warning', percent: 80 } as never),
    '/escalations/0/on/percent',
    'clock "respond" has no 80% warning (it has 50, 75, 90)',
  ],
  [
    'an unknown reason placeholder',
    (d) => (d.escalations[0].reason = '{clok} late'),
    '/escalations/0/reason',
    'unknown placeholder {clok}',
  ],
  [
    'an invalid calendar',
    (d) => (d.calendars.utc = { timeZone: 'UTC', week: { mon: ['9-5'] } } as never),
    '/calendars/utc/week/mon/0',
    'must match pattern',
  ],
  [
    'a calendar in an unknown zone',
    (d) => (d.calendars.utc.timeZone = 'Europe/Lundun'),
    '/calendars/utc/timeZone',
    '"Europe/Lundun" is not an IANA time zone',
  ],
];

describe('loading policies', () => {
  it('accepts the base fixture', () => {
    expect(parsePolicy(stringify(base())).clocks.map((clock) => clock.name)).toEqual(['respond']);
  });

  it.each(cases)('reports %s', (_, breakIt, path, message) => {
    const doc = base() as Doc;
    breakIt(doc);
    const issues = issuesOf(stringify(doc));
    expect(issues.map((issue) => [issue.path, issue.message])).toContainEqual([path, expect.stringContaining(message)]);
  });

  it('names the file, line and column of each problem, one a line', () => {
    const text = [
      'id: fixture',
      'version: 1',
      'name: Fixture',
      'calendar: utc',
      'calendars:',
      '  utc: { timeZone: UTC, alwaysOpen: true }',
      'clocks:',
      '  - name: respond',
      '    start: { event: ComplaintReceived }',
      '    stop: { evnt: ComplaintAcknowledged }',
      '    target: { default: { kind: duration, hours: 24 } }',
      '',
    ].join('\n');
    expect(() => parsePolicy(text, { file: 'policies/fixture.v1.yaml' })).toThrow(
      [
        'Invalid SLA policy:',
        '  policies/fixture.v1.yaml:10:11 /clocks/0/stop: missing required property "event"',
        '  policies/fixture.v1.yaml:10:11 /clocks/0/stop: unknown property "evnt"',
      ].join('\n'),
    );
  });

  it('reports YAML syntax errors with their position', () => {
    expect(issuesOf('id: [unclosed\nname: x\n')[0]).toMatchObject({ file: 'fixture.yaml', line: expect.any(Number) });
  });

  describe('calendar files', () => {
    const directory = mkdtempSync(join(tmpdir(), 'sla-policy-'));
    mkdirSync(join(directory, 'calendars'));
    const write = (name: string, doc: unknown) => writeFileSync(join(directory, name), stringify(doc));
    const withCalendarFile = (file: string) => ({ ...base(), calendars: { office: { file } }, calendar: 'office' });

    it('resolves them relative to the policy and inlines them into the digest', () => {
      write('calendars/office.yaml', { id: 'office', timeZone: 'Europe/London', week: { mon: ['09:00-17:00'] } });
      write('ok.yaml', withCalendarFile('calendars/office.yaml'));
      const policy = loadPolicyFile(join(directory, 'ok.yaml'));
      expect(policy.calendars.get('office')?.timeZone).toBe('Europe/London');
      expect(policy.document.calendars.office).toMatchObject({ id: 'office', week: { mon: ['09:00-17:00'] } });
    });

    it('reports problems inside a calendar file against that file', () => {
      write('calendars/broken.yaml', { id: 'broken', timeZone: 'Europe/London', week: { mon: ['17:00-09:00'] } });
      write('broken.yaml', withCalendarFile('calendars/broken.yaml'));
      expect(() => loadPolicyFile(join(directory, 'broken.yaml'))).toThrow(
        /calendars\/broken\.yaml:\d+:\d+ \/week\/mon\/0: "17:00-09:00" must end after it starts/,
      );
    });

    it('reports a missing calendar file at the reference', () => {
      write('missing.yaml', withCalendarFile('calendars/nowhere.yaml'));
      expect(() => loadPolicyFile(join(directory, 'missing.yaml'))).toThrow(
        /missing\.yaml:\d+:\d+ \/calendars\/office\/file: cannot read calendars\/nowhere\.yaml/,
      );
    });
  });

  it('fingerprints the content, not the key order', () => {
    const reordered = Object.fromEntries(Object.entries(base()).reverse());
    const changed = { ...base(), name: 'Renamed' };
    const digest = (doc: unknown) => parsePolicy(stringify(doc)).digest;
    expect(digest(reordered)).toBe(digest(base()));
    expect(digest(changed)).not.toBe(digest(base()));
  });
});

describe('policy catalog', () => {
  const version = (v: number, effectiveFrom?: string) =>
    parsePolicy(stringify({ ...base(), version: v, ...(effectiveFrom ? { effectiveFrom } : {}) }));
  const catalog = new PolicyCatalog([version(2, '2026-07-01'), version(1), version(3, '2027-01-01')]);

  it('gives a new complaint the newest version in effect on its day of receipt', () => {
    expect(catalog.forNewComplaint('fixture', '2026-06-30T23:59:59Z').version).toBe(1);
    expect(catalog.forNewComplaint('fixture', '2026-07-01T00:00:00Z').version).toBe(2);
    expect(catalog.forNewComplaint('fixture', '2027-03-01T00:00:00Z').version).toBe(3);
  });

  it('keeps every version for complaints that recorded it', () => {
    expect(catalog.versions('fixture').map((p) => p.version)).toEqual([1, 2, 3]);
    expect(catalog.get('fixture', 2).effectiveFrom).toBe('2026-07-01');
    expect(() => catalog.get('fixture', 9)).toThrow('No SLA policy "fixture" version 9');
    expect(() => catalog.forNewComplaint('other', '2026-01-01T00:00:00Z')).toThrow('No SLA policy "other"');
    const late = new PolicyCatalog([version(2, '2026-07-01')]);
    expect(() => late.forNewComplaint('fixture', '2026-01-01T00:00:00Z')).toThrow(
      'no version of SLA policy "fixture" is in effect at 2026-01-01T00:00:00.000Z',
    );
  });

  it('refuses the same version twice', () => {
    expect(() => new PolicyCatalog([version(1), version(1)])).toThrow('fixture version 1 is loaded twice');
  });
});
