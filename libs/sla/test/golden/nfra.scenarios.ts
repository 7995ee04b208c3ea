import type { GoldenScenario } from './golden-scenario';

/**
 * Beijing time. Day 15 after the day of receipt ends at 24:00; a last day
 * that is not a working day of the 2026 mainland calendar moves to the next
 * working day. R is Monday 2 March 2026, 10:00.
 */
const R = '2026-03-02T10:00:00+08:00';
const H = 3600;
const DAY = 86400;
const received = [R, 'ComplaintReceived'] as const;
const DAY_15_ENDS = '2026-03-18T00:00:00+08:00';
const extension = (at: string, level: number, clock = 'decision') =>
  [at, 'SlaExtensionNotified', { clock, level, approvedBy: 'head-office', reason: 'complex case' }] as const;
const appraisalFrom5March = [
  '2026-03-05T10:00:00+08:00',
  'ExternalAppraisalStarted',
  { kind: 'EXPERT_APPRAISAL' },
] as const;

export const nfraScenarios: GoldenScenario[] = [
  {
    name: 'decision on day 14 of 15',
    events: [received, ['2026-03-16T15:00:00+08:00', 'FinalResponseSent']],
    at: '2026-03-17T00:00:00+08:00',
    clocks: { decision: { status: 'met', dueAt: DAY_15_ENDS, targetSeconds: 15 * DAY + 14 * H } },
  },
  {
    name: 'day 15 is a Saturday: the limit moves to the end of Monday',
    events: [['2026-03-06T10:00:00+08:00', 'ComplaintReceived']],
    at: '2026-03-22T00:00:00+08:00',
    clocks: { decision: { status: 'running', dueAt: '2026-03-24T00:00:00+08:00', targetSeconds: 17 * DAY + 14 * H } },
  },
  {
    name: 'day 15 falls in the Spring Festival: the limit moves past the whole holiday',
    events: [['2026-02-01T10:00:00+08:00', 'ComplaintReceived']],
    at: '2026-02-10T00:00:00+08:00',
    clocks: { decision: { dueAt: '2026-02-25T00:00:00+08:00' } },
  },
  {
    name: 'day 15 is a make-up working Saturday (9 May): no move',
    events: [['2026-04-24T10:00:00+08:00', 'ComplaintReceived']],
    at: '2026-05-01T00:00:00+08:00',
    clocks: { decision: { dueAt: '2026-05-10T00:00:00+08:00' } },
  },
  {
    name: 'a complex case extended to 30 days with notice on day 8',
    events: [received, extension('2026-03-10T10:00:00+08:00', 1)],
    at: '2026-03-20T00:00:00+08:00',
    clocks: {
      decision: {
        status: 'running',
        dueAt: '2026-04-02T00:00:00+08:00',
        targetSeconds: 30 * DAY + 14 * H,
        extensionsApplied: [true],
      },
    },
  },
  {
    name: 'extended again with head-office approval: day 60 falls in the Labour Day holiday',
    events: [received, extension('2026-03-10T10:00:00+08:00', 1), extension('2026-03-25T10:00:00+08:00', 2)],
    at: '2026-04-10T00:00:00+08:00',
    clocks: { decision: { status: 'running', dueAt: '2026-05-07T00:00:00+08:00', extensionsApplied: [true, true] } },
  },
  {
    name: 'an extension notified after the limit does not undo the breach',
    events: [received, extension('2026-03-18T09:00:00+08:00', 1)],
    at: '2026-03-19T00:00:00+08:00',
    clocks: { decision: { status: 'breached', dueAt: DAY_15_ENDS, extensionsApplied: [false] } },
  },
  {
    name: 'an extension for another clock is ignored',
    events: [received, extension('2026-03-10T10:00:00+08:00', 1, 'somethingElse')],
    at: '2026-03-12T00:00:00+08:00',
    clocks: { decision: { dueAt: DAY_15_ENDS, extensionsApplied: [] } },
  },
  {
    name: 'four days of external appraisal are excluded from the limit',
    events: [received, appraisalFrom5March, ['2026-03-09T10:00:00+08:00', 'ExternalAppraisalCompleted']],
    at: '2026-03-12T10:00:00+08:00',
    clocks: {
      decision: {
        status: 'running',
        pausedSeconds: 4 * DAY,
        elapsedSeconds: 6 * DAY,
        dueAt: '2026-03-22T00:00:00+08:00',
        pausedIntervals: [['2026-03-05T10:00:00+08:00', '2026-03-09T10:00:00+08:00']],
      },
    },
  },
  {
    name: 'appraisal still under way: paused, no due instant, nothing to schedule',
    events: [received, appraisalFrom5March],
    at: '2026-03-20T00:00:00+08:00',
    clocks: { decision: { status: 'paused', dueAt: null, elapsedSeconds: 3 * DAY } },
    nextAlerts: [],
  },
  {
    name: 'no decision by the limit: supervisor at 75%, management with legal at the breach',
    events: [received],
    at: '2026-03-18T08:00:00+08:00',
    clocks: { decision: { status: 'breached' } },
    escalations: [
      {
        key: '0:decision#1/warning:75%',
        level: 'SUPERVISOR',
        reason: 'NFRA: decision due 2026-03-17T16:00:00.000Z; extend (with notice) or decide',
      },
      {
        key: '1:decision#1/breach',
        level: 'MANAGEMENT',
        team: 'LEGAL',
        reason:
          'NFRA: Decision communicated to the complainant within the time limit missed, due 2026-03-17T16:00:00.000Z (policy nfra v1)',
      },
    ],
  },
  {
    name: 'received on National Day: day 15 is an ordinary Friday',
    events: [['2026-10-01T09:00:00+08:00', 'ComplaintReceived']],
    at: '2026-10-02T00:00:00+08:00',
    clocks: { decision: { dueAt: '2026-10-17T00:00:00+08:00' } },
  },
];
