import type { EarlyWarningTriggered } from './events';

export const EARLY_WARNING_STATUSES = ['NONE', 'TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED'] as const;
export type EarlyWarningStatus = (typeof EARLY_WARNING_STATUSES)[number];

export interface EarlyWarningState {
  status: EarlyWarningStatus;
  warning: EarlyWarningTriggered['data'] | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
}

export const initialEarlyWarningState: EarlyWarningState = {
  status: 'NONE',
  warning: null,
  acknowledgedAt: null,
  resolvedAt: null,
};
