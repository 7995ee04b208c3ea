import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COMPLAINT_EVENT_TYPES } from '@redress/domain';
import {
  PLANNED_DOMAIN_EVENTS,
  SHIPPED_POLICIES_DIR,
  loadCalendarFile,
  loadShippedPolicies,
  referencedEventTypes,
} from '../src';

const catalog = loadShippedPolicies();
const policies = catalog.ids().map((id) => catalog.forNewComplaint(id, '2026-06-01T00:00:00Z'));
const domainEvents = new Set<string>(COMPLAINT_EVENT_TYPES);

describe('shipped policy packs', () => {
  it('are the eight packs of issue 5', () => {
    expect(catalog.ids()).toEqual([
      'asic-rg271',
      'cfpb',
      'eu-psd2',
      'fca-disp',
      'guides-rapid',
      'guides-standard',
      'incident',
      'nfra',
    ]);
  });

  it.each(policies.map((policy) => [policy.id, policy] as const))(
    '%s relies only on domain events or events listed as planned',
    (_, policy) => {
      const unknown = referencedEventTypes(policy.document).filter((type) => !domainEvents.has(type));
      expect(unknown.filter((type) => !(type in PLANNED_DOMAIN_EVENTS))).toEqual([]);
    },
  );

  it('list no planned event the domain already has, and none no pack uses', () => {
    const used = new Set(policies.flatMap((policy) => referencedEventTypes(policy.document)));
    const planned = Object.keys(PLANNED_DOMAIN_EVENTS);
    expect(planned.filter((type) => domainEvents.has(type))).toEqual([]);
    expect(planned.filter((type) => !used.has(type))).toEqual([]);
  });

  it('curate holidays for 2026 in every business calendar', () => {
    const calendars = policies
      .flatMap((policy) => [...policy.calendars.values()])
      .filter((calendar) => !calendar.alwaysOpen);
    expect(new Set(calendars.map((c) => c.id))).toEqual(
      new Set(['uk-england-wales', 'cn-mainland', 'au-nsw', 'eu-target2']),
    );
    for (const calendar of calendars) {
      expect(calendar.definition.coverage?.from).toBe('2026-01-01');
      expect(calendar.isBusinessDay('2026-12-25')).toBe(calendar.id === 'cn-mainland');
    }
  });

  const calendarDir = join(SHIPPED_POLICIES_DIR, 'calendars');
  const calendarFiles = readdirSync(calendarDir).filter((name) => name.endsWith('.yaml'));

  it.each(calendarFiles)('calendar file %s is valid and named after its id', (name) => {
    expect(`${loadCalendarFile(join(calendarDir, name)).id}.yaml`).toBe(name);
  });

  /** Spot checks against the published lists (each is a day a Mon-Fri calendar could get wrong). */
  const spotChecks: [string, string, boolean][] = [
    ['cn-mainland', '2026-02-14', true],
    ['cn-mainland', '2026-02-23', false],
    ['cn-mainland', '2026-05-09', true],
    ['cn-mainland', '2026-10-08', true],
    ['uk-england-wales', '2026-12-28', false],
    ['uk-england-wales', '2027-12-28', false],
    ['us-federal', '2026-07-03', false],
    ['us-federal', '2027-12-31', false],
    ['us-federal', '2026-11-27', true],
    ['au-nsw', '2026-12-28', false],
    ['au-nsw', '2026-04-27', true],
    ['eu-target2', '2026-12-24', true],
    ['eu-target2', '2026-05-01', false],
  ];
  it.each(spotChecks)('%s: is %s a business day? %s', (id, date, expected) => {
    expect(loadCalendarFile(join(calendarDir, `${id}.yaml`)).isBusinessDay(date)).toBe(expected);
  });
});
