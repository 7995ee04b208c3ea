import type { Acknowledgement } from './command-load';

/** A committed read-model batch: the checkpoint it reached and when (performance.now()). */
export interface CommitMark {
  position: number;
  at: number;
}

/**
 * For each acknowledged command, how long after its acknowledgement the read
 * model committed a batch that includes its position: the first commit, in
 * checkpoint order, at or past that position. A commit that landed before
 * execute() resolved counts as no lag at all. Acknowledgements no commit
 * covers yet are left out and counted.
 */
export function readModelLags(
  acknowledgements: readonly Acknowledgement[],
  commits: readonly CommitMark[],
): { lagsMs: number[]; uncovered: number } {
  const lagsMs: number[] = [];
  let uncovered = 0;
  for (const ack of acknowledgements) {
    const commit = commits[firstAtOrPast(commits, ack.position)];
    if (commit === undefined) uncovered++;
    else lagsMs.push(Math.max(0, commit.at - ack.at));
  }
  return { lagsMs, uncovered };
}

/** Binary search over commits ascending by position. */
function firstAtOrPast(commits: readonly CommitMark[], position: number): number {
  let low = 0;
  let high = commits.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (commits[middle].position < position) low = middle + 1;
    else high = middle;
  }
  return low;
}
