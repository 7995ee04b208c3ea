import { SingleBar } from 'cli-progress';

/** A terminal progress bar with rate and ETA, for long-running management commands; `unit` is what is counted. */
export function createProgressBar(label: string, unit = 'events'): SingleBar {
  return new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate} ${unit}/s | ETA {eta_formatted}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    etaBuffer: 20,
    // Without a terminal (CI, pipes) print a line now and then instead of redrawing.
    noTTYOutput: true,
    notTTYSchedule: 2000,
  });
}
