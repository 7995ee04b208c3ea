import type { Decider } from '../decider';
import type { ComplaintCommand } from './commands';
import { decideComplaint } from './decide';
import type { ComplaintEvent } from './events';
import { evolveComplaint } from './evolve';
import { initialComplaintState, type ComplaintState } from './state';

export const complaintDecider: Decider<ComplaintCommand, ComplaintEvent, ComplaintState> = {
  decide: decideComplaint,
  evolve: evolveComplaint,
  initialState: initialComplaintState,
};
