import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'yaml';
import {
  formatIssue,
  loadPolicyFile,
  loadPolicySelectionFile,
  loadShippedPolicies,
  PolicyCatalog,
  PolicyValidationError,
  type SlaPolicy,
} from '@redress/sla';

/** Files that failed validation; their problems were printed first. */
export class InvalidPolicyFilesError extends Error {
  constructor(readonly files: string[]) {
    super(`${files.length} of the files did not validate: ${files.join(', ')}`);
    this.name = 'InvalidPolicyFilesError';
  }
}

/**
 * `sla policy validate <files…>`: checks SLA policy files and policy
 * selection files exactly as the API loads them at start-up (schema, calendars,
 * clocks, conditions; a selection's rules against the shipped policies and
 * the policies given alongside), printing each problem with its file, line
 * and path, so a change can be checked before it is deployed.
 */
export function registerSlaCommands(program: Command, print: (line: string) => void = (line) => console.log(line)) {
  const policy = program
    .command('sla')
    .description('SLA policy tools')
    .command('policy')
    .description('SLA policy files');
  policy
    .command('validate')
    .description('Validate SLA policy files and policy selection files as the API would load them')
    .argument('<files...>', 'policy YAML files (libs/sla/policies/*.yaml) and selection files')
    .action((files: string[]) => {
      const invalid: string[] = [];
      const loaded: SlaPolicy[] = [];
      const selections: string[] = [];
      for (const file of files) {
        if (isSelectionFile(file)) {
          selections.push(file);
          continue;
        }
        const policy = validated(file, () => loadPolicyFile(file), invalid, print);
        if (policy) {
          loaded.push(policy);
          print(`ok ${file}: policy ${policy.id} v${policy.version}, ${policy.clocks.length} clocks`);
        }
      }
      // A selection may name the shipped policies and any policy validated in the same run (which stands in for
      // a shipped one of the same id and version: it is the edited copy being checked).
      const shipped = loadShippedPolicies();
      const given = new Set(loaded.map((p) => `${p.id}@${p.version}`));
      const catalog = new PolicyCatalog([
        ...shipped
          .ids()
          .flatMap((id) => shipped.versions(id))
          .filter((p) => !given.has(`${p.id}@${p.version}`)),
        ...loaded,
      ]);
      for (const file of selections) {
        if (validated(file, () => loadPolicySelectionFile(file, catalog), invalid, print)) {
          print(`ok ${file}: policy selection`);
        }
      }
      if (invalid.length > 0) throw new InvalidPolicyFilesError(invalid);
    });
}

function validated<T>(file: string, load: () => T, invalid: string[], print: (line: string) => void): T | null {
  try {
    return load();
  } catch (error) {
    invalid.push(file);
    if (error instanceof PolicyValidationError) {
      for (const issue of error.issues) print(formatIssue(issue));
    } else {
      print(`${file}: ${(error as Error).message}`);
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
