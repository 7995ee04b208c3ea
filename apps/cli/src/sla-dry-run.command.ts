import { InvalidArgumentError, type Command } from 'commander';
import { ComplaintQueryService } from '@redress/application';
import { loadConfig, type Persistence } from '@redress/config';
import type { SqlClient } from '@redress/event-store';
import { slaRecomputePlanner, SlaTrackingQueries, type SlaTrackingOptions } from '@redress/projections';
import {
  loadPolicySelectionFile,
  loadShippedPolicies,
  policyReference,
  resolveTargetPolicy,
  type BulkRecomputeRequest,
  type RecomputeProgress,
} from '@redress/sla';
import { InvalidPolicyFilesError, loadPolicyFiles, type LoadedPolicyFiles } from './policy-files';
import { createProgressBar } from './progress-bar';
import { describeRecomputePreview, type RecomputePreview } from './recompute-summary';
import { activeSlaGeneration, SLA_READ_MODEL_MISSING } from './sla-read-model';
import { withPersistence } from './with-persistence';

interface DryRunOptions {
  policy?: string;
  policyVersion?: number;
  complaint?: string[];
  fromPolicy?: string;
  fromVersion?: number;
  limit?: number;
  reason: string;
  json?: boolean;
}

/** The exit code when the command would refuse some complaint (closed meanwhile, already under the target). */
export const SOME_REFUSED_EXIT_CODE = 3;

/**
 * `sla policy dry-run [files…]`: what re-evaluating open complaints' SLA
 * clocks under a policy would change, writing nothing: the plan of
 * POST /sla/recompute?dryRun=true (one complaint, several, or every open
 * complaint under one policy), planned by the same SlaRecomputePlanner.
 * Edited or new policy files may be given as targets, and the selection
 * file the API runs with, loaded as `validate` loads them.
 */
export function registerSlaDryRunCommand(
  policy: Command,
  open: () => Promise<Persistence>,
  print: (line: string) => void,
): void {
  policy
    .command('dry-run')
    .description(
      "Show what re-evaluating open complaints' SLA clocks under a policy would change, writing nothing " +
        '(the plan of POST /sla/recompute?dryRun=true)',
    )
    .argument(
      '[files...]',
      'policy files to re-evaluate under (edited or new versions; each stands in for the shipped one of the same ' +
        'id and version) and at most one selection file, the rules the API runs with (default: ' +
        'SLA_POLICY_SELECTION_FILE); loaded as `validate` loads them',
    )
    .option('--policy <id>', 'the policy to re-evaluate under (default: the one policy file given)')
    .option(
      '--policy-version <n>',
      "its version (default: the policy file's, else the newest in effect today)",
      positiveInteger,
    )
    .option('--complaint <id>', 'a complaint to plan; repeat for several', collect)
    .option('--from-policy <id>', 'every open complaint tracked under this policy (listed by the SLA read model)')
    .option('--from-version <n>', 'only those tracked under this version of it', positiveInteger)
    .option('--limit <n>', 'at most this many of them, oldest first (default: all)', positiveInteger)
    .option('--reason <text>', 'the reason the command would record', 'dry run from the management CLI')
    .option('--json', 'print the plan as JSON (the shape of the HTTP dry run) instead of a summary')
    .addHelpText(
      'after',
      `
Exit codes: 0 planned; ${SOME_REFUSED_EXIT_CODE} the command would refuse some complaint (each is listed with why);
1 bad input (unknown policy or complaint, invalid file) or a failure.

Examples:
  redress sla policy dry-run --policy guides-rapid --complaint 5f0c…
  redress sla policy dry-run --from-policy guides-standard --policy guides-rapid --limit 500
  redress sla policy dry-run edited/guides-rapid.v2.yaml --from-policy guides-rapid --json`,
    )
    .action(async (files: string[], options: DryRunOptions) => {
      const complaintIds = [...new Set(options.complaint ?? [])];
      const acrossPolicy = options.fromPolicy !== undefined;
      if (acrossPolicy === complaintIds.length > 0) {
        throw new Error('give --complaint <id> (one or more) or --from-policy <id>, not both');
      }
      if (!acrossPolicy && (options.fromVersion !== undefined || options.limit !== undefined)) {
        throw new Error('--from-version and --limit go with --from-policy');
      }
      const given = loadPolicyFiles(files, (line) => console.error(line));
      if (given.invalid.length > 0) throw new InvalidPolicyFilesError(given.invalid);
      if (given.selections.length > 1) {
        throw new Error(`give at most one selection file, not ${given.selections.map((s) => s.file).join(', ')}`);
      }
      const tracking = deployedTracking(given);
      if (acrossPolicy && tracking.catalog.versions(options.fromPolicy as string).length === 0) {
        throw new Error(
          `no SLA policy ${options.fromPolicy} to move from; known: ${tracking.catalog.ids().join(', ')}`,
        );
      }
      const now = new Date();
      const { policyId, version } = targetOf(given, options);
      // Checked before the stores are opened: bad input fails fast and touches nothing.
      const to = resolveTargetPolicy(given.catalog, policyId, version, now);

      await withPersistence(open, async ({ eventStore, readModels }) => {
        const queries = new ComplaintQueryService(eventStore);
        const planner = slaRecomputePlanner({
          catalog: given.catalog,
          tracking,
          readModel: new SlaTrackingQueries(readModels, tracking),
          history: (complaintId) => queries.history(complaintId),
        });
        const progress = progressBar();
        let preview: RecomputePreview;
        try {
          if (options.fromPolicy !== undefined) {
            await requireSlaReadModel(readModels, await eventStore.headPosition());
            const request: BulkRecomputeRequest = {
              fromPolicyId: options.fromPolicy,
              fromVersion: options.fromVersion,
              policyId: to.id,
              version: to.version,
              reason: options.reason,
              limit: options.limit ?? Number.MAX_SAFE_INTEGER,
            };
            preview = await planner.previewAcrossPolicy(request, now, progress.update);
          } else {
            progress.update(0, complaintIds.length);
            const complaints = await planner.previewEach(complaintIds, to, options.reason, now, progress.update);
            preview = { dryRun: true, to: policyReference(to), complaints };
          }
        } finally {
          progress.stop();
        }
        if (options.json) print(JSON.stringify(preview, null, 2));
        else for (const line of describeRecomputePreview(preview)) print(line);
        if (preview.complaints.some((entry) => 'error' in entry)) process.exitCode = SOME_REFUSED_EXIT_CODE;
      });
    });
}

