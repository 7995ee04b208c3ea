/**
 * Valid request bodies for every lifecycle step, so tests state only what
 * differs from a normal complaint.
 */
export const receiveBody = (overrides: Record<string, unknown> = {}) => ({
  channel: 'EMAIL',
  customer: { id: 'CUST-1042', tier: 'HIGH_VALUE' },
  content: 'The X200 router I bought last week drops the connection every hour.',
  reason: 'Product does not work as advertised',
  object: { kind: 'PRODUCT', reference: 'ROUTER-X200' },
  remedySought: 'Replace the router',
  occurredAt: '2026-11-20T08:00:00Z',
  ...overrides,
});

export const inOneWeek = () => new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();

/** The commands of one complete, successful handling cycle, in order. */
export const lifecycleSteps = (): [command: string, body: Record<string, unknown>][] => [
  ['classify', { category: 'PRODUCT_FUNCTION' }],
  ['triage', { grade: 'SERIOUS', priority: 'P2', isComplex: false }],
  ['assign', { department: 'after-sales', assignee: 'agent-7' }],
  ['escalate', { level: 'SUPERVISOR', reason: 'High-value customer, second outage this month' }],
  [
    'root-cause',
    {
      rootCause: 'Firmware 1.2 watchdog bug',
      category: 'PRODUCT_SERVICE_DEFECT',
      responsibleDepartment: 'engineering',
      responsiblePerson: 'eng-lead-3',
    },
  ],
  [
    'progress-update',
    {
      progress: 'Fault reproduced in the lab',
      cause: 'Firmware watchdog resets the modem',
      measures: 'A replacement unit with firmware 1.3 is being prepared',
      stage: 'analysis',
      responsiblePerson: 'agent-7',
      expectedCompletionAt: inOneWeek(),
    },
  ],
  [
    'propose-resolution',
    {
      plan: 'Replace the router and extend the warranty',
      measures: ['Ship a replacement unit', 'Extend warranty by 12 months'],
      compensation: { kind: 'VOUCHER', amount: 50, currency: 'CNY' },
    },
  ],
  ['execute-resolution', { outcome: 'Replacement delivered and installed' }],
  ['inform-customer', { result: 'Your router was replaced and the warranty extended', channel: 'PHONE' }],
  ['customer-response', { accepted: true }],
  [
    'feedback-report',
    {
      result: 'Router replaced',
      improvementMeasures: ['Firmware 1.3 rolled out to all units'],
      followUpPlan: 'Call back in 24 hours',
    },
  ],
  ['follow-up', { channel: 'PHONE', satisfied: true, score: 5 }],
  ['verify-effect', { method: 'SURVEY', resolved: true }],
  ['close', { summary: 'Resolved by replacement' }],
  ['archive', { archiveCategory: 'PRODUCT_DEFECT' }],
];
