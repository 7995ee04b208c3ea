import { PreconditionFailedError } from '../errors';
import type { RecomputeSlaPolicy, SlaPolicyReference } from './commands';
import type { ComplaintEvent } from './events';
import type { ComplaintState } from './state';
import { Violations } from './validation';

const SHA256_HEX = /^[0-9a-f]{64}$/;

function checkPolicyReference(violations: Violations, field: string, reference: SlaPolicyReference | undefined): void {
  violations.text(`${field}.policyId`, reference?.policyId);
  if (!Number.isInteger(reference?.version) || (reference?.version as number) < 1)
    violations.add(`${field}.version`, 'must be a whole number from 1');
  if (typeof reference?.digest !== 'string' || !SHA256_HEX.test(reference.digest))
    violations.add(`${field}.digest`, 'must be a sha256 digest (64 lower-case hex digits)');
}

const sameReference = (a: SlaPolicyReference, b: SlaPolicyReference) =>
  a.policyId === b.policyId && a.version === b.version && a.digest === b.digest;

const described = (reference: SlaPolicyReference) =>
  `${reference.policyId} v${reference.version} (${reference.digest.slice(0, 12)})`;

/**
 * Moves the complaint's SLA clocks to another policy version. `from` must be
 * the policy the complaint is tracked under as far as its own history tells
 * (the latest recompute), so two people recomputing at once cannot both win
 * with stale views; before any recompute the policy chosen at receipt is
 * configuration the decider cannot see, and the caller's `from` is recorded.
 */
export function decideSlaPolicyRecompute(
  command: RecomputeSlaPolicy,
  state: ComplaintState,
  now: string,
): ComplaintEvent[] {
  const violations = new Violations();
  checkPolicyReference(violations, 'from', command.from);
  checkPolicyReference(violations, 'to', command.to);
  violations.text('reason', command.reason).throwIfAny();
  const { from, to, reason } = command;
  const unmet: string[] = [];
  if (state.slaPolicy !== null && !sameReference(state.slaPolicy, from)) {
    unmet.push(`the complaint is tracked under ${described(state.slaPolicy)}, not ${described(from)}`);
  } else if (sameReference(from, to)) {
    unmet.push(`the complaint is already tracked under ${described(to)}`);
  }
  if (unmet.length > 0) throw new PreconditionFailedError(command.type, state.status, unmet);
  return [
    {
      type: 'SlaPolicyRecomputed',
      data: {
        from: { policyId: from.policyId, version: from.version, digest: from.digest },
        to: { policyId: to.policyId, version: to.version, digest: to.digest },
        reason,
        recomputedAt: now,
      },
    },
  ];
}
