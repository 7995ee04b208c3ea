/** The roles a credential can carry (issue 8). `system` is not one: it is the platform's own actor, never a caller. */
export const ACCESS_ROLES = ['agent', 'supervisor', 'auditor', 'admin', 'service'] as const;
export type AccessRole = (typeof ACCESS_ROLES)[number];

export function isAccessRole(value: unknown): value is AccessRole {
  return typeof value === 'string' && (ACCESS_ROLES as readonly string[]).includes(value);
}

/** Who an authenticated request comes from: an API key's holder or a JWT's subject. */
export interface Principal {
  /** The actor id recorded in events when the principal acts as itself: `key:<key id>` or the JWT subject. */
  id: string;
  role: AccessRole;
  /** The department an agent or supervisor works for; null for roles that are not scoped to one. */
  department: string | null;
  /** How the request proved who it is. */
  via: 'api-key' | 'jwt';
}

/** Roles whose work is limited to one department, and so need one. */
export const DEPARTMENT_SCOPED_ROLES: readonly AccessRole[] = ['agent', 'supervisor'];

/** Department names follow the complaint's `department` field: a plain token. */
export const DEPARTMENT_NAME = /^[\x21-\x7e]{1,120}$/;
