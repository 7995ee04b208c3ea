import {
  decideComplaint,
  DomainError,
  PreconditionFailedError,
  type ComplaintState,
  type RecomputeSlaPolicy,
} from '@redress/domain';
import type { SlaEvent } from '../conditions/sla-event';
import { diffPolicies, type PolicyDiff } from '../evaluation/diff-policies';
import { UnknownPolicyError, type PolicyCatalog } from '../policy/policy-catalog';
import { policyReference, type PolicyReference, type SlaPolicy } from '../policy/sla-policy';

/** The audited RecomputeSlaPolicy command, less the instant it is issued at. */
export type RecomputeCommand = Omit<RecomputeSlaPolicy, 'issuedAt'>;

/** The command one complaint's recompute would run, and what it would change clock by clock. */
export interface RecomputePlan {
  command: RecomputeCommand;
  diff: PolicyDiff;
}

/** A complaint the command would refuse (closed meanwhile, already under the target): its code and message. */
export interface RefusedRecompute {
  complaintId: string;
  error: { code: string; message: string };
}

/** One complaint's entry of a multi-complaint run: what it would change, plus what acting on it gave. */
export type PlannedRecompute<Outcome extends object> = { complaintId: string; changed: boolean } & Outcome & {
    diff: PolicyDiff;
  };

/** Every open complaint tracked under one policy (any version, or one) moves to another. */
export interface BulkRecomputeRequest {
  fromPolicyId: string;
  fromVersion?: number;
  policyId: string;
  /** Default: the newest version in effect at the planning instant. */
  version?: number;
  reason: string;
  /** At most this many complaints, oldest first. */
  limit: number;
}

export interface BulkRecomputeAnswer<Outcome extends object> {
  dryRun: boolean;
  from: { policyId: string; version: number | null };
  to: PolicyReference;
  complaints: (PlannedRecompute<Outcome> | RefusedRecompute)[];
}

/** The policy version a complaint's clocks run under, with the digest recorded for it. */
export interface AppliedPolicyVersion {
  policy: SlaPolicy;
  digest: string;
}

/**
 * What planning reads, as the SLA read model derives it (the read model and
 * its derivation live with the projections, which this library cannot depend on).
 */
export interface RecomputeSources {
  /** The policy versions a complaint can move to. */
  catalog: PolicyCatalog;
  /** One complaint read from its own stream: its lifecycle state and its history; rejects for an unknown one. */
  readComplaint(complaintId: string): Promise<{ state: ComplaintState; history: readonly SlaEvent[] }>;
  /** The policy the complaint's history says it is tracked under; null when it is not tracked. */
  appliedPolicy(history: readonly SlaEvent[]): AppliedPolicyVersion | null;
  /** The history its clocks are evaluated on (merges folded into the receipt). */
  clockHistory(history: readonly SlaEvent[]): readonly SlaEvent[];
  /** Open complaints tracked under a policy (any version, or one), oldest first, at most `limit`. */
  openComplaintsUnder(policyId: string, version: number | undefined, limit: number): Promise<string[]>;
}

/** The target policy named does not exist in the version asked for, or none of its versions is in effect. */
export class UnavailableTargetPolicyError extends Error {
  constructor(
    readonly policyId: string,
    readonly version: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'UnavailableTargetPolicyError';
  }
}

/** The version asked for, or the newest in effect at `now`; UnavailableTargetPolicyError says what is loaded. */
export function resolveTargetPolicy(
  catalog: PolicyCatalog,
  policyId: string,
  version: number | undefined,
  now: Date,
): SlaPolicy {
  const loaded = catalog.versions(policyId).map((policy) => policy.version);
  if (version !== undefined) {
    const policy = catalog.find(policyId, version);
    if (policy) return policy;
    const known =
      loaded.length > 0 ? `loaded: ${loaded.join(', ')}` : `none is loaded; known: ${catalog.ids().join(', ')}`;
    throw new UnavailableTargetPolicyError(
      policyId,
      version,
      `SLA policy ${policyId} has no version ${version}; ${known}`,
    );
  }
  try {
    return catalog.forNewComplaint(policyId, now);
  } catch (error) {
    if (!(error instanceof UnknownPolicyError)) throw error;
    throw new UnavailableTargetPolicyError(
      policyId,
      undefined,
      loaded.length > 0
        ? `no version of ${policyId} is in effect today; give one of ${loaded.join(', ')}`
        : `no SLA policy ${policyId}; known: ${catalog.ids().join(', ')}`,
    );
  }
}

/** Told after each complaint of a multi-complaint run. */
export type RecomputeProgress = (done: number, total: number) => void;

