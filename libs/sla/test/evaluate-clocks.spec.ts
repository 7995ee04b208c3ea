import { evaluateClocks, evaluateSla, nextDueInstants, alertsReached, parsePolicy, toSlaEvents } from '../src';
import { checkScenario, historyOf, type GoldenScenario } from './golden/golden-scenario';

/** A fixture policy exercising each engine rule on its own; scenarios use the golden format. */
const policy = parsePolicy(
  `
id: semantics
version: 1
name: Engine semantics fixture
calendar: utc
calendars:
  utc: { timeZone: UTC, alwaysOpen: true }
  office: { timeZone: Europe/London, week: { mon: ["09:00-17:00"], tue: ["09:00-17:00"], wed: ["09:00-17:00"], thu: ["09:00-17:00"], fri: ["09:00-17:00"] } }
warnings: [50]
clocks:
  - name: tiered
    start: { event: ComplaintReceived, at: data.receivedAt }
    stop: { event: Responded }
    target:
      default: { kind: duration, hours: 24 }
      rules:
        - { when: { grade: URGENT }, target: { kind: duration, hours: 2 } }
        - { when: { tier: HIGH_VALUE, channel: [PHONE, APP] }, target: { kind: duration, hours: 8 } }
        - { when: { isComplex: true }, target: { kind: duration, hours: 48 } }
  - name: officeHours
    calendar: office
    start: { event: ComplaintReceived, at: data.receivedAt }
    stop: { event: Responded }
    pause: { event: Waiting }
    resume: { event: Answered }
    target: { default: { kind: duration, hours: 4 } }
    warnings: [{ minutesBeforeDue: 30 }]
  - name: perVisit
    start: { event: Visit, where: { data.kind: { not: ignored } } }
    stop: { event: Done }
    repeat: true
    target: { default: { kind: duration, minutes: 30 } }
  - name: pausedFromStart
    start: { event: Kickoff }
    stop: { event: Done }
    pause: { event: Waiting }
    resume: { event: Answered }
    target: { default: { kind: duration, hours: 1 } }
`,
  { file: 'semantics.yaml' },
);

const H = 3600;
const at = (hhmm: string, day = '02') => `2026-03-${day}T${hhmm}:00Z`;
const receivedBy = (customer: Record<string, unknown>) =>
  [
    at('00:00'),
    'ComplaintReceived',
    { channel: customer.channel, customer: { id: 'C', tier: customer.tier } },
  ] as const;
const triaged = (time: string, grade: string, isComplex = false) =>
  [at(time), 'ComplaintTriaged', { grade, priority: 'P2', isComplex }] as const;
const ordinaryEmail = receivedBy({ tier: 'ORDINARY', channel: 'EMAIL' });

