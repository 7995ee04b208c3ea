import { loadavg } from 'node:os';
import { round } from './latency';

export interface LoadAverageSummary {
  /** The 1-minute load average over the phase: the machine is shared, and other jobs take cores from the benchmark. */
  min: number;
  mean: number;
  max: number;
}

const SAMPLE_EVERY_MS = 2000;

/** Samples the 1-minute load average while `work` runs. */
export async function withLoadAverage<T>(work: () => Promise<T>): Promise<{ result: T; load: LoadAverageSummary }> {
  const samples = [loadavg()[0]];
  const timer = setInterval(() => samples.push(loadavg()[0]), SAMPLE_EVERY_MS);
  try {
    const result = await work();
    samples.push(loadavg()[0]);
    return {
      result,
      load: {
        min: round(Math.min(...samples)),
        mean: round(samples.reduce((sum, sample) => sum + sample, 0) / samples.length),
        max: round(Math.max(...samples)),
      },
    };
  } finally {
    clearInterval(timer);
  }
}
