import { stringify } from 'yaml';
import {
  loadPolicySelectionFile,
  loadShippedPolicies,
  parsePolicySelection,
  PolicyValidationError,
  SHIPPED_POLICY_SELECTION_FILE,
  type PolicyIssue,
  type SlaEvent,
} from '../src';

const catalog = loadShippedPolicies();

function receipt(
  { channel = 'EMAIL', tier = 'ORDINARY', receivedAt = '2026-06-01T09:00:00.000Z' } = {},
  category?: string,
): SlaEvent[] {
  const received = {
    type: 'ComplaintReceived',
    data: { channel, customer: { id: 'CUST-1', tier }, receivedAt },
    occurredAt: receivedAt,
  };
  return category
    ? [received, { type: 'ComplaintClassified', data: { category }, occurredAt: receivedAt }]
    : [received];
}

const selection = (document: Record<string, unknown>) => parsePolicySelection(stringify(document), catalog);

function issuesOf(document: Record<string, unknown>): PolicyIssue[] {
  try {
    parsePolicySelection(stringify(document), catalog, 'selection.yaml');
  } catch (error) {
    if (error instanceof PolicyValidationError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('policy selection', () => {
  it('ships rules that send walk-in complaints to the rapid pack and the rest to the standard pack', () => {
    const shipped = loadPolicySelectionFile(SHIPPED_POLICY_SELECTION_FILE, catalog);
    const walkIn = shipped.choose(receipt({ channel: 'ON_SITE' }));
    expect([walkIn?.policy.id, walkIn?.policy.version, walkIn?.rule]).toEqual(['guides-rapid', 1, 'walk-in']);
    const emailed = shipped.choose(receipt({ channel: 'EMAIL' }));
    expect([emailed?.policy.id, emailed?.rule]).toEqual(['guides-standard', null]);
  });

  it('tries the rules in order over channel, tier, a category given at registration and the receipt instant', () => {
    const rules = selection({
      version: 3,
      rules: [
        { name: 'vip-phone', when: { channel: ['PHONE', 'CALL_CENTER'], tier: 'HIGH_VALUE' }, policy: 'guides-rapid' },
        { name: 'systems', when: { category: 'SYSTEM_TECHNICAL' }, policy: 'incident' },
        { name: 'from-july', when: { receivedFrom: '2026-07-01T00:00:00+08:00' }, policy: 'fca-disp' },
      ],
      default: 'guides-standard',
    });
    const chosen = (events: SlaEvent[]) => rules.choose(events)?.rule ?? 'default';
    expect(chosen(receipt({ channel: 'CALL_CENTER', tier: 'HIGH_VALUE' }, 'SYSTEM_TECHNICAL'))).toBe('vip-phone');
    expect(chosen(receipt({ channel: 'CALL_CENTER', tier: 'ORDINARY' }, 'SYSTEM_TECHNICAL'))).toBe('systems');
    expect(chosen(receipt({ channel: 'CALL_CENTER', tier: 'ORDINARY' }))).toBe('default');
    // Midnight in Beijing is 16:00 UTC the day before: the window is an instant, whatever the server's zone.
    expect(chosen(receipt({ receivedAt: '2026-06-30T15:59:59Z' }))).toBe('default');
    expect(chosen(receipt({ receivedAt: '2026-06-30T16:00:00Z' }))).toBe('from-july');
    expect(rules.choose(receipt({ receivedAt: '2026-06-30T16:00:00Z' }))?.policy.id).toBe('fca-disp');
  });

  it('does not track a complaint received before any version of the chosen policy was in effect', () => {
    const rules = selection({ version: 1, default: 'guides-standard' });
    expect(rules.choose(receipt({ receivedAt: '2025-06-01T00:00:00Z' }))).toBeNull();
    expect(rules.choose([])).toBeNull();
  });

  it('lists the policy versions new complaints can get at an instant', () => {
    const rules = selection({
      version: 1,
      rules: [
        { name: 'old', when: { receivedBefore: '2026-03-01T00:00:00Z' }, policy: 'cfpb' },
        { name: 'vip', when: { tier: 'HIGH_VALUE' }, policy: 'guides-rapid' },
      ],
      default: 'guides-standard',
    });
    const ids = (at: string) => rules.policiesInUse(at).map((policy) => policy.id);
    expect(ids('2026-02-01T00:00:00Z')).toEqual(['cfpb', 'guides-rapid', 'guides-standard']);
    expect(ids('2026-06-01T00:00:00Z')).toEqual(['guides-rapid', 'guides-standard']);
  });

  it('digests the document, so an edit under an unchanged version shows', () => {
    const a = selection({ version: 1, default: 'guides-standard' });
    const b = selection({ version: 1, default: 'guides-rapid' });
    expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(a.digest).not.toBe(b.digest);
  });

  it.each([
    [
      'an unknown policy',
      { version: 1, rules: [{ name: 'x', when: { channel: 'SMS' }, policy: 'gold' }], default: 'guides-standard' },
      '/rules/0/policy',
      'no SLA policy "gold"; known: asic-rg271, cfpb, eu-psd2, fca-disp, guides-rapid, guides-standard, incident, nfra',
    ],
    ['an unknown default', { version: 1, default: 'nope' }, '/default', 'no SLA policy "nope"'],
    ['a missing default', { version: 1 }, '', 'missing required property "default"'],
    [
      'a fact not known at receipt',
      { version: 1, rules: [{ name: 'x', when: { grade: 'URGENT' }, policy: 'incident' }], default: 'guides-standard' },
      '/rules/0/when',
      'unknown property "grade"',
    ],
    [
      'a misspelt channel',
      { version: 1, rules: [{ name: 'x', when: { channel: 'FAX' }, policy: 'incident' }], default: 'guides-standard' },
      '/rules/0/when/channel',
      'must be one of',
    ],
    [
      'an instant without offset',
      {
        version: 1,
        rules: [{ name: 'x', when: { receivedFrom: '2026-07-01T00:00:00' }, policy: 'incident' }],
        default: 'guides-standard',
      },
      '/rules/0/when/receivedFrom',
      'must match format "date-time"',
    ],
    [
      'an empty window',
      {
        version: 1,
        rules: [
          {
            name: 'x',
            when: { receivedFrom: '2026-07-01T00:00:00Z', receivedBefore: '2026-07-01T00:00:00Z' },
            policy: 'incident',
          },
        ],
        default: 'guides-standard',
      },
      '/rules/0/when/receivedBefore',
      'must be later than receivedFrom',
    ],
    [
      'a rule named twice',
      {
        version: 1,
        rules: [
          { name: 'x', when: { channel: 'SMS' }, policy: 'incident' },
          { name: 'x', when: { channel: 'APP' }, policy: 'incident' },
        ],
        default: 'guides-standard',
      },
      '/rules/1/name',
      'rule "x" is defined twice',
    ],
  ])('refuses %s, naming the file, path and line', (_, document, path, message) => {
    const issues = issuesOf(document);
    expect(issues).toEqual([
      expect.objectContaining({ file: 'selection.yaml', path, message: expect.stringContaining(message) }),
    ]);
    expect(issues[0].line).toEqual(expect.any(Number));
  });
});
