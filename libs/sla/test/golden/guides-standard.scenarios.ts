import type { GoldenScenario } from './golden-scenario';

/** Beijing time; the pack runs 24x7. R is Monday 2 March 2026, 09:00. */
const R = '2026-03-02T09:00:00+08:00';
const H = 3600;
const received = [R, 'ComplaintReceived'] as const;
const complexAtTriage = [
  '2026-03-02T10:00:00+08:00',
  'ComplaintTriaged',
  { grade: 'SERIOUS', priority: 'P2', isComplex: true },
] as const;
const respondedAt1030 = ['2026-03-02T10:30:00+08:00', 'ProgressUpdateSent'] as const;

export const guidesStandardScenarios: GoldenScenario[] = [
  {
    name: 'first response within 24 h; the complex and follow-up clocks never start',
    events: [received, ['2026-03-02T14:00:00+08:00', 'ProgressUpdateSent']],
    at: '2026-03-02T15:00:00+08:00',
    clocks: {
      firstResponse: {
        status: 'met',
        dueAt: '2026-03-03T09:00:00+08:00',
        elapsedSeconds: 5 * H,
        remainingSeconds: 19 * H,
      },
      preliminaryHandling: { status: 'pending', cycle: 0, dueAt: null },
      detailedFeedback: { status: 'pending' },
      followUp: { status: 'pending' },
    },
    nextAlerts: [],
  },
  {
    name: 'acknowledged an hour late: breached, and the supervisor escalation is due',
    events: [received, ['2026-03-03T10:00:00+08:00', 'ComplaintAcknowledged']],
    at: '2026-03-03T11:00:00+08:00',
    clocks: {
      firstResponse: {
        status: 'breached',
        phase: 'stopped',
        endedAt: '2026-03-03T10:00:00+08:00',
        elapsedSeconds: 25 * H,
        remainingSeconds: -H,
      },
    },
    escalations: [
      {
        key: '0:firstResponse#1/breach',
        level: 'SUPERVISOR',
        team: null,
        reason:
          'SLA breached: First response within 24 hours was due 2026-03-03T01:00:00.000Z (policy guides-standard v1)',
      },
    ],
  },
  {
    name: 'no response after 14 h: 50% warning reached, the timer wakes next at 75%',
    events: [received],
    at: '2026-03-02T23:00:00+08:00',
    clocks: {
      firstResponse: {
        status: 'running',
        elapsedSeconds: 14 * H,
        warnings: {
          'warning:50%': '2026-03-02T21:00:00+08:00',
          'warning:75%': '2026-03-03T03:00:00+08:00',
          'warning:90%': '2026-03-03T06:36:00+08:00',
        },
        reached: ['warning:50%'],
      },
    },
    nextAlerts: [
      ['firstResponse#1/warning:75%', '2026-03-03T03:00:00+08:00'],
      ['firstResponse#1/warning:90%', '2026-03-03T06:36:00+08:00'],
      ['firstResponse#1/breach', '2026-03-03T09:00:00+08:00'],
    ],
  },
  {
    name: 'still no response after 27 h: breached while running',
    events: [received],
    at: '2026-03-03T12:00:00+08:00',
    clocks: {
      firstResponse: { status: 'breached', phase: 'running', elapsedSeconds: 27 * H, remainingSeconds: -3 * H },
    },
    escalations: [{ key: '0:firstResponse#1/breach', level: 'SUPERVISOR' }],
  },
  {
    name: 'complex at triage: the 48 h and 72 h clocks count from receipt',
    events: [received, complexAtTriage],
    at: '2026-03-02T12:00:00+08:00',
    clocks: {
      preliminaryHandling: {
        status: 'running',
        startedAt: R,
        dueAt: '2026-03-04T09:00:00+08:00',
        elapsedSeconds: 3 * H,
      },
      detailedFeedback: { status: 'running', startedAt: R, dueAt: '2026-03-05T09:00:00+08:00', targetSeconds: 72 * H },
    },
  },
  {
    name: 'marked complex the next day: preliminary handling met, detailed feedback an hour late',
    events: [
      received,
      ['2026-03-02T10:00:00+08:00', 'ComplaintTriaged', { grade: 'GENERAL', priority: 'P3', isComplex: false }],
      respondedAt1030,
      ['2026-03-03T09:00:00+08:00', 'ComplaintMarkedComplex', { reason: 'MULTI_DEPARTMENT', departments: ['a', 'b'] }],
      ['2026-03-03T20:00:00+08:00', 'PreliminaryHandlingCompleted'],
      ['2026-03-05T10:00:00+08:00', 'FeedbackReportSent'],
    ],
    at: '2026-03-05T12:00:00+08:00',
    clocks: {
      firstResponse: { status: 'met' },
      preliminaryHandling: { status: 'met', startedAt: R, elapsedSeconds: 35 * H },
      detailedFeedback: { status: 'breached', phase: 'stopped', elapsedSeconds: 73 * H, remainingSeconds: -H },
    },
    escalations: [{ key: '1:detailedFeedback#1/breach', level: 'MANAGEMENT' }],
  },
  {
    name: 'waiting a day for the customer pauses the complex clocks, not the first response',
    events: [
      received,
      complexAtTriage,
      respondedAt1030,
      ['2026-03-02T12:00:00+08:00', 'CustomerInformationRequested'],
      ['2026-03-03T12:00:00+08:00', 'CustomerInformationProvided'],
    ],
    at: '2026-03-04T12:00:00+08:00',
    clocks: {
      firstResponse: { status: 'met', elapsedSeconds: 1.5 * H },
      preliminaryHandling: {
        status: 'running',
        pausedIntervals: [['2026-03-02T12:00:00+08:00', '2026-03-03T12:00:00+08:00']],
        pausedSeconds: 24 * H,
        elapsedSeconds: 27 * H,
        remainingSeconds: 21 * H,
        dueAt: '2026-03-05T09:00:00+08:00',
      },
      detailedFeedback: { status: 'running', dueAt: '2026-03-06T09:00:00+08:00' },
    },
  },
  {
    name: 'paused now: no due instant and nothing for the timer',
    events: [received, complexAtTriage, respondedAt1030, ['2026-03-02T12:00:00+08:00', 'CustomerInformationRequested']],
    at: '2026-03-02T18:00:00+08:00',
    clocks: {
      preliminaryHandling: {
        status: 'paused',
        dueAt: null,
        elapsedSeconds: 3 * H,
        remainingSeconds: 45 * H,
        pausedIntervals: [['2026-03-02T12:00:00+08:00', null]],
        warnings: { 'warning:50%': null, 'warning:75%': null, 'warning:90%': null },
      },
    },
    nextAlerts: [],
  },
  {
    name: 'follow-up: met in the first handling cycle, missed after the reopen',
    events: [
      received,
      respondedAt1030,
      [
        '2026-03-04T10:00:00+08:00',
        'ResolutionExecuted',
        { outcome: 'refund', executedAt: '2026-03-04T10:00:00+08:00' },
      ],
      [
        '2026-03-04T16:00:00+08:00',
        'FollowUpRecorded',
        { followedUpAt: '2026-03-04T16:00:00+08:00', satisfied: false },
      ],
      ['2026-03-05T09:00:00+08:00', 'ComplaintReopened', { reopenCount: 1 }],
      [
        '2026-03-06T10:00:00+08:00',
        'ResolutionExecuted',
        { outcome: 'replacement', executedAt: '2026-03-06T10:00:00+08:00' },
      ],
    ],
    at: '2026-03-07T11:00:00+08:00',
    clocks: {
      followUp: {
        cycle: 2,
        status: 'breached',
        startedAt: '2026-03-06T10:00:00+08:00',
        dueAt: '2026-03-07T10:00:00+08:00',
        previousStatuses: ['met'],
      },
    },
  },
  {
    name: 'a reopen before the follow-up cancels that cycle',
    events: [
      received,
      ['2026-03-04T10:00:00+08:00', 'ResolutionExecuted', { executedAt: '2026-03-04T10:00:00+08:00' }],
      ['2026-03-04T12:00:00+08:00', 'ComplaintReopened', { reopenCount: 1 }],
    ],
    at: '2026-03-04T13:00:00+08:00',
    clocks: { followUp: { cycle: 1, status: 'cancelled', breached: false, endedAt: '2026-03-04T12:00:00+08:00' } },
  },
  {
    name: 'withdrawal cancels every running clock; nothing left to schedule',
    events: [received, complexAtTriage, ['2026-03-02T15:00:00+08:00', 'ComplaintWithdrawn']],
    at: '2026-03-10T00:00:00+08:00',
    clocks: {
      firstResponse: { status: 'cancelled', breached: false },
      preliminaryHandling: { status: 'cancelled', breached: false },
      detailedFeedback: { status: 'cancelled', breached: false },
      followUp: { status: 'pending' },
    },
    nextAlerts: [],
    escalations: [],
  },
  {
    name: 'a letter recorded the day after: the clock counts from receivedAt',
    events: [
      [
        '2026-03-02T12:00:00+08:00',
        'ComplaintReceived',
        { receivedAt: '2026-03-01T20:00:00+08:00', channel: 'LETTER' },
      ],
    ],
    at: '2026-03-02T13:00:00+08:00',
    clocks: {
      firstResponse: {
        startedAt: '2026-03-01T20:00:00+08:00',
        dueAt: '2026-03-02T20:00:00+08:00',
        elapsedSeconds: 17 * H,
      },
    },
  },
];
