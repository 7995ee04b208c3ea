import { admitCommand } from '../lifecycle-guard';
import { Violations } from '../complaint/validation';
import {
  EARLY_WARNING_INDICATORS,
  THRESHOLD_DIRECTIONS,
  type EarlyWarningCommand,
  type EarlyWarningCommandType,
  type TriggerEarlyWarning,
} from './commands';
import type { EarlyWarningEvent } from './events';
import type { EarlyWarningState, EarlyWarningStatus } from './state';

/** Triggered → (Acknowledged →) Resolved; a warning may be resolved without a separate acknowledgement. */
export const EARLY_WARNING_COMMANDS_ALLOWED_IN: Readonly<
  Record<EarlyWarningCommandType, readonly EarlyWarningStatus[]>
> = {
  TriggerEarlyWarning: ['NONE'],
  AcknowledgeEarlyWarning: ['TRIGGERED'],
  ResolveEarlyWarning: ['TRIGGERED', 'ACKNOWLEDGED'],
};

export function decideEarlyWarning(command: EarlyWarningCommand, state: EarlyWarningState): EarlyWarningEvent[] {
  const { issuedAtMs, now } = admitCommand('early warning', EARLY_WARNING_COMMANDS_ALLOWED_IN, command, state.status);
  switch (command.type) {
    case 'TriggerEarlyWarning':
      return [trigger(command, issuedAtMs, now)];
    case 'AcknowledgeEarlyWarning': {
      const violations = new Violations();
      if (command.note !== undefined) violations.text('note', command.note);
      violations.throwIfAny();
      return [{ type: 'EarlyWarningAcknowledged', data: { note: command.note ?? null, acknowledgedAt: now } }];
    }
    case 'ResolveEarlyWarning':
      new Violations().text('resolution', command.resolution).throwIfAny();
      return [{ type: 'EarlyWarningResolved', data: { resolution: command.resolution, resolvedAt: now } }];
  }
}

/** A warning is raised only for a value that really crosses its threshold, with an owner and a future deadline. */
function trigger(command: TriggerEarlyWarning, issuedAtMs: number, now: string): EarlyWarningEvent {
  const violations = new Violations()
    .text('warningId', command.warningId)
    .text('ruleId', command.ruleId)
    .oneOf('indicator', EARLY_WARNING_INDICATORS, command.indicator)
    .oneOf('direction', THRESHOLD_DIRECTIONS, command.direction)
    .text('owner', command.owner)
    .text('scope.window.kind', command.scope?.window?.kind);
  for (const field of ['value', 'threshold'] as const) {
    if (typeof command[field] !== 'number' || !Number.isFinite(command[field]))
      violations.add(field, 'must be a number');
  }
  const crosses = command.direction === 'ABOVE' ? command.value > command.threshold : command.value < command.threshold;
  if (!crosses) violations.add('value', `does not cross the threshold ${command.threshold} (${command.direction})`);
  const deadlineMs = violations.instant('deadline', command.deadline);
  if (deadlineMs <= issuedAtMs) violations.add('deadline', 'must be after the warning is raised');
  violations.throwIfAny();
  return {
    type: 'EarlyWarningTriggered',
    data: {
      warningId: command.warningId,
      ruleId: command.ruleId,
      indicator: command.indicator,
      scope: command.scope,
      value: command.value,
      threshold: command.threshold,
      direction: command.direction,
      owner: command.owner,
      deadline: new Date(deadlineMs).toISOString(),
      evidence: [...(command.evidence ?? [])],
      triggeredAt: now,
    },
  };
}