const scenarios: GoldenScenario[] = [
  {
    name: 'no rule matches: the default target',
    events: [ordinaryEmail],
    at: at('01:00'),
    clocks: { tiered: { targetSeconds: 24 * H, targetRule: null } },
  },
  {
    name: 'the first matching rule wins',
    events: [receivedBy({ tier: 'HIGH_VALUE', channel: 'PHONE' }), triaged('00:10', 'URGENT')],
    at: at('01:00'),
    clocks: { tiered: { targetSeconds: 2 * H, targetRule: 0 } },
  },
  {
    name: 'a list in a rule matches any of its values',
    events: [receivedBy({ tier: 'HIGH_VALUE', channel: 'APP' })],
    at: at('01:00'),
    clocks: { tiered: { targetSeconds: 8 * H, targetRule: 1 } },
  },
  {
    name: 'every fact of a rule must match',
    events: [receivedBy({ tier: 'HIGH_VALUE', channel: 'EMAIL' })],
    at: at('01:00'),
    clocks: { tiered: { targetRule: null } },
  },
  {
    name: 'marked complex stays complex through a later triage',
    events: [ordinaryEmail, [at('00:05'), 'ComplaintMarkedComplex'], triaged('00:10', 'GENERAL', false)],
    at: at('01:00'),
    clocks: { tiered: { targetSeconds: 48 * H, targetRule: 2 } },
  },
  {
    name: 'the target freezes when the clock stops',
    events: [ordinaryEmail, [at('05:00'), 'Responded'], triaged('06:00', 'URGENT')],
    at: at('07:00'),
    clocks: { tiered: { status: 'met', targetSeconds: 24 * H } },
  },
  {
    name: 'a triage while running re-targets from the start, here into a breach',
    events: [ordinaryEmail, triaged('03:00', 'URGENT')],
    at: at('03:00'),
    clocks: { tiered: { status: 'breached', dueAt: at('02:00') } },
  },
  {
    name: 'a business-hours clock pauses in business time and warns 30 minutes before due',
    events: [
      [at('16:00'), 'ComplaintReceived'],
      [at('16:30'), 'Waiting'],
      [at('10:00', '03'), 'Answered'],
    ],
    at: at('11:00', '03'),
    clocks: {
      officeHours: {
        status: 'running',
        dueAt: at('13:30', '03'),
        elapsedSeconds: 1.5 * H,
        pausedSeconds: 17.5 * H,
        warnings: { 'warning:30m-before-due': at('13:00', '03') },
      },
    },
  },
  {
    name: 'a repeating clock runs a new cycle per start; where-conditions filter starts',
    events: [
      [at('10:00'), 'Visit', { kind: 'repair' }],
      [at('10:10'), 'Done'],
      [at('11:00'), 'Visit', { kind: 'ignored' }],
      [at('12:00'), 'Visit', { kind: 'repair' }],
    ],
    at: at('12:40'),
    clocks: { perVisit: { cycle: 2, status: 'breached', dueAt: at('12:30'), previousStatuses: ['met'] } },
  },
  {
    name: 'a clock starting while the pause condition holds starts paused',
    events: [
      [at('09:00'), 'Waiting'],
      [at('10:00'), 'Kickoff'],
      [at('11:00'), 'Answered'],
    ],
    at: at('11:30'),
    clocks: {
      pausedFromStart: {
        status: 'running',
        startedAt: at('10:00'),
        pausedIntervals: [[at('10:00'), at('11:00')]],
        elapsedSeconds: 0.5 * H,
        dueAt: at('12:00'),
      },
    },
  },
];

describe('clock evaluation semantics', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_, scenario) => checkScenario(policy, scenario));

  it('is deterministic and leaves the history untouched', () => {
    const history = historyOf([ordinaryEmail, [at('00:30'), 'Waiting'], [at('01:00'), 'Responded']]);
    const copy = structuredClone(history);
    expect(evaluateClocks(policy, history, at('02:00'))).toEqual(evaluateClocks(policy, history, at('02:00')));
    expect(history).toEqual(copy);
  });

  it('reports the policy version and the instant with the clocks', () => {
    const view = evaluateSla(policy, historyOf([ordinaryEmail]), new Date(at('01:00')));
    expect(view.policy).toEqual({ policyId: 'semantics', version: 1, digest: policy.digest });
    expect(view.at).toBe('2026-03-02T01:00:00.000Z');
    expect(view.clocks.map((clock) => clock.clock)).toEqual(['tiered', 'officeHours', 'perVisit', 'pausedFromStart']);
  });

  it('lists reached alerts of earlier cycles too, and future ones only for running clocks', () => {
    const history = historyOf([
      [at('10:00'), 'Visit', { kind: 'repair' }],
      [at('10:20'), 'Done'],
      [at('12:00'), 'Visit', { kind: 'repair' }],
    ]);
    expect(alertsReached(policy, history, at('12:05')).map((alert) => alert.key)).toEqual(['perVisit#1/warning:50%']);
    expect(nextDueInstants(policy, history, at('12:05')).map((alert) => [alert.key, alert.at])).toEqual([
      ['perVisit#2/warning:50%', '2026-03-02T12:15:00.000Z'],
      ['perVisit#2/breach', '2026-03-02T12:30:00.000Z'],
    ]);
  });

  it('adapts events read from the event store', () => {
    const recorded = [
      { type: 'Visit', data: { kind: 'repair' }, metadata: { occurredAt: at('10:00'), commandId: 'c1' }, revision: 0 },
    ];
    const [state] = evaluateClocks(policy, toSlaEvents(recorded), at('10:05')).filter((s) => s.clock === 'perVisit');
    expect(state).toMatchObject({ status: 'running', startedAt: '2026-03-02T10:00:00.000Z', elapsedSeconds: 300 });
  });
});
