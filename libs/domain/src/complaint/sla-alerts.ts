import { PreconditionFailedError } from '../errors';
import type { RecordSlaAlert } from './commands';
import type { ComplaintEvent } from './events';
import type { ComplaintState } from './state';
import { canonicalInstant, CLOCK_SKEW_TOLERANCE_MS, Violations } from './validation';

/**
 * Records an SLA warning or breach. The key makes it happen once per
 * complaint whoever issues it and however often: a timer that restarts or
 * races another finds the key already recorded and is refused.
 */
export function decideSlaAlert(command: RecordSlaAlert, state: ComplaintState, issuedAtMs: number): ComplaintEvent[] {
  const violations = new Violations()
    .text('policyId', command.policyId)
    .text('clock', command.clock)
    .text('key', command.key);
  for (const field of ['policyVersion', 'cycle'] as const) {
    if (!Number.isInteger(command[field]) || command[field] < 1) violations.add(field, 'must be a whole number from 1');
  }
  if (command.kind === 'WARNING') violations.text('threshold', command.threshold);
  else if (command.threshold !== undefined) violations.add('threshold', 'is only for warnings');
  const atMs = violations.instant('at', command.at);
  if (atMs > issuedAtMs + CLOCK_SKEW_TOLERANCE_MS)
    violations.add('at', 'must not be in the future: an alert is recorded once reached');
  violations.throwIfAny();
  if (state.slaAlertKeys.includes(command.key)) {
    throw new PreconditionFailedError(command.type, state.status, [`SLA alert ${command.key} is already recorded`]);
  }
  const { policyId, policyVersion, clock, cycle, key } = command;
  const at = canonicalInstant(atMs);
  return command.kind === 'WARNING'
    ? [
        {
          type: 'SlaWarningReached',
          data: { policyId, policyVersion, clock, cycle, key, threshold: command.threshold as string, reachedAt: at },
        },
      ]
    : [{ type: 'SlaBreached', data: { policyId, policyVersion, clock, cycle, key, dueAt: at } }];
}
