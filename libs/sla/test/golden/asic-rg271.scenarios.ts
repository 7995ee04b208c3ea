import type { GoldenScenario } from './golden-scenario';

/**
 * Sydney time (AEDT +11 until 5 April 2026, then AEST +10); NSW business
 * days 09:00-17:00. R is Monday 2 March 2026, 10:00 AEDT.
 */
const R = '2026-03-02T10:00:00+11:00';
const H = 3600;
const DAY = 86400;
const received = [R, 'ComplaintReceived'] as const;
const acknowledged = ['2026-03-02T11:00:00+11:00', 'ComplaintAcknowledged'] as const;
const DAY_30_ENDS = '2026-04-02T00:00:00+11:00';

export const asicRg271Scenarios: GoldenScenario[] = [
  {
    name: 'acknowledged within five hours',
    events: [received, ['2026-03-02T15:00:00+11:00', 'ComplaintAcknowledged']],
    at: '2026-03-02T16:00:00+11:00',
    clocks: { acknowledgement: { status: 'met', dueAt: '2026-03-03T10:00:00+11:00', elapsedSeconds: 5 * H } },
  },
  {
    name: 'acknowledged after 25 hours',
    events: [received, ['2026-03-03T11:00:00+11:00', 'ComplaintAcknowledged']],
    at: '2026-03-03T12:00:00+11:00',
    clocks: { acknowledgement: { status: 'breached', remainingSeconds: -H } },
    escalations: [
      {
        key: '0:acknowledgement#1/breach',
        level: 'SUPERVISOR',
        reason: 'ASIC RG 271: not acknowledged by 2026-03-02T23:00:00.000Z',
      },
    ],
  },
  {
    name: '24 hours across the end of daylight saving end at 11:00 on the new wall clock',
    events: [['2026-04-04T12:00:00+11:00', 'ComplaintReceived']],
    at: '2026-04-05T10:30:00+10:00',
    clocks: { acknowledgement: { status: 'running', dueAt: '2026-04-05T11:00:00+10:00', elapsedSeconds: 23.5 * H } },
  },
  {
    name: "resolved to the complainant's satisfaction on day 3: no IDR response needed",
    events: [received, acknowledged, ['2026-03-05T16:00:00+11:00', 'EarlyResolutionConfirmed']],
    at: '2026-03-06T00:00:00+11:00',
    clocks: {
      earlyResolution: { status: 'met', dueAt: '2026-03-09T17:00:00+11:00' },
      idrResponse: { status: 'cancelled', breached: false },
    },
    nextAlerts: [],
  },
  {
    name: 'IDR response on day 28; the early-resolution window had passed',
    events: [received, acknowledged, ['2026-03-30T12:00:00+11:00', 'FinalResponseSent']],
    at: '2026-03-31T00:00:00+11:00',
    clocks: {
      idrResponse: { status: 'met', dueAt: DAY_30_ENDS, targetSeconds: 30 * DAY + 14 * H },
      earlyResolution: { status: 'cancelled', breached: true },
    },
  },
  {
    name: 'the 30 days end after daylight saving has ended',
    events: [['2026-03-20T10:00:00+11:00', 'ComplaintReceived']],
    at: '2026-03-21T10:00:00+11:00',
    clocks: {
      idrResponse: { dueAt: '2026-04-20T00:00:00+10:00', targetSeconds: 30 * DAY + 15 * H, elapsedSeconds: DAY },
    },
  },
  {
    name: 'no IDR response in 30 days: supervisor at 75%, management with legal at the breach',
    events: [received, ['2026-03-02T12:00:00+11:00', 'ProgressUpdateSent']],
    at: '2026-04-03T12:00:00+11:00',
    clocks: { acknowledgement: { status: 'met' }, idrResponse: { status: 'breached', dueAt: DAY_30_ENDS } },
    escalations: [
      {
        key: '1:idrResponse#1/warning:75%',
        level: 'SUPERVISOR',
        reason: 'ASIC RG 271: IDR response due 2026-04-01T13:00:00.000Z',
      },
      { key: '2:idrResponse#1/breach', level: 'MANAGEMENT', team: 'LEGAL' },
    ],
  },
  {
    name: 'the five business days skip the NSW Christmas and New Year holidays',
    events: [['2026-12-24T10:00:00+11:00', 'ComplaintReceived']],
    at: '2026-12-29T10:00:00+11:00',
    clocks: { earlyResolution: { status: 'running', dueAt: '2027-01-05T17:00:00+11:00', elapsedSeconds: 8 * H } },
  },
  {
    name: 'withdrawn: every clock cancelled',
    events: [received, ['2026-03-02T10:30:00+11:00', 'ComplaintWithdrawn']],
    at: '2026-05-01T00:00:00+10:00',
    clocks: {
      acknowledgement: { status: 'cancelled' },
      earlyResolution: { status: 'cancelled' },
      idrResponse: { status: 'cancelled' },
    },
    escalations: [],
  },
  {
    name: 'an IDR response the same evening also acknowledges the complaint',
    events: [received, ['2026-03-02T20:00:00+11:00', 'FinalResponseSent']],
    at: '2026-03-03T00:00:00+11:00',
    clocks: {
      acknowledgement: { status: 'met', elapsedSeconds: 10 * H },
      idrResponse: { status: 'met' },
      earlyResolution: { status: 'cancelled', breached: false },
    },
  },
];
