import type { GoldenScenario } from './golden-scenario';

/** Beijing time, 24x7. R is 10:00 on Monday 2 March 2026. */
const R = '2026-03-02T10:00:00+08:00';
const M = 60;
const at = (hhmmss: string) => `2026-03-02T${hhmmss}+08:00`;
const received = [R, 'ComplaintReceived'] as const;
const acknowledged = [at('10:05:00'), 'ComplaintAcknowledged'] as const;
const waitingFrom1020 = [at('10:20:00'), 'CustomerInformationRequested'] as const;

export const guidesRapidScenarios: GoldenScenario[] = [
  {
    name: '30-60-90 all met',
    events: [
      received,
      [at('10:10:00'), 'ComplaintAcknowledged'],
      [at('10:40:00'), 'ProblemClarified'],
      [at('11:20:00'), 'ResolutionExecuted', { executedAt: at('11:20:00') }],
    ],
    at: at('12:00:00'),
    clocks: {
      respond: { status: 'met', elapsedSeconds: 10 * M, dueAt: at('10:30:00') },
      understand: { status: 'met', elapsedSeconds: 40 * M, dueAt: at('11:00:00') },
      resolve: { status: 'met', elapsedSeconds: 80 * M, dueAt: at('11:30:00') },
    },
    nextAlerts: [],
    // 75% of the resolve clock (11:07:30) was reached before it stopped.
    escalations: [{ key: '1:resolve#1/warning:75%', level: 'SUPERVISOR' }],
  },
  {
    name: 'response one minute late',
    events: [received, [at('10:31:00'), 'ComplaintAcknowledged']],
    at: at('10:35:00'),
    clocks: { respond: { status: 'breached', phase: 'stopped', remainingSeconds: -60 } },
    escalations: [
      {
        key: '0:respond#1/breach',
        level: 'SUPERVISOR',
        reason: 'Respond within 30 minutes: no response by 2026-03-02T02:30:00.000Z (policy guides-rapid v1)',
      },
    ],
  },
  {
    name: 'nothing done after 70 minutes: escalations in the order they became due',
    events: [received],
    at: at('11:10:00'),
    clocks: {
      understand: { status: 'breached', phase: 'running' },
      resolve: {
        status: 'running',
        warnings: { 'warning:50%': at('10:45:00'), 'warning:75%': at('11:07:30'), 'warning:90%': at('11:21:00') },
        reached: ['warning:50%', 'warning:75%'],
      },
    },
    escalations: [
      { key: '0:respond#1/breach', level: 'SUPERVISOR' },
      {
        key: '1:resolve#1/warning:75%',
        level: 'SUPERVISOR',
        reason: 'Resolve within 90 minutes: 75% of the time used (policy guides-rapid v1)',
      },
    ],
  },
  {
    name: 'an identified root cause counts as understanding the situation',
    events: [received, acknowledged, [at('10:55:00'), 'RootCauseIdentified']],
    at: at('11:00:00'),
    clocks: { understand: { status: 'met', elapsedSeconds: 55 * M, remainingSeconds: 5 * M } },
  },
  {
    name: 'half an hour waiting for the customer pauses understand and resolve, not respond',
    events: [received, acknowledged, waitingFrom1020, [at('10:50:00'), 'CustomerInformationProvided']],
    at: at('11:40:00'),
    clocks: {
      respond: { status: 'met' },
      understand: { status: 'breached', dueAt: at('11:30:00'), elapsedSeconds: 70 * M, pausedSeconds: 30 * M },
      resolve: { status: 'running', dueAt: at('12:00:00'), elapsedSeconds: 70 * M, remainingSeconds: 20 * M },
    },
  },
  {
    name: 'still waiting for the customer: both clocks paused, no timers',
    events: [received, acknowledged, waitingFrom1020],
    at: at('13:00:00'),
    clocks: {
      understand: { status: 'paused', dueAt: null, elapsedSeconds: 20 * M, remainingSeconds: 40 * M },
      resolve: { status: 'paused', dueAt: null, elapsedSeconds: 20 * M, remainingSeconds: 70 * M },
    },
    nextAlerts: [],
  },
  {
    name: 'withdrawal cancels the open clocks; the met one stays met',
    events: [received, acknowledged, [at('10:40:00'), 'ComplaintWithdrawn']],
    at: at('12:00:00'),
    clocks: {
      respond: { status: 'met' },
      understand: { status: 'cancelled', breached: false, endedAt: at('10:40:00') },
      resolve: { status: 'cancelled', breached: false },
    },
  },
  {
    name: 'execution recorded late counts from executedAt',
    events: [received, acknowledged, [at('12:00:00'), 'ResolutionExecuted', { executedAt: at('11:25:00') }]],
    at: at('13:00:00'),
    clocks: { resolve: { status: 'met', endedAt: at('11:25:00'), elapsedSeconds: 85 * M } },
  },
  {
    name: 'a response in the very second the clock falls due is late',
    events: [received, [at('10:30:00'), 'ProgressUpdateSent']],
    at: at('10:45:00'),
    clocks: { respond: { status: 'breached', elapsedSeconds: 30 * M, remainingSeconds: 0 } },
  },
  {
    name: 'evaluated as of 10:20, a later acknowledgement is not yet known',
    events: [received, [at('10:40:00'), 'ComplaintAcknowledged']],
    at: at('10:20:00'),
    clocks: {
      respond: { status: 'running', elapsedSeconds: 20 * M, remainingSeconds: 10 * M, reached: ['warning:50%'] },
    },
    nextAlerts: [
      ['respond#1/warning:75%', at('10:22:30')],
      ['respond#1/warning:90%', at('10:27:00')],
      ['respond#1/breach', at('10:30:00')],
      ['understand#1/warning:50%', at('10:30:00')],
    ],
  },
];
