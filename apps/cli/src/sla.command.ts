import type { Command } from 'commander';
import type { Persistence } from '@redress/config';
import { InvalidPolicyFilesError, loadPolicyFiles } from './policy-files';
import { registerSlaDryRunCommand } from './sla-dry-run.command';

export { InvalidPolicyFilesError } from './policy-files';

/**
 * `sla policy validate <files…>`: checks SLA policy files and policy
 * selection files exactly as the API loads them at start-up (schema, calendars,
 * clocks, conditions; a selection's rules against the shipped policies and
 * the policies given alongside), printing each problem with its file, line
 * and path, so a change can be checked before it is deployed. And
 * `sla policy dry-run`: what re-evaluating open complaints under a policy
 * would change (sla-dry-run.command.ts).
 */
export function registerSlaCommands(
  program: Command,
  open: () => Promise<Persistence>,
  print: (line: string) => void = (line) => console.log(line),
) {
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
      const { policies, selections, invalid } = loadPolicyFiles(files, print);
      for (const { file, policy } of policies) {
        print(`ok ${file}: policy ${policy.id} v${policy.version}, ${policy.clocks.length} clocks`);
      }
      for (const { file } of selections) print(`ok ${file}: policy selection`);
      if (invalid.length > 0) throw new InvalidPolicyFilesError(invalid);
    });
  registerSlaDryRunCommand(policy, open, print);
}
