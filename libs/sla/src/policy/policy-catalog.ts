import type { BusinessCalendar } from '../calendar/business-calendar';
import { toEpochSeconds, toIsoInstant, type InstantInput } from '../time/instant';
import { formatDayNumber } from '../time/local-days';
import type { SlaPolicy } from './sla-policy';

export class UnknownPolicyError extends Error {
  constructor(
    readonly policyId: string,
    readonly version?: number,
    message = version === undefined ? `No SLA policy "${policyId}"` : `No SLA policy "${policyId}" version ${version}`,
  ) {
    super(message);
    this.name = 'UnknownPolicyError';
  }
}

/**
 * Every loaded version of every policy. New complaints get the newest version
 * in effect on the day they are received; open complaints keep evaluating
 * under the version recorded on them (`get`), so a policy change never
 * silently rewrites running clocks.
 */
export class PolicyCatalog {
  private readonly byId = new Map<string, SlaPolicy[]>();

  constructor(policies: Iterable<SlaPolicy>) {
    for (const policy of policies) {
      const versions = this.byId.get(policy.id) ?? [];
      if (versions.some((existing) => existing.version === policy.version)) {
        throw new Error(
          `SLA policy ${policy.id} version ${policy.version} is loaded twice (${policy.file ?? 'inline'})`,
        );
      }
      versions.push(policy);
      versions.sort((a, b) => a.version - b.version);
      this.byId.set(policy.id, versions);
    }
  }

  ids(): string[] {
    return [...this.byId.keys()].sort();
  }

  versions(policyId: string): readonly SlaPolicy[] {
    return this.byId.get(policyId) ?? [];
  }

  find(policyId: string, version: number): SlaPolicy | undefined {
    return this.versions(policyId).find((policy) => policy.version === version);
  }

  get(policyId: string, version: number): SlaPolicy {
    const policy = this.find(policyId, version);
    if (!policy) throw new UnknownPolicyError(policyId, version);
    return policy;
  }

  /**
   * The version for a complaint received at `receivedAt`: the newest whose
   * effectiveFrom is on or before the receipt date in the policy's zone.
   */
  forNewComplaint(policyId: string, receivedAt: InstantInput): SlaPolicy {
    const instant = toEpochSeconds(receivedAt);
    const candidates = this.versions(policyId).filter((policy) => {
      if (policy.effectiveFrom === null) return true;
      const calendar = policy.calendars.get(policy.document.calendar) as BusinessCalendar;
      const receiptDate = formatDayNumber(calendar.localDayOf(instant));
      return policy.effectiveFrom <= receiptDate;
    });
    const chosen = candidates.at(-1);
    if (chosen) return chosen;
    if (this.versions(policyId).length === 0) throw new UnknownPolicyError(policyId);
    throw new UnknownPolicyError(
      policyId,
      undefined,
      `no version of SLA policy "${policyId}" is in effect at ${toIsoInstant(instant)}`,
    );
  }
}
