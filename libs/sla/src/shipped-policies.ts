import { resolve } from 'node:path';
import { loadPolicyDirectory } from './policy/load-policy';
import { PolicyCatalog } from './policy/policy-catalog';

/**
 * The policy packs shipped with the product: libs/sla/policies, one file per
 * policy version named `<id>.v<version>.yaml`, calendars under calendars/.
 * The build copies the directory next to the compiled code, so this path
 * holds in both.
 */
export const SHIPPED_POLICIES_DIR = resolve(__dirname, '../policies');

export function loadShippedPolicies(directory: string = SHIPPED_POLICIES_DIR): PolicyCatalog {
  const policies = loadPolicyDirectory(directory);
  for (const policy of policies) {
    const expected = `${policy.id}.v${policy.version}.yaml`;
    if (!policy.file?.endsWith(`/${expected}`)) {
      throw new Error(`SLA policy ${policy.id} v${policy.version} must live in ${expected}, not ${policy.file}`);
    }
  }
  return new PolicyCatalog(policies);
}

/** The shipped rules choosing a new complaint's policy; SLA_POLICY_SELECTION_FILE names another file. */
export const SHIPPED_POLICY_SELECTION_FILE = resolve(SHIPPED_POLICIES_DIR, 'selection/policy-selection.yaml');
