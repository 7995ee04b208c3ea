import type { UnstampedComplaintCommand } from '@redress/application';
import type { ProjectionFixture } from './projection-fixture';

type Fixture = Pick<ProjectionFixture, 'run' | 'setNow'>;

/** A timed step of a complaint's life: the instant it happens and the command. */
export type TimedStep = [at: string, command: UnstampedComplaintCommand];

export async function runSteps(fx: Fixture, complaintId: string, steps: readonly TimedStep[]): Promise<void> {
  for (const [at, command] of steps) {
    fx.setNow(at);
    await fx.run(complaintId, command);
  }
}

/** Root cause and a resolution with a monetary compensation; the resolution executed at `executedAt`. */
export function resolution(at: string, executedAt: string, rootCause: string, amount: number): TimedStep[] {
  return [
    [
      at,
      {
        type: 'RecordRootCause',
        rootCause,
        category: 'PRODUCT_SERVICE_DEFECT',
        responsibleDepartment: 'engineering',
        responsiblePerson: 'eng-lead-3',
      },
    ],
    [
      at,
      {
        type: 'ProposeResolution',
        plan: 'Refund and replace the unit',
        measures: ['Ship a replacement unit'],
        compensation: { kind: 'REFUND', amount, currency: 'CNY' },
      },
    ],
    [executedAt, { type: 'ExecuteResolution', outcome: 'Refund paid and unit replaced' }],
  ];
}

/** After the customer confirmed: the feedback report, a follow-up and the closure at `closedAt`. */
export function confirmAndClose(at: string, closedAt: string, satisfied: boolean): TimedStep[] {
  return [
    [at, { type: 'RecordCustomerResponse', accepted: true }],
    [
      at,
      {
        type: 'SendFeedbackReport',
        result: 'Unit replaced',
        improvementMeasures: ['Firmware 1.3 for all units'],
        followUpPlan: 'Call back in 24 hours',
      },
    ],
    [at, { type: 'RecordFollowUp', channel: 'PHONE', satisfied, score: satisfied ? 5 : 2 }],
    [closedAt, { type: 'CloseComplaint', summary: 'Resolved' }],
  ];
}
