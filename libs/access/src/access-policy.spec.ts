import { CAPABILITIES, decideAccess, mayActOnBehalfOfOthers, ROLE_GRANTS, type Capability } from './access-policy';
import { ACCESS_ROLES, type AccessRole, type Principal } from './principal';

const principal = (role: AccessRole, department: string | null = null): Principal => ({
  id: `${role}-1`,
  role,
  department,
  via: 'api-key',
});

describe('access policy', () => {
  it('gives each role exactly the capabilities of the documented matrix', () => {
    const held = Object.fromEntries(
      ACCESS_ROLES.map((role) => [role, CAPABILITIES.filter((c) => ROLE_GRANTS[role][c] !== undefined)]),
    );
    expect(held).toEqual({
      agent: [
        'complaints.receive',
        'complaints.read',
        'complaints.work',
        'complaints.search',
        'surveys.record',
        'surveys.read',
        'contracts.read',
      ],
      supervisor: [
        'complaints.receive',
        'complaints.read',
        'complaints.work',
        'complaints.escalate',
        'complaints.merge',
        'complaints.search',
        'workload.read',
        'sla.query',
        'sla.recompute',
        'reports.read',
        'warnings.manage',
        'surveys.record',
        'surveys.read',
        'contracts.read',
      ],
      auditor: [
        'complaints.read',
        'complaints.search',
        'complaints.audit-export',
        'customers.read',
        'workload.read',
        'reports.read',
        'surveys.read',
        'contracts.read',
      ],
      service: [
        'complaints.receive',
        'complaints.read',
        'complaints.work',
        'complaints.escalate',
        'complaints.merge',
        'complaints.search',
        'customers.read',
        'surveys.record',
        'surveys.read',
        'operations.read',
        'contracts.read',
      ],
      admin: [...CAPABILITIES],
    });
  });

  it('never lets an auditor change anything', () => {
    const changes: Capability[] = [
      'complaints.receive',
      'complaints.work',
      'complaints.escalate',
      'sla.recompute',
      'sla.recompute-all',
      'warnings.manage',
      'surveys.record',
    ];
    for (const capability of changes) {
      expect(decideAccess(principal('auditor'), capability, { kind: 'unscoped' })).toEqual({
        allowed: false,
        reason: `role auditor does not have ${capability}`,
      });
    }
  });

  it("limits agents and supervisors to their department's complaints and to unassigned ones", () => {
    for (const role of ['agent', 'supervisor'] as const) {
      const worker = principal(role, 'after-sales');
      expect(decideAccess(worker, 'complaints.work', { kind: 'complaint', department: 'after-sales' }).allowed).toBe(
        true,
      );
      expect(decideAccess(worker, 'complaints.work', { kind: 'complaint', department: null }).allowed).toBe(true);
      expect(decideAccess(worker, 'complaints.work', { kind: 'complaint', department: 'billing' })).toEqual({
        allowed: false,
        reason: 'the complaint belongs to department billing, not after-sales',
      });
      expect(decideAccess(worker, 'complaints.read', { kind: 'complaint-not-found' }).allowed).toBe(true);
    }
    expect(decideAccess(principal('service'), 'complaints.work', { kind: 'complaint', department: 'x' }).allowed).toBe(
      true,
    );
  });

  it('makes department-scoped lists filter by the own department only', () => {
    const agent = principal('agent', 'after-sales');
    const filter = (departments: string[]) =>
      decideAccess(agent, 'complaints.search', { kind: 'department-filter', departments });
    expect(filter(['after-sales']).allowed).toBe(true);
    expect(filter(['after-sales', 'after-sales']).allowed).toBe(true);
    expect(filter([])).toEqual({
      allowed: false,
      reason: 'role agent must filter by its own department (department=after-sales)',
    });
    expect(filter(['after-sales', 'billing']).allowed).toBe(false);
    expect(
      decideAccess(principal('auditor'), 'complaints.search', { kind: 'department-filter', departments: [] }).allowed,
    ).toBe(true);
  });

  it('refuses a scoped grant to a principal without a department', () => {
    expect(decideAccess(principal('agent'), 'complaints.read', { kind: 'complaint', department: null })).toEqual({
      allowed: false,
      reason: 'role agent needs a department for complaints.read',
    });
  });

  it('lets only admins and services record another actor', () => {
    expect(ACCESS_ROLES.filter(mayActOnBehalfOfOthers)).toEqual(['admin', 'service']);
  });
});
