import type { GoldenScenario } from './golden-scenario';

/**
 * Frankfurt time (CET, CEST from 29 March 2026); TARGET2 business days,
 * 09:00-17:00. R is Monday 2 March 2026, 10:00 CET: the 15th business day
 * after it is Monday 23 March.
 */
const R = '2026-03-02T10:00:00+01:00';
const H = 3600;
const received = [R, 'ComplaintReceived'] as const;
const DAY_15 = '2026-03-23T17:00:00+01:00';
const holdingOn16March = [
  '2026-03-16T10:00:00+01:00',
  'HoldingResponseSent',
  { reason: 'card scheme investigation' },
] as const;

export const euPsd2Scenarios: GoldenScenario[] = [
  {
    name: 'reply on business day 14',
    events: [received, ['2026-03-20T15:00:00+01:00', 'FinalResponseSent']],
    at: '2026-03-21T00:00:00+01:00',
    clocks: { reply: { status: 'met', dueAt: DAY_15, targetSeconds: 127 * H } },
  },
  {
    name: 'Good Friday and Easter Monday are TARGET2 closing days',
    events: [['2026-03-25T10:00:00+01:00', 'ComplaintReceived']],
    at: '2026-04-01T00:00:00+02:00',
    clocks: { reply: { dueAt: '2026-04-17T17:00:00+02:00' } },
  },
  {
    name: 'a holding reply within the 15 days extends the limit to 35 business days',
    events: [received, holdingOn16March],
    at: '2026-03-30T10:00:00+02:00',
    clocks: { reply: { status: 'running', dueAt: '2026-04-22T17:00:00+02:00', extensionsApplied: [true] } },
  },
  {
    name: 'a holding reply after the 15 days extends nothing',
    events: [received, ['2026-03-24T10:00:00+01:00', 'HoldingResponseSent', { reason: 'late' }]],
    at: '2026-03-25T10:00:00+01:00',
    clocks: { reply: { status: 'breached', dueAt: DAY_15, extensionsApplied: [false] } },
  },
  {
    name: 'final reply within the extended 35 days',
    events: [received, holdingOn16March, ['2026-04-20T12:00:00+02:00', 'FinalResponseSent']],
    at: '2026-04-21T00:00:00+02:00',
    clocks: { reply: { status: 'met', dueAt: '2026-04-22T17:00:00+02:00' } },
  },
  {
    name: 'received on a Saturday: counting starts with Monday',
    events: [['2026-03-07T11:00:00+01:00', 'ComplaintReceived']],
    at: '2026-03-09T12:00:00+01:00',
    clocks: { reply: { dueAt: '2026-03-27T17:00:00+01:00', elapsedSeconds: 3 * H, targetSeconds: 120 * H } },
  },
  {
    name: 'received after close on Monday: Monday is still the day of receipt',
    events: [['2026-03-02T19:00:00+01:00', 'ComplaintReceived']],
    at: '2026-03-03T08:00:00+01:00',
    clocks: { reply: { dueAt: DAY_15, targetSeconds: 120 * H, elapsedSeconds: 0 } },
  },
  {
    name: 'over Christmas and New Year: 25 December and 1 January are closing days',
    events: [['2026-12-17T10:00:00+01:00', 'ComplaintReceived']],
    at: '2026-12-18T10:00:00+01:00',
    clocks: { reply: { dueAt: '2027-01-11T17:00:00+01:00' } },
  },
  {
    name: 'no reply: supervisor at 75%, management with legal at the breach',
    events: [received],
    at: '2026-03-24T09:00:00+01:00',
    clocks: { reply: { status: 'breached', phase: 'running' } },
    escalations: [
      {
        key: '0:reply#1/warning:75%',
        level: 'SUPERVISOR',
        reason: 'PSD2: reply due 2026-03-23T16:00:00.000Z; send the reply or a holding reply now',
      },
      { key: '1:reply#1/breach', level: 'MANAGEMENT', team: 'LEGAL' },
    ],
  },
  {
    name: 'the 75% warning lands at 09:15 on business day 12',
    events: [received],
    at: '2026-03-10T12:00:00+01:00',
    clocks: {
      reply: {
        status: 'running',
        elapsedSeconds: 50 * H,
        remainingSeconds: 77 * H,
        warnings: {
          'warning:50%': '2026-03-12T09:30:00+01:00',
          'warning:75%': '2026-03-18T09:15:00+01:00',
          'warning:90%': '2026-03-20T12:18:00+01:00',
        },
        reached: [],
      },
    },
  },
  {
    name: 'withdrawn',
    events: [received, ['2026-03-03T09:00:00+01:00', 'ComplaintWithdrawn']],
    at: '2026-04-30T00:00:00+02:00',
    clocks: { reply: { status: 'cancelled', breached: false } },
    nextAlerts: [],
  },
];
