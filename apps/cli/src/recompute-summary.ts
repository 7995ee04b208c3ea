import type { ClockDiff, ClockState, PlannedRecompute, PolicyReference, RefusedRecompute } from '@redress/sla';

/** A dry run's plan: every complaint under a policy (with `from`) or the complaints named. */
export interface RecomputePreview {
  dryRun: boolean;
  from?: { policyId: string; version: number | null };
  to: PolicyReference;
  complaints: (PlannedRecompute<object> | RefusedRecompute)[];
}

const MAX_VALUE_CHARS = 60;

/**
 * The plan as a person reads it: per complaint, the policy it moves from and
 * to and each clock that would be added, removed or changed (field: before
 * -> after); refusals with why; a count at the end.
 */
export function describeRecomputePreview(preview: RecomputePreview): string[] {
  const source = preview.from
    ? `open complaints under ${preview.from.policyId}${preview.from.version === null ? '' : ` v${preview.from.version}`}`
    : `${preview.complaints.length} complaint(s)`;
  const lines = [`dry run: ${source} re-evaluated under ${described(preview.to)}; nothing is written`];
  let changed = 0;
  let refused = 0;
  for (const entry of preview.complaints) {
    if ('error' in entry) {
      refused++;
      lines.push(`${entry.complaintId}: would be refused (${entry.error.code}): ${entry.error.message}`);
      continue;
    }
    const moved = entry.diff.clocks.filter((clock) => clock.change !== 'unchanged');
    if (entry.changed) changed++;
    lines.push(
      `${entry.complaintId}: ${described(entry.diff.from)} -> ${described(entry.diff.to)}: ` +
        (moved.length === 0 ? 'no clock changes' : `${moved.length} of ${entry.diff.clocks.length} clocks change`),
    );
    for (const clock of moved) lines.push(...describeClock(clock));
  }
  const unchanged = preview.complaints.length - changed - refused;
  lines.push(
    `${preview.complaints.length} complaint(s): ${changed} would change, ${unchanged} unchanged, ${refused} refused`,
  );
  return lines;
}

function describeClock(clock: ClockDiff): string[] {
  switch (clock.change) {
    case 'added':
      return [`  + ${clock.clock}: ${stateOf(clock.after as ClockState)}`];
    case 'removed':
      return [`  - ${clock.clock}: was ${stateOf(clock.before as ClockState)}`];
    default:
      return [
        `  ~ ${clock.clock}:`,
        ...clock.changes.map(({ field, before, after }) => `      ${field}: ${shown(before)} -> ${shown(after)}`),
      ];
  }
}

function stateOf(state: ClockState): string {
  return state.dueAt === null ? state.status : `${state.status}, due ${state.dueAt}`;
}

function described(policy: PolicyReference): string {
  return `${policy.policyId} v${policy.version} (${policy.digest.slice(0, 12)})`;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}
