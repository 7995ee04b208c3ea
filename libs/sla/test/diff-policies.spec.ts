import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { SHIPPED_POLICIES_DIR, diffPolicies, parsePolicy, type PolicyDocument } from '../src';
import { historyOf } from './golden/golden-scenario';

/** v1 of the standard pack, and a v2 that halves the first response, drops the follow-up and adds a clock. */
const v1Text = readFileSync(join(SHIPPED_POLICIES_DIR, 'guides-standard.v1.yaml'), 'utf8');
const v1 = parsePolicy(v1Text);
const v2Document = parse(v1Text) as PolicyDocument;
v2Document.version = 2;
v2Document.clocks[0].target.default = { kind: 'duration', hours: 12 };
v2Document.clocks = v2Document.clocks.filter((clock) => clock.name !== 'followUp');
v2Document.clocks.push({
  name: 'resolution',
  start: { event: 'ComplaintReceived', at: 'data.receivedAt' },
  stop: { event: 'ResolutionExecuted' },
  target: { default: { kind: 'duration', hours: 120 } },
});
v2Document.escalations = [];
const v2 = parsePolicy(stringify(v2Document));

const history = historyOf([
  ['2026-03-02T09:00:00+08:00', 'ComplaintReceived'],
  ['2026-03-02T10:00:00+08:00', 'ComplaintTriaged', { grade: 'SERIOUS', priority: 'P2', isComplex: true }],
  ['2026-03-02T22:00:00+08:00', 'ProgressUpdateSent'],
]);
const AT = '2026-03-03T12:00:00+08:00';

describe('diffPolicies (the dry run of a recompute)', () => {
  const diff = diffPolicies(v1, v2, history, AT);
  const byClock = new Map(diff.clocks.map((clock) => [clock.clock, clock]));

  it('names both versions and the instant', () => {
    expect(diff.from).toMatchObject({ policyId: 'guides-standard', version: 1, digest: v1.digest });
    expect(diff.to).toMatchObject({ policyId: 'guides-standard', version: 2, digest: v2.digest });
    expect(diff.at).toBe('2026-03-03T04:00:00.000Z');
    expect(diff.changed).toBe(true);
  });

  it('classifies every clock', () => {
    expect(diff.clocks.map((clock) => [clock.clock, clock.change])).toEqual([
      ['firstResponse', 'changed'],
      ['preliminaryHandling', 'unchanged'],
      ['detailedFeedback', 'unchanged'],
      ['followUp', 'removed'],
      ['resolution', 'added'],
    ]);
  });

  it('shows what changes on a changed clock: a met response becomes a breach', () => {
    const changes = byClock.get('firstResponse')?.changes ?? [];
    expect(changes.map((change) => change.field)).toEqual([
      'status',
      'breached',
      'targetSeconds',
      'dueAt',
      'remainingSeconds',
      'warnings',
    ]);
    expect(changes.slice(0, 5).map(({ before, after }) => [before, after])).toEqual([
      ['met', 'breached'],
      [false, true],
      [86400, 43200],
      ['2026-03-03T01:00:00.000Z', '2026-03-02T13:00:00.000Z'],
      [39600, -3600],
    ]);
  });

  it('gives the full states for added and removed clocks', () => {
    expect(byClock.get('followUp')).toMatchObject({ before: { status: 'pending' }, after: null });
    expect(byClock.get('resolution')).toMatchObject({
      before: null,
      after: { status: 'running', dueAt: '2026-03-07T01:00:00.000Z' },
    });
  });

  it('reports nothing between a policy and itself', () => {
    const same = diffPolicies(v1, v1, history, AT);
    expect(same.changed).toBe(false);
    expect(same.clocks.every((clock) => clock.change === 'unchanged' && clock.changes.length === 0)).toBe(true);
  });
});
