import type { GoldenScenario } from './golden-scenario';

/** Beijing time, 24x7. Incidents on Monday 2 March 2026. */
const at = (hhmmss: string) => `2026-03-02T${hhmmss}+08:00`;
const declaredAt1405 = [
  at('14:05:00'),
  'ServiceIncidentDeclared',
  { incidentType: 'SERVICE_INTERRUPTION', occurredAt: at('14:00:00') },
] as const;

export const incidentScenarios: GoldenScenario[] = [
  {
    name: 'plan activated 12 minutes after the incident occurred',
    events: [declaredAt1405, [at('14:12:00'), 'EmergencyPlanActivated', { activatedAt: at('14:12:00') }]],
    at: at('14:30:00'),
    clocks: {
      emergencyActivation: { status: 'met', startedAt: at('14:00:00'), dueAt: at('14:15:00'), elapsedSeconds: 720 },
    },
    // The 75% warning (14:11:15) came before the activation.
    escalations: [{ key: '0:emergencyActivation#1/warning:75%', level: 'MANAGEMENT' }],
  },
  {
    name: 'measured from the occurrence: declared 20 minutes later, already breached',
    events: [
      [at('14:20:00'), 'ServiceIncidentDeclared', { incidentType: 'SERVICE_INTERRUPTION', occurredAt: at('14:00:00') }],
    ],
    at: at('14:20:00'),
    clocks: { emergencyActivation: { status: 'breached', phase: 'running', elapsedSeconds: 1200 } },
    escalations: [
      { key: '0:emergencyActivation#1/warning:75%', level: 'MANAGEMENT', team: 'EMERGENCY_RESPONSE' },
      {
        key: '1:emergencyActivation#1/breach',
        level: 'EXECUTIVE',
        team: 'EMERGENCY_RESPONSE',
        reason:
          'Emergency plan activated within 15 minutes: not activated by 2026-03-02T06:15:00.000Z (policy incident v1)',
      },
    ],
  },
  {
    name: 'plan activated a minute late',
    events: [declaredAt1405, [at('14:16:00'), 'EmergencyPlanActivated', { activatedAt: at('14:16:00') }]],
    at: at('14:30:00'),
    clocks: {
      emergencyActivation: { status: 'breached', phase: 'stopped', endedAt: at('14:16:00'), remainingSeconds: -60 },
    },
  },
  {
    name: 'escalating a complaint to the emergency-response team starts the clock',
    events: [
      [at('13:00:00'), 'ComplaintReceived'],
      [
        at('13:30:00'),
        'ComplaintEscalated',
        { level: 'MANAGEMENT', team: 'EMERGENCY_RESPONSE', reason: 'mass outage' },
      ],
    ],
    at: at('13:40:00'),
    clocks: {
      emergencyActivation: {
        status: 'running',
        startedAt: at('13:30:00'),
        elapsedSeconds: 600,
        warnings: {
          'warning:50%': at('13:37:30'),
          'warning:75%': at('13:41:15'),
          'warning:90%': at('13:43:30'),
          'warning:2m-before-due': at('13:43:00'),
        },
        reached: ['warning:50%'],
      },
    },
  },
  {
    name: 'an escalation to another team does not',
    events: [
      [at('13:00:00'), 'ComplaintReceived'],
      [at('13:30:00'), 'ComplaintEscalated', { level: 'MANAGEMENT', team: 'LEGAL', reason: 'threat of action' }],
    ],
    at: at('13:40:00'),
    clocks: { emergencyActivation: { status: 'pending' } },
    nextAlerts: [],
  },
  {
    name: 'the timer wakes at each warning, the two-minute lead time, then the breach',
    events: [declaredAt1405],
    at: at('14:06:00'),
    clocks: { emergencyActivation: { status: 'running', elapsedSeconds: 360 } },
    nextAlerts: [
      ['emergencyActivation#1/warning:50%', at('14:07:30')],
      ['emergencyActivation#1/warning:75%', at('14:11:15')],
      ['emergencyActivation#1/warning:2m-before-due', at('14:13:00')],
      ['emergencyActivation#1/warning:90%', at('14:13:30')],
      ['emergencyActivation#1/breach', at('14:15:00')],
    ],
  },
  {
    name: 'withdrawn complaint cancels the clock',
    events: [declaredAt1405, [at('14:08:00'), 'ComplaintWithdrawn']],
    at: at('15:00:00'),
    clocks: { emergencyActivation: { status: 'cancelled', breached: false } },
    nextAlerts: [],
  },
  {
    name: 'at 75% management and the emergency team are brought in, naming the due instant',
    events: [declaredAt1405],
    at: at('14:12:00'),
    clocks: { emergencyActivation: { status: 'running', reached: ['warning:50%', 'warning:75%'] } },
    escalations: [
      {
        key: '0:emergencyActivation#1/warning:75%',
        level: 'MANAGEMENT',
        team: 'EMERGENCY_RESPONSE',
        reason: 'Emergency plan activated within 15 minutes: 75% of the 15 minutes used, due 2026-03-02T06:15:00.000Z',
      },
    ],
  },
  {
    name: 'a second declaration does not restart the clock',
    events: [
      declaredAt1405,
      [at('14:10:00'), 'ServiceIncidentDeclared', { incidentType: 'PROCESS_ERROR', occurredAt: at('14:10:00') }],
    ],
    at: at('14:14:00'),
    clocks: { emergencyActivation: { cycle: 1, startedAt: at('14:00:00'), dueAt: at('14:15:00') } },
  },
  {
    name: 'without an occurredAt field the declaration instant counts',
    events: [[at('14:00:00'), 'ServiceIncidentDeclared', { incidentType: 'SERVICE_INTERRUPTION' }]],
    at: at('14:01:00'),
    clocks: { emergencyActivation: { startedAt: at('14:00:00'), elapsedSeconds: 60 } },
  },
];
