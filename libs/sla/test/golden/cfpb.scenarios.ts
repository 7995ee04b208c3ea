import type { GoldenScenario } from './golden-scenario';

/**
 * New York calendar days. DST starts 8 March 2026 and ends 1 November.
 * R is Monday 2 March 2026, 10:00 EST; day 15 ends at midnight EDT on 17/18 March.
 */
const R = '2026-03-02T10:00:00-05:00';
const H = 3600;
const DAY = 86400;
const received = [R, 'ComplaintReceived'] as const;
const DAY_15_ENDS = '2026-03-18T00:00:00-04:00';
const DAY_60_ENDS = '2026-05-02T00:00:00-04:00';
const inProgressOn10March = ['2026-03-10T12:00:00-04:00', 'HoldingResponseSent', { reason: 'investigating' }] as const;

export const cfpbScenarios: GoldenScenario[] = [
  {
    name: 'final response on day 8 meets both clocks',
    events: [received, ['2026-03-10T12:00:00-04:00', 'FinalResponseSent', { outcome: 'CLOSED_WITH_EXPLANATION' }]],
    at: '2026-03-11T00:00:00-04:00',
    clocks: {
      companyResponse: { status: 'met', dueAt: DAY_15_ENDS, elapsedSeconds: 8 * DAY + H },
      finalResponse: { status: 'met', dueAt: DAY_60_ENDS },
    },
    nextAlerts: [],
  },
  {
    name: '"in progress" within 15 days, final response within 60',
    events: [
      received,
      ['2026-03-16T12:00:00-04:00', 'HoldingResponseSent', { reason: 'investigating' }],
      ['2026-04-28T12:00:00-04:00', 'FinalResponseSent', { outcome: 'CLOSED_WITH_MONETARY_RELIEF' }],
    ],
    at: '2026-04-29T00:00:00-04:00',
    clocks: { companyResponse: { status: 'met' }, finalResponse: { status: 'met' } },
  },
  {
    name: 'no response by the end of day 15: untimely',
    events: [received],
    at: '2026-03-18T09:00:00-04:00',
    clocks: { companyResponse: { status: 'breached', phase: 'running', targetSeconds: 15 * DAY + 13 * H } },
    escalations: [
      {
        key: '0:companyResponse#1/warning:75%',
        level: 'SUPERVISOR',
        reason: 'CFPB: portal response due 2026-03-18T04:00:00.000Z',
      },
      {
        key: '1:companyResponse#1/breach',
        level: 'MANAGEMENT',
        reason: 'CFPB: untimely response, due 2026-03-18T04:00:00.000Z (policy cfpb v1)',
      },
    ],
  },
  {
    name: 'a response at 23:59:59 on day 15 is on time',
    events: [received, ['2026-03-17T23:59:59-04:00', 'FinalResponseSent']],
    at: '2026-03-18T09:00:00-04:00',
    clocks: { companyResponse: { status: 'met', remainingSeconds: 1 } },
  },
  {
    name: 'a response at midnight, the start of day 16, is late',
    events: [received, ['2026-03-18T00:00:00-04:00', 'FinalResponseSent']],
    at: '2026-03-18T09:00:00-04:00',
    clocks: { companyResponse: { status: 'breached', phase: 'stopped', remainingSeconds: 0 } },
  },
  {
    name: 'in progress on day 8 but no final response by day 60',
    events: [received, inProgressOn10March],
    at: '2026-05-05T12:00:00-04:00',
    clocks: {
      companyResponse: { status: 'met' },
      finalResponse: { status: 'breached', dueAt: DAY_60_ENDS },
    },
    escalations: [{ key: '2:finalResponse#1/breach', level: 'MANAGEMENT', team: 'LEGAL' }],
  },
  {
    name: 'received late in the evening: days are counted in New York',
    events: [['2026-03-02T23:30:00-05:00', 'ComplaintReceived']],
    at: '2026-03-03T12:00:00-05:00',
    clocks: { companyResponse: { dueAt: DAY_15_ENDS, targetSeconds: 14 * DAY + 23.5 * H } },
  },
  {
    name: 'the 60-day clock across the end of daylight saving',
    events: [['2026-09-20T10:00:00-04:00', 'ComplaintReceived']],
    at: '2026-09-21T10:00:00-04:00',
    clocks: {
      companyResponse: { dueAt: '2026-10-06T00:00:00-04:00', elapsedSeconds: DAY },
      finalResponse: { dueAt: '2026-11-20T00:00:00-05:00', targetSeconds: 60 * DAY + 15 * H },
    },
  },
  {
    name: 'withdrawn: both clocks cancelled, nothing to schedule',
    events: [received, ['2026-03-05T09:00:00-05:00', 'ComplaintWithdrawn']],
    at: '2026-06-01T00:00:00-04:00',
    clocks: { companyResponse: { status: 'cancelled' }, finalResponse: { status: 'cancelled' } },
    nextAlerts: [],
    escalations: [],
  },
  {
    name: 'day 10: half the 15 days gone, the timer wakes next at 75%',
    events: [received],
    at: '2026-03-12T12:00:00-04:00',
    clocks: {
      companyResponse: {
        status: 'running',
        elapsedSeconds: 10 * DAY + H,
        remainingSeconds: 5 * DAY + 12 * H,
        warnings: {
          'warning:50%': '2026-03-10T09:30:00Z',
          'warning:75%': '2026-03-14T06:45:00Z',
          'warning:90%': '2026-03-16T14:42:00Z',
        },
        reached: ['warning:50%'],
      },
    },
    nextAlerts: [['companyResponse#1/warning:75%', '2026-03-14T06:45:00Z']],
  },
];
