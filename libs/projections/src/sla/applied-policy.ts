import type { PolicyCatalog, PolicySelection, SlaEvent, SlaPolicy } from '@redress/sla';

export interface SlaTrackingOptions {
  catalog: PolicyCatalog;
  /** Chooses each new complaint's policy at receipt (SLA_POLICY_SELECTION_FILE). */
  selection: PolicySelection;
}

/** Why a complaint is tracked under its policy: the default, a selection rule, or an audited recompute. */
export type PolicySource = 'default' | `rule:${string}` | 'recompute';

/** The policy version a complaint's clocks are evaluated under, with the digest recorded for it. */
export interface AppliedPolicy {
  policy: SlaPolicy;
  digest: string;
  source: PolicySource;
}

interface RecomputedData {
  to: { policyId: string; version: number; digest: string };
}

const commandIdOf = (event: SlaEvent) => event.metadata?.commandId;

/**
 * The events of a complaint's history its receipt recorded: ComplaintReceived
 * and, when the category was given at registration, ComplaintClassified; both
 * come from the receiving command, which is how they are told apart.
 */
function receiptOf(history: readonly SlaEvent[]): SlaEvent[] {
  const [received] = history;
  if (received?.type !== 'ComplaintReceived') return [];
  const receiving = commandIdOf(received);
  const end = history.findIndex((event) => commandIdOf(event) !== receiving);
  return history.slice(0, end < 0 ? history.length : end);
}

/**
 * The policy of a complaint from its own history and the configuration: the
 * latest audited recompute's, else the one the selection rules chose at
 * receipt. Null when no policy version was in effect at receipt and none was
 * set since: the complaint is not tracked. A recompute to a version this
 * build does not have is passed over (the complaint stays where it was)
 * rather than stalling the read model; the version is shown by
 * GET /sla/policies, so an operator can see which ones exist.
 */
export function appliedPolicy(history: readonly SlaEvent[], tracking: SlaTrackingOptions): AppliedPolicy | null {
  const choice = tracking.selection.choose(receiptOf(history));
  let applied: AppliedPolicy | null = choice && {
    policy: choice.policy,
    digest: choice.policy.digest,
    source: choice.rule === null ? 'default' : `rule:${choice.rule}`,
  };
  for (const event of history) {
    if (event.type !== 'SlaPolicyRecomputed') continue;
    const { to } = event.data as RecomputedData;
    const policy = tracking.catalog.find(to.policyId, to.version);
    if (policy) applied = { policy, digest: to.digest, source: 'recompute' };
  }
  return applied;
}

/** Whether an event can change the policy a complaint is tracked under, so the projection need look again. */
export function affectsAppliedPolicy(history: readonly SlaEvent[], event: SlaEvent): boolean {
  if (event.type === 'SlaPolicyRecomputed') return true;
  return history.length > 0 && history.every((earlier) => commandIdOf(earlier) === commandIdOf(event));
}