/**
 * What complaints are tracked under now: the shipped policies with the
 * selection rules the API runs with (the selection file given, else
 * SLA_POLICY_SELECTION_FILE). Policy files given are only targets: an edited
 * copy does not change what a complaint is under until it is deployed.
 */
function deployedTracking(given: LoadedPolicyFiles): SlaTrackingOptions {
  const catalog = loadShippedPolicies();
  const selectionFile = given.selections[0]?.file ?? loadConfig(process.env).sla.policySelectionFile;
  return { catalog, selection: loadPolicySelectionFile(selectionFile, catalog) };
}

/** --policy and --policy-version, or the one policy file given. */
function targetOf(given: LoadedPolicyFiles, options: DryRunOptions): { policyId: string; version?: number } {
  if (options.policy !== undefined) return { policyId: options.policy, version: options.policyVersion };
  if (given.policies.length !== 1) {
    throw new Error('give --policy <id>, or exactly one policy file to re-evaluate under');
  }
  const { file, policy } = given.policies[0];
  if (options.policyVersion !== undefined && options.policyVersion !== policy.version) {
    throw new Error(`${file} is version ${policy.version}, not ${options.policyVersion}`);
  }
  return { policyId: policy.id, version: policy.version };
}

/**
 * The bulk form lists complaints from the SLA read model: say so when it has
 * not been built here, and warn when it lags the log (complaints received or
 * moved since are not listed yet). Read-only: nothing is created.
 */
async function requireSlaReadModel(readModels: SqlClient, headPosition: number): Promise<void> {
  const active = await activeSlaGeneration(readModels);
  if (!active) throw new Error(`cannot list the complaints under a policy: ${SLA_READ_MODEL_MISSING}`);
  if (active.position < headPosition) {
    console.error(
      `note: the SLA read model is at log position ${active.position} of ${headPosition}; ` +
        'complaints received or moved since are not listed yet',
    );
  }
}

/** A progress bar on standard error (standard output carries the plan), shown for more than one complaint. */
function progressBar(): { update: RecomputeProgress; stop: () => void } {
  const bar = createProgressBar('dry run', 'complaints');
  const startedAt = performance.now();
  let started = false;
  return {
    update: (done, total) => {
      if (total <= 1) return;
      if (!started) bar.start(total, done, { rate: 0 });
      started = true;
      const seconds = (performance.now() - startedAt) / 1000;
      bar.update(done, { rate: seconds > 0 ? Math.round(done / seconds) : 0 });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

function positiveInteger(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new InvalidArgumentError('must be a whole number from 1');
  return Number(text);
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
