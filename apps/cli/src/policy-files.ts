import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  formatIssue,
  loadPolicyFile,
  loadPolicySelectionFile,
  loadShippedPolicies,
  PolicyCatalog,
  PolicyValidationError,
  type PolicySelection,
  type SlaPolicy,
} from '@redress/sla';

/** Files that failed validation; their problems were printed first. */
export class InvalidPolicyFilesError extends Error {
  constructor(readonly files: string[]) {
    super(`${files.length} of the files did not validate: ${files.join(', ')}`);
    this.name = 'InvalidPolicyFilesError';
  }
}

/** Policy and selection files loaded as the API loads them, over the shipped policies. */
export interface LoadedPolicyFiles {
  /** The policy files that loaded, in the order given. */
  policies: { file: string; policy: SlaPolicy }[];
  /** The shipped policies, with each policy given standing in for the shipped one of the same id and version. */
  catalog: PolicyCatalog;
  /** The selection files that loaded, checked against `catalog`. */
  selections: { file: string; selection: PolicySelection }[];
  /** The files that did not load; each problem was reported. */
  invalid: string[];
}

/**
 * Loads SLA policy files and policy selection files exactly as the API loads
 * them at start-up (schema, calendars, clocks, conditions; a selection's
 * rules against the shipped policies and the policies given alongside),
 * reporting each problem with its file, line and path.
 */
export function loadPolicyFiles(files: readonly string[], report: (line: string) => void): LoadedPolicyFiles {
  const invalid: string[] = [];
  const policies: LoadedPolicyFiles['policies'] = [];
  const selectionFiles: string[] = [];
  for (const file of files) {
    if (isSelectionFile(file)) {
      selectionFiles.push(file);
      continue;
    }
    const policy = loaded(file, () => loadPolicyFile(file), invalid, report);
    if (policy) policies.push({ file, policy });
  }
  // A selection may name the shipped policies and any policy given in the same run (which stands in for
  // a shipped one of the same id and version: it is the edited copy being checked).
  const shipped = loadShippedPolicies();
  const given = new Set(policies.map(({ policy }) => `${policy.id}@${policy.version}`));
  const catalog = new PolicyCatalog([
    ...shipped
      .ids()
      .flatMap((id) => shipped.versions(id))
      .filter((p) => !given.has(`${p.id}@${p.version}`)),
    ...policies.map(({ policy }) => policy),
  ]);
  const selections: LoadedPolicyFiles['selections'] = [];
  for (const file of selectionFiles) {
    const selection = loaded(file, () => loadPolicySelectionFile(file, catalog), invalid, report);
    if (selection) selections.push({ file, selection });
  }
  return { policies, catalog, selections, invalid };
}

function loaded<T>(file: string, load: () => T, invalid: string[], report: (line: string) => void): T | null {
  try {
    return load();
  } catch (error) {
    invalid.push(file);
    if (error instanceof PolicyValidationError) {
      for (const issue of error.issues) report(formatIssue(issue));
    } else {
      report(`${file}: ${(error as Error).message}`);
    }
    return null;
  }
}

/** Selection files have rules and a default policy; policy files have clocks. */
function isSelectionFile(file: string): boolean {
  try {
    const document = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
    return document !== null && typeof document === 'object' && 'rules' in document && !('clocks' in document);
  } catch {
    return false; // unreadable or not YAML: the policy loader reports it with its position
  }
}
