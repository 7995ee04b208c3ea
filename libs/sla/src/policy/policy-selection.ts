import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Category, Channel, CustomerTier } from '@redress/domain';
import { readPath, type SlaEvent } from '../conditions/sla-event';
import { applyFacts, factsMatch, NO_FACTS } from '../evaluation/complaint-facts';
import { toEpochSeconds, type InstantInput } from '../time/instant';
import { canonicalJson, parseValidatedYaml, throwPolicyIssues } from './load-policy';
import { UnknownPolicyError, type PolicyCatalog } from './policy-catalog';
import type { SlaPolicy } from './sla-policy';

/**
 * Which policy a new complaint is tracked under: ordered rules over what is
 * known when it is received (channel, customer tier, a category given at
 * registration, the receipt instant), first match wins, else the default.
 * Grade, priority and complexity are decided later, at triage, so they vary
 * the targets inside a policy (its target rules) rather than choose it.
 */
export interface SelectionMatch {
  channel?: Channel | Channel[];
  tier?: CustomerTier | CustomerTier[];
  category?: Category | Category[];
  /** Complaints received at or after this instant (with offset). */
  receivedFrom?: string;
  /** Complaints received before this instant. */
  receivedBefore?: string;
}

export interface SelectionRule {
  name: string;
  description?: string;
  when: SelectionMatch;
  /** A policy id; the complaint gets its version in effect on the receipt date. */
  policy: string;
}

/** The shape of a selection file once it has passed POLICY_SELECTION_FILE_SCHEMA. */
export interface PolicySelectionDocument {
  version: number;
  description?: string;
  rules?: SelectionRule[];
  default: string;
}

/** The policy a complaint was given at receipt, and the rule that chose it (null: the default). */
export interface PolicyChoice {
  policy: SlaPolicy;
  rule: string | null;
}

export class PolicySelection {
  readonly rules: readonly SelectionRule[];
  /** sha256 of the document, so an edit under an unchanged version number shows. */
  readonly digest: string;

  constructor(
    readonly document: PolicySelectionDocument,
    private readonly catalog: PolicyCatalog,
    readonly file: string | null = null,
  ) {
    this.rules = document.rules ?? [];
    this.digest = createHash('sha256').update(canonicalJson(document)).digest('hex');
  }

  /**
   * The policy for a complaint from the events its receipt recorded
   * (ComplaintReceived, and ComplaintClassified when the category was given
   * at registration). Null when the chosen policy has no version in effect
   * on the receipt date: such a complaint is not tracked.
   */
  choose(receipt: readonly SlaEvent[]): PolicyChoice | null {
    const received = receipt.find((event) => event.type === 'ComplaintReceived');
    if (!received) return null;
    const receivedAt = String(readPath(received, 'data.receivedAt') ?? received.occurredAt);
    const facts = receipt.reduce(applyFacts, NO_FACTS);
    const instant = toEpochSeconds(receivedAt);
    const rule = this.rules.find(({ when }) => {
      const { receivedFrom, receivedBefore, ...fields } = when;
      return factsMatch(facts, fields) && inWindow(instant, receivedFrom, receivedBefore);
    });
    const policy = this.versionInEffect(rule?.policy ?? this.document.default, receivedAt);
    return policy ? { policy, rule: rule?.name ?? null } : null;
  }

  /** The policy versions a complaint received at `at` could get: those of the default and of every rule open then. */
  policiesInUse(at: InstantInput): SlaPolicy[] {
    const instant = toEpochSeconds(at);
    const ids = [
      ...this.rules
        .filter(({ when }) => inWindow(instant, when.receivedFrom, when.receivedBefore))
        .map((rule) => rule.policy),
      this.document.default,
    ];
    const policies = new Set(ids.map((id) => this.versionInEffect(id, at)));
    return [...policies].filter((policy): policy is SlaPolicy => policy !== null);
  }

  private versionInEffect(policyId: string, at: InstantInput): SlaPolicy | null {
    try {
      return this.catalog.forNewComplaint(policyId, at);
    } catch (error) {
      if (error instanceof UnknownPolicyError) return null;
      throw error;
    }
  }
}

function inWindow(instant: number, from: string | undefined, before: string | undefined): boolean {
  return (
    (from === undefined || instant >= toEpochSeconds(from)) &&
    (before === undefined || instant < toEpochSeconds(before))
  );
}

/**
 * Parses and validates a selection file against the catalog it selects from:
 * schema, then every policy named must exist, rule names must be unique and
 * windows must not be empty. Throws PolicyValidationError naming file, path and line.
 */
export function parsePolicySelection(
  text: string,
  catalog: PolicyCatalog,
  file = '<policy selection>',
): PolicySelection {
  const source = parseValidatedYaml(text, file, 'selection');
  const document = source.value as PolicySelectionDocument;
  const known = catalog.ids();
  const problems: { path: string; message: string }[] = [];
  const checkPolicy = (policyId: string, path: string) => {
    if (!known.includes(policyId))
      problems.push({ path, message: `no SLA policy "${policyId}"; known: ${known.join(', ')}` });
  };
  const names = new Set<string>();
  (document.rules ?? []).forEach((rule, i) => {
    if (names.has(rule.name))
      problems.push({ path: `/rules/${i}/name`, message: `rule "${rule.name}" is defined twice` });
    names.add(rule.name);
    checkPolicy(rule.policy, `/rules/${i}/policy`);
    const { receivedFrom, receivedBefore } = rule.when;
    if (receivedFrom && receivedBefore && toEpochSeconds(receivedFrom) >= toEpochSeconds(receivedBefore)) {
      problems.push({ path: `/rules/${i}/when/receivedBefore`, message: 'must be later than receivedFrom' });
    }
  });
  checkPolicy(document.default, '/default');
  if (problems.length > 0) throwPolicyIssues(problems.map((problem) => source.issue(problem.path, problem.message)));
  return new PolicySelection(document, catalog, file);
}

export function loadPolicySelectionFile(file: string, catalog: PolicyCatalog): PolicySelection {
  return parsePolicySelection(readFileSync(file, 'utf8'), catalog, file);
}
