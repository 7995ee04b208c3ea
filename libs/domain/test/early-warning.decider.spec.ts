import {
  CommandNotAllowedError,
  InvalidCommandError,
  decideEarlyWarning,
  evolveEarlyWarning,
  initialEarlyWarningState,
  type EarlyWarningCommand,
  type EarlyWarningEvent,
  type TriggerEarlyWarning,
} from '@redress/domain';
import { deepFreeze } from './given-when-then';

const NOW = '2026-11-10T09:00:00.000Z';
const trigger: TriggerEarlyWarning = {
  type: 'TriggerEarlyWarning',
  issuedAt: NOW,
  warningId: 'w-1',
  ruleId: 'complaint-rate-high',
  indicator: 'COMPLAINT_RATE',
  scope: { window: { kind: 'trailing-30d', from: '2026-10-12', to: '2026-11-10' }, segment: null },
  value: 42,
  threshold: 30,
  direction: 'ABOVE',
  owner: 'quality-manager',
  deadline: '2026-11-12T09:00:00Z',
};
const decide = (command: EarlyWarningCommand, history: EarlyWarningEvent[] = []) =>
  decideEarlyWarning(deepFreeze(command), deepFreeze(history.reduce(evolveEarlyWarning, initialEarlyWarningState)));

describe('early warning lifecycle', () => {
  const triggered = decide(trigger);

  it('is triggered with its indicator, value, threshold, owner and deadline (REQ-41)', () => {
    expect(triggered).toStrictEqual([
      {
        type: 'EarlyWarningTriggered',
        data: {
          warningId: 'w-1',
          ruleId: 'complaint-rate-high',
          indicator: 'COMPLAINT_RATE',
          scope: trigger.scope,
          value: 42,
          threshold: 30,
          direction: 'ABOVE',
          owner: 'quality-manager',
          deadline: '2026-11-12T09:00:00.000Z',
          evidence: [],
          triggeredAt: NOW,
        },
      },
    ]);
  });

  it('is acknowledged, then resolved', () => {
    const acknowledged = decide({ type: 'AcknowledgeEarlyWarning', issuedAt: NOW, note: 'looking' }, triggered);
    expect(acknowledged).toStrictEqual([
      { type: 'EarlyWarningAcknowledged', data: { note: 'looking', acknowledgedAt: NOW } },
    ]);
    const history = [...triggered, ...acknowledged];
    const resolved = decide(
      { type: 'ResolveEarlyWarning', issuedAt: NOW, resolution: 'billing fix deployed' },
      history,
    );
    const state = [...history, ...resolved].reduce(evolveEarlyWarning, initialEarlyWarningState);
    expect(state).toMatchObject({ status: 'RESOLVED', acknowledgedAt: NOW, resolvedAt: NOW });
    expect(() => decide({ type: 'AcknowledgeEarlyWarning', issuedAt: NOW }, [...history, ...resolved])).toThrow(
      CommandNotAllowedError,
    );
  });

  it('refuses a value that does not cross its threshold, and a deadline already past', () => {
    expect(() => decide({ ...trigger, value: 30, deadline: '2026-11-10T08:00:00Z' })).toThrow(InvalidCommandError);
    try {
      decide({ ...trigger, value: 30, deadline: '2026-11-10T08:00:00Z' });
    } catch (error) {
      expect((error as InvalidCommandError).violations).toEqual([
        { field: 'value', message: 'does not cross the threshold 30 (ABOVE)' },
        { field: 'deadline', message: 'must be after the warning is raised' },
      ]);
    }
    expect(
      decide({ ...trigger, indicator: 'RESOLUTION_RATE', direction: 'BELOW', value: 0.5, threshold: 0.8 }),
    ).toHaveLength(1);
  });

  it('cannot be triggered twice on one stream', () => {
    expect(() => decide(trigger, triggered)).toThrow(
      'TriggerEarlyWarning is not allowed while the early warning is TRIGGERED; allowed: AcknowledgeEarlyWarning, ResolveEarlyWarning',
    );
  });
});
