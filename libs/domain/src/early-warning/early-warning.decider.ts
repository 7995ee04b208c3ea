import type { Decider } from '../decider';
import type { EarlyWarningCommand } from './commands';
import { decideEarlyWarning } from './decide';
import type { EarlyWarningEvent } from './events';
import { evolveEarlyWarning } from './evolve';
import { initialEarlyWarningState, type EarlyWarningState } from './state';

/** An early warning is its own aggregate (stream `warning-<id>`). */
export const earlyWarningDecider: Decider<EarlyWarningCommand, EarlyWarningEvent, EarlyWarningState> = {
  decide: decideEarlyWarning,
  evolve: evolveEarlyWarning,
  initialState: initialEarlyWarningState,
};