/**
 * Plans moving open complaints to another SLA policy version: the audited
 * RecomputeSlaPolicy command and what it would change (per clock,
 * diffPolicies). The same pure decider checks the command against the
 * complaint's current state, so a dry run refuses exactly what the command
 * would (a closed complaint, the policy already applied). The complaint's
 * policy is read from its own stream, so a lagging read model cannot make a
 * dry run lie. HTTP (POST …/sla/recompute) and the management CLI
 * (`sla policy dry-run`) both plan through this.
 */
export class SlaRecomputePlanner {
  constructor(private readonly sources: RecomputeSources) {}

  /** The version asked for, or the newest in effect at `now` (resolveTargetPolicy). */
  targetPolicy(policyId: string, version: number | undefined, now: Date): SlaPolicy {
    return resolveTargetPolicy(this.sources.catalog, policyId, version, now);
  }

  /** One complaint's command and diff; a refusal is thrown as the decider's DomainError. */
  async plan(complaintId: string, to: SlaPolicy, reason: string, now: Date): Promise<RecomputePlan> {
    const { state, history } = await this.sources.readComplaint(complaintId);
    const applied = this.sources.appliedPolicy(history);
    if (!applied) {
      throw new PreconditionFailedError('RecomputeSlaPolicy', state.status, [
        'the complaint is not tracked under any SLA policy: none was in effect when it was received',
      ]);
    }
    const from = { policyId: applied.policy.id, version: applied.policy.version, digest: applied.digest };
    const command: RecomputeCommand = { type: 'RecomputeSlaPolicy', from, to: policyReference(to), reason };
    decideComplaint({ ...command, issuedAt: now.toISOString() }, state);
    // The clocks as the SLA read model evaluates them: a merged primary's from its earliest receipt.
    return { command, diff: diffPolicies(applied.policy, to, this.sources.clockHistory(history), now) };
  }

  /**
   * Plans each complaint in turn and hands the plan to `act` (which may run
   * the command); a complaint the command refuses is reported with its error
   * and does not stop the others. Anything else (an unknown complaint, a
   * failing store) stops the run.
   */
  async each<Outcome extends object>(
    complaintIds: readonly string[],
    to: SlaPolicy,
    reason: string,
    now: Date,
    act: (complaintId: string, plan: RecomputePlan) => Promise<Outcome>,
    onProgress?: RecomputeProgress,
  ): Promise<(PlannedRecompute<Outcome> | RefusedRecompute)[]> {
    const entries: (PlannedRecompute<Outcome> | RefusedRecompute)[] = [];
    for (const complaintId of complaintIds) {
      try {
        const plan = await this.plan(complaintId, to, reason, now);
        const outcome = await act(complaintId, plan);
        entries.push({ complaintId, changed: plan.diff.changed, ...outcome, diff: plan.diff });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        entries.push({ complaintId, error: { code: error.code, message: error.message } });
      }
      onProgress?.(entries.length, complaintIds.length);
    }
    return entries;
  }

  /** What `each` would change for these complaints, running nothing. */
  previewEach(
    complaintIds: readonly string[],
    to: SlaPolicy,
    reason: string,
    now: Date,
    onProgress?: RecomputeProgress,
  ): Promise<(PlannedRecompute<object> | RefusedRecompute)[]> {
    return this.each(complaintIds, to, reason, now, noAction, onProgress);
  }

  /** Every open complaint under `request`'s policy, oldest first, planned and handed to `act`. */
  async acrossPolicy<Outcome extends object>(
    request: BulkRecomputeRequest,
    now: Date,
    act: (complaintId: string, plan: RecomputePlan) => Promise<Outcome>,
    onProgress?: RecomputeProgress,
  ): Promise<Omit<BulkRecomputeAnswer<Outcome>, 'dryRun'>> {
    const to = this.targetPolicy(request.policyId, request.version, now);
    const ids = await this.sources.openComplaintsUnder(request.fromPolicyId, request.fromVersion, request.limit);
    onProgress?.(0, ids.length);
    return {
      from: { policyId: request.fromPolicyId, version: request.fromVersion ?? null },
      to: policyReference(to),
      complaints: await this.each(ids, to, request.reason, now, act, onProgress),
    };
  }

  /** What `acrossPolicy` would change, running nothing: the dry run of POST /sla/recompute. */
  async previewAcrossPolicy(
    request: BulkRecomputeRequest,
    now: Date,
    onProgress?: RecomputeProgress,
  ): Promise<BulkRecomputeAnswer<object>> {
    return { dryRun: true, ...(await this.acrossPolicy(request, now, noAction, onProgress)) };
  }
}

/** A dry run acts on nothing. */
const noAction = async (): Promise<object> => ({});
