import type { GoldenScenario } from './golden-scenario';

/**
 * England and Wales: business hours 09:00-17:00 Monday to Friday. BST runs
 * from 29 March to 25 October 2026. R is Monday 2 March 2026, 10:00 GMT.
 */
const R = '2026-03-02T10:00:00Z';
const H = 3600;
const DAY = 86400;
const received = [R, 'ComplaintReceived'] as const;
/** End of the 56th day after 2 March: midnight at the end of Monday 27 April, BST. */
const EIGHT_WEEKS = '2026-04-28T00:00:00+01:00';

export const fcaDispScenarios: GoldenScenario[] = [
  {
    name: 'received Monday: summary resolution by close on Thursday; accepted on Wednesday',
    events: [received, ['2026-03-04T15:00:00Z', 'CustomerConfirmedResolution']],
    at: '2026-03-04T16:00:00Z',
    clocks: {
      summaryResolution: {
        status: 'met',
        dueAt: '2026-03-05T17:00:00Z',
        targetSeconds: 31 * H,
        elapsedSeconds: 21 * H,
        remainingSeconds: 10 * H,
      },
      finalResponse: { status: 'running', dueAt: EIGHT_WEEKS },
    },
  },
  {
    name: 'received Friday after close: the three business days are Monday to Wednesday',
    events: [['2026-03-06T18:30:00Z', 'ComplaintReceived']],
    at: '2026-03-07T12:00:00Z',
    clocks: {
      summaryResolution: { status: 'running', dueAt: '2026-03-11T17:00:00Z', targetSeconds: 24 * H, elapsedSeconds: 0 },
    },
  },
  {
    name: 'received on a Saturday: due close of business the next Wednesday',
    events: [['2026-03-07T11:00:00Z', 'ComplaintReceived']],
    at: '2026-03-09T10:00:00Z',
    clocks: { summaryResolution: { dueAt: '2026-03-11T17:00:00Z', elapsedSeconds: H } },
  },
  {
    name: 'Good Friday and Easter Monday are not business days',
    events: [['2026-04-02T10:00:00+01:00', 'ComplaintReceived']],
    at: '2026-04-07T10:00:00+01:00',
    clocks: { summaryResolution: { dueAt: '2026-04-09T17:00:00+01:00', elapsedSeconds: 8 * H } },
  },
  {
    name: 'across the spring-forward weekend, business hours stay 09:00-17:00 local',
    events: [['2026-03-27T16:00:00Z', 'ComplaintReceived']],
    at: '2026-03-30T12:00:00+01:00',
    clocks: {
      summaryResolution: {
        dueAt: '2026-04-01T17:00:00+01:00',
        targetSeconds: 25 * H,
        elapsedSeconds: 4 * H,
        remainingSeconds: 21 * H,
        warnings: {
          'warning:50%': '2026-03-31T12:30:00+01:00',
          'warning:75%': '2026-04-01T10:45:00+01:00',
          'warning:90%': '2026-04-01T14:30:00+01:00',
        },
      },
    },
  },
  {
    name: 'summary resolution confirmed: the eight-week clock no longer applies',
    events: [received, ['2026-03-03T11:00:00Z', 'EarlyResolutionConfirmed', { summaryCommunicationSent: true }]],
    at: '2026-03-10T00:00:00Z',
    clocks: {
      summaryResolution: { status: 'met' },
      finalResponse: { status: 'cancelled', breached: false },
    },
    nextAlerts: [],
  },
  {
    name: 'final response in week seven; the missed summary-resolution window is closed off',
    events: [received, ['2026-04-20T12:00:00+01:00', 'FinalResponseSent', { outcome: 'UPHELD' }]],
    at: '2026-04-21T00:00:00+01:00',
    clocks: {
      summaryResolution: { status: 'cancelled', breached: true },
      finalResponse: {
        status: 'met',
        dueAt: EIGHT_WEEKS,
        targetSeconds: 56 * DAY + 13 * H,
        elapsedSeconds: 49 * DAY + H,
        remainingSeconds: 7 * DAY + 12 * H,
      },
    },
  },
  {
    name: 'a holding response on the last evening of week eight satisfies DISP 1.6',
    events: [received, ['2026-04-27T21:00:00+01:00', 'HoldingResponseSent', { reason: 'awaiting third party' }]],
    at: '2026-04-28T09:00:00+01:00',
    clocks: { finalResponse: { status: 'met', endedAt: '2026-04-27T21:00:00+01:00' } },
  },
  {
    name: 'nothing by the end of week eight: breach, supervisor at 75%, management with legal at the breach',
    events: [received],
    at: '2026-04-28T09:00:00+01:00',
    clocks: {
      summaryResolution: { status: 'breached' },
      finalResponse: { status: 'breached', phase: 'running', dueAt: EIGHT_WEEKS },
    },
    escalations: [
      {
        key: '0:finalResponse#1/warning:75%',
        level: 'SUPERVISOR',
        team: null,
        reason: 'FCA DISP: six weeks gone, final response due 2026-04-27T23:00:00.000Z',
      },
      {
        key: '1:finalResponse#1/breach',
        level: 'MANAGEMENT',
        team: 'LEGAL',
        reason:
          'FCA DISP: Final or holding response by the end of eight weeks after receipt missed, due 2026-04-27T23:00:00.000Z (policy fca-disp v1)',
      },
    ],
  },
  {
    name: 'the 75% warning of the eight weeks falls on the evening of 13 April',
    events: [received],
    at: '2026-04-01T00:00:00Z',
    clocks: { finalResponse: { status: 'running', reached: ['warning:50%'] } },
    nextAlerts: [
      ['finalResponse#1/warning:75%', '2026-04-13T19:45:00Z'],
      ['finalResponse#1/warning:90%', '2026-04-22T07:18:00Z'],
      ['finalResponse#1/breach', EIGHT_WEEKS],
    ],
  },
  {
    name: 'withdrawn: both clocks cancelled',
    events: [received, ['2026-03-03T09:00:00Z', 'ComplaintWithdrawn']],
    at: '2026-06-01T00:00:00Z',
    clocks: { summaryResolution: { status: 'cancelled' }, finalResponse: { status: 'cancelled' } },
    escalations: [],
  },
  {
    name: 'received late on Monday evening: Monday is still the day of receipt',
    events: [['2026-03-02T23:30:00Z', 'ComplaintReceived']],
    at: '2026-03-03T09:00:00Z',
    clocks: {
      summaryResolution: { dueAt: '2026-03-05T17:00:00Z', targetSeconds: 24 * H },
      finalResponse: { dueAt: EIGHT_WEEKS },
    },
  },
];
