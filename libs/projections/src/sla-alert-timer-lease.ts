import { LeasedTask, type LeasedTaskOptions, type LeaseManager } from '@redress/event-store';
import type { SlaAlertTimer } from './sla/sla-alert-timer';

/** The lease that places the SLA alert timer in one process of a deployment. */
export const SLA_ALERT_TIMER_LEASE = 'sla-alert-timer';

/**
 * The alert timer, run in whichever process holds its lease, so a deployment
 * of several processes records each alert from one place and another process
 * takes the timer over when that one dies (due alerts are then recorded late,
 * never lost: the timer looks for everything due, not only what falls due
 * from now on).
 */
export function leasedSlaAlertTimer(
  timer: SlaAlertTimer,
  leases: LeaseManager,
  options: LeasedTaskOptions = {},
): LeasedTask {
  return new LeasedTask(
    leases,
    SLA_ALERT_TIMER_LEASE,
    {
      start: async () => timer.start(),
      stop: () => timer.stop(),
    },
    options,
  );
}
