import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; null once it has gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself hold spaces: utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Processes named `name` (e.g. every PostgreSQL backend and background process). */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * CPU used by a changing set of processes over an interval: each process
 * counts from the first sample that saw it (from zero when it started after
 * the interval began) to the last that did.
 */
export class ProcessCpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  /** `pids` as seen now; `atStart` for the sample that opens the interval. */
  sample(pids: readonly number[], atStart = false): void {
    for (const pid of pids) {
      const seconds = processCpuSeconds(pid);
      if (seconds === null) continue;
      if (!this.first.has(pid)) this.first.set(pid, atStart ? seconds : 0);
      this.last.set(pid, seconds);
    }
  }

  get cpuSeconds(): number {
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.first.get(pid) ?? 0);
    return total;
  }

  get processes(): number {
    return this.last.size;
  }
}
