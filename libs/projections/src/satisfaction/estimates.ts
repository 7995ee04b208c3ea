import { meanInterval, wilsonInterval, type Interval } from './confidence-intervals';

/** A published number with what is needed to judge it (regulation-and-helpdesks.md §4.3 rule 5). */
export interface Estimate {
  /** The estimate; null when there is no sample. */
  value: number | null;
  /** How many observations it rests on. */
  n: number;
  /** 95 % confidence interval; null when it cannot be estimated (n = 0, or n = 1 for a mean). */
  ci95: Interval | null;
  minimumN: number;
  /** n below the configured minimum: show greyed out or suppress. */
  lowSample: boolean;
}

export function estimate(value: number | null, n: number, ci95: Interval | null, minimumN: number): Estimate {
  return { value, n, ci95, minimumN, lowSample: n < minimumN };
}

/** A proportion in % with its Wilson interval. */
export function percentEstimate(successes: number, n: number, minimumN: number): Estimate {
  const interval = wilsonInterval(successes, n);
  const percent = interval && { low: 100 * interval.low, high: 100 * interval.high };
  return estimate(n > 0 ? (100 * successes) / n : null, n, percent, minimumN);
}

/** A mean with its Student-t interval, from n, Σx and Σx². */
export function meanEstimate(n: number, sum: number, sumOfSquares: number, minimumN: number): Estimate {
  const mean = meanInterval(n, sum, sumOfSquares);
  return estimate(mean?.mean ?? null, n, mean?.interval ?? null, minimumN);
}
