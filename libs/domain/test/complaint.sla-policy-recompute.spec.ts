import { CommandNotAllowedError, InvalidCommandError, PreconditionFailedError } from '@redress/domain';
import { command, event, given, HISTORY, MUST_BE_TEXT, NOW, violation } from './given-when-then';

const standard = { policyId: 'guides-standard', version: 1, digest: 'a'.repeat(64) };
const rapid = { policyId: 'guides-rapid', version: 1, digest: 'b'.repeat(64) };
const standardV2 = { policyId: 'guides-standard', version: 2, digest: 'c'.repeat(64) };
const reason = 'walk-in complaints follow the 30-60-90 rule from today';

describe('RecomputeSlaPolicy', () => {
  it('records the move from one policy version to another, with the reason, and remembers the new one', () => {
    const { state } = given(...HISTORY.ASSIGNED)
      .when(command('RecomputeSlaPolicy'))
      .then(event('SlaPolicyRecomputed', { from: standard, to: rapid, reason, recomputedAt: NOW }));
    expect(state.slaPolicy).toEqual(rapid);
    expect(state.status).toBe('ASSIGNED');
  });

  it('moves again only from the policy the latest recompute set, so a stale view cannot win', () => {
    const recomputed = event('SlaPolicyRecomputed', { from: standard, to: rapid, reason, recomputedAt: NOW });
    given(...HISTORY.ASSIGNED, recomputed)
      .when(command('RecomputeSlaPolicy', { from: standard, to: standardV2 }))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: [
          `the complaint is tracked under guides-rapid v1 (${'b'.repeat(12)}), not guides-standard v1 (${'a'.repeat(12)})`,
        ],
      });
    given(...HISTORY.ASSIGNED, recomputed)
      .when(command('RecomputeSlaPolicy', { from: rapid, to: standardV2 }))
      .then(event('SlaPolicyRecomputed', { from: rapid, to: standardV2, reason, recomputedAt: NOW }));
  });

  it('refuses a move to the policy already applied, but accepts the same version whose file was edited', () => {
    given(...HISTORY.TRIAGED)
      .when(command('RecomputeSlaPolicy', { to: standard }))
      .thenThrows(PreconditionFailedError, {
        unmetConditions: [`the complaint is already tracked under guides-standard v1 (${'a'.repeat(12)})`],
      });
    const edited = { ...standard, digest: 'd'.repeat(64) };
    given(...HISTORY.TRIAGED)
      .when(command('RecomputeSlaPolicy', { to: edited }))
      .then(event('SlaPolicyRecomputed', { from: standard, to: edited, reason, recomputedAt: NOW }));
  });

  it('refuses malformed references and a blank reason, all at once', () => {
    given(...HISTORY.ASSIGNED)
      .when(
        command('RecomputeSlaPolicy', {
          from: { policyId: '', version: 0, digest: 'A'.repeat(64) },
          to: { policyId: 'guides-rapid', version: 1.5, digest: 'short' },
          reason: ' ',
        }),
      )
      .thenThrows(InvalidCommandError, {
        violations: [
          violation('from.policyId', MUST_BE_TEXT),
          violation('from.version', 'must be a whole number from 1'),
          violation('from.digest', 'must be a sha256 digest (64 lower-case hex digits)'),
          violation('to.version', 'must be a whole number from 1'),
          violation('to.digest', 'must be a sha256 digest (64 lower-case hex digits)'),
          violation('reason', MUST_BE_TEXT),
        ],
      });
  });

  it('leaves closed complaints alone: their clocks are decided', () => {
    given(...HISTORY.CLOSED)
      .when(command('RecomputeSlaPolicy'))
      .thenThrows(CommandNotAllowedError, { status: 'CLOSED' });
  });
});
