import type { EarlyWarningEvent } from './events';
import type { EarlyWarningState } from './state';

export function evolveEarlyWarning(state: EarlyWarningState, event: EarlyWarningEvent): EarlyWarningState {
  switch (event.type) {
    case 'EarlyWarningTriggered':
      return { ...state, status: 'TRIGGERED', warning: event.data };
    case 'EarlyWarningAcknowledged':
      return { ...state, status: 'ACKNOWLEDGED', acknowledgedAt: event.data.acknowledgedAt };
    case 'EarlyWarningResolved':
      return { ...state, status: 'RESOLVED', resolvedAt: event.data.resolvedAt };
  }
}
