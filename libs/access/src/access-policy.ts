import type { AccessRole, Principal } from './principal';

/**
 * What a route lets its caller do. Routes name a capability; which roles hold
 * it, and how far, is decided here in one table, so the rights of a role can
 * be read (and tested) in one place.
 */
export const CAPABILITIES = [
  'complaints.receive',
  'complaints.read',
  'complaints.work',
  'complaints.escalate',
  'complaints.merge',
  'complaints.search',
  'complaints.audit-export',
  'customers.read',
  'customers.erase',
  'workload.read',
  'sla.query',
  'sla.recompute',
  'sla.recompute-all',
  'reports.read',
  'warnings.manage',
  'surveys.record',
  'surveys.read',
  'operations.read',
  'contracts.read',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * `everywhere`: on every complaint. `own-department`: on complaints whose
 * current department is the principal's, and on unassigned ones (the intake
 * queue, which someone has to classify, triage and assign); lists must be
 * filtered to the principal's department.
 */
export type AccessScope = 'everywhere' | 'own-department';

type Grants = Partial<Record<Capability, AccessScope>>;

const EVERY_ROLE_READS_CONTRACTS: Grants = { 'contracts.read': 'everywhere' };

/** The rights of each role (documented in the README's "Access control" section). */
export const ROLE_GRANTS: Record<AccessRole, Grants> = {
  agent: {
    ...EVERY_ROLE_READS_CONTRACTS,
    'complaints.receive': 'everywhere',
    'complaints.read': 'own-department',
    'complaints.work': 'own-department',
    'complaints.search': 'own-department',
    'surveys.record': 'everywhere',
    'surveys.read': 'everywhere',
  },
  supervisor: {
    ...EVERY_ROLE_READS_CONTRACTS,
    'complaints.receive': 'everywhere',
    'complaints.read': 'own-department',
    'complaints.work': 'own-department',
    'complaints.escalate': 'own-department',
    // Merging decides that two complaints are one: a supervisor's call, like an escalation.
    'complaints.merge': 'own-department',
    'complaints.search': 'own-department',
    'workload.read': 'everywhere',
    'sla.query': 'own-department',
    'sla.recompute': 'own-department',
    'reports.read': 'everywhere',
    'warnings.manage': 'everywhere',
    'surveys.record': 'everywhere',
    'surveys.read': 'everywhere',
  },
  auditor: {
    ...EVERY_ROLE_READS_CONTRACTS,
    'complaints.read': 'everywhere',
    'complaints.search': 'everywhere',
    'complaints.audit-export': 'everywhere',
    'customers.read': 'everywhere',
    'workload.read': 'everywhere',
    'reports.read': 'everywhere',
    'surveys.read': 'everywhere',
  },
  service: {
    ...EVERY_ROLE_READS_CONTRACTS,
    'complaints.receive': 'everywhere',
    'complaints.read': 'everywhere',
    'complaints.work': 'everywhere',
    'complaints.escalate': 'everywhere',
    'complaints.merge': 'everywhere',
    'complaints.search': 'everywhere',
    'customers.read': 'everywhere',
    'surveys.record': 'everywhere',
    'surveys.read': 'everywhere',
    'operations.read': 'everywhere',
  },
  // Everything, key management included (through the CLI).
  admin: Object.fromEntries(CAPABILITIES.map((capability) => [capability, 'everywhere'])),
};

/** What the request touches, as far as department scoping is concerned. */
export type AccessTarget =
  /** Nothing department-bound (a report, a schema). */
  | { kind: 'unscoped' }
  /** One complaint, by its current department (null while unassigned). */
  | { kind: 'complaint'; department: string | null }
  /** A complaint id that names no complaint. */
  | { kind: 'complaint-not-found' }
  /** A list filtered by the `department` query parameter: the departments asked for (none when unfiltered). */
  | { kind: 'department-filter'; departments: string[] };

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

/** How far `role` holds `capability`; undefined when it does not. Only `own-department` needs the target looked up. */
export function grantScope(role: AccessRole, capability: Capability): AccessScope | undefined {
  return ROLE_GRANTS[role][capability];
}

/** Whether `principal` may use `capability` on `target`, and if not, why (for the 403 and its log line). */
export function decideAccess(principal: Principal, capability: Capability, target: AccessTarget): AccessDecision {
  const scope = grantScope(principal.role, capability);
  if (scope === undefined) return deny(`role ${principal.role} does not have ${capability}`);
  if (scope === 'everywhere' || target.kind === 'unscoped') return { allowed: true };
  const own = principal.department;
  if (own === null) return deny(`role ${principal.role} needs a department for ${capability}`);
  switch (target.kind) {
    // An unknown complaint is answered 404 by the handler; there is nothing to protect.
    case 'complaint-not-found':
      return { allowed: true };
    case 'complaint':
      if (target.department === null || target.department === own) return { allowed: true };
      return deny(`the complaint belongs to department ${target.department}, not ${own}`);
    case 'department-filter':
      if (target.departments.length > 0 && target.departments.every((d) => d === own)) return { allowed: true };
      return deny(`role ${principal.role} must filter by its own department (department=${own})`);
  }
}

/** Only these roles may record another person as the actor (X-Actor-Id): an admin, or an integration relaying a user. */
export function mayActOnBehalfOfOthers(role: AccessRole): boolean {
  return role === 'admin' || role === 'service';
}

function deny(reason: string): AccessDecision {
  return { allowed: false, reason };
}
