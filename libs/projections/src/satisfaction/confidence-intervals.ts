import { studentT975, Z_975 } from './student-t';

/**
 * 95 % confidence intervals for the figures of the satisfaction and KPI read
 * models (regulation-and-helpdesks.md §4.1 and §4.3 rule 5). Each works from
 * counts and integer sums, never from averages of averages (§4.3 rule 2).
 */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion (Wilson 1927; the CSAT interval of
 * regulation-and-helpdesks.md §4.1): unlike the Wald interval it stays inside
 * [0, 1] and keeps a useful width at p̂ = 0 or 1 and for small n.
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half = z·√(p̂(1−p̂)/n + z²/4n²) / (1 + z²/n)
 */
export function wilsonInterval(successes: number, n: number, z = Z_975): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface MeanEstimate {
  mean: number;
  /** Sample standard deviation (n − 1 denominator); null for n = 1. */
  sd: number | null;
  /** x̄ ± t₀.₉₇₅,ₙ₋₁ · s/√n; null when n < 2, where no spread can be estimated. */
  interval: Interval | null;
}

/** Mean with a Student-t interval, from n, Σx and Σx² (exact for integer answers). */
export function meanInterval(n: number, sum: number, sumOfSquares: number): MeanEstimate | null {
  if (n <= 0) return null;
  const mean = sum / n;
  if (n === 1) return { mean, sd: null, interval: null };
  const variance = Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1));
  return intervalAround(mean, variance, n);
}

/** The Student-t interval around a mean whose per-observation sample variance is `variance`. */
export function intervalAround(mean: number, variance: number, n: number): MeanEstimate {
  const sd = Math.sqrt(variance);
  const half = studentT975(n - 1) * (sd / Math.sqrt(n));
  return { mean, sd, interval: { low: mean - half, high: mean + half } };
}

/**
 * Net Promoter Score on −100…100 with its normal-approximation interval: the
 * score is a difference of two proportions of one multinomial sample, so
 *   var(p₊ − p₋) = (p₊ + p₋ − (p₊ − p₋)²) / n      (regulation-and-helpdesks.md §4.1)
 * and NPS ± z·100·√var. At the extremes (all promoters or all detractors) the
 * variance is 0 and the interval collapses to the point; the minimum-n flag
 * is what warns about such a small sample.
 */
export function npsInterval(
  promoters: number,
  detractors: number,
  n: number,
): { nps: number; interval: Interval } | null {
  if (n <= 0) return null;
  const [pPro, pDet] = [promoters / n, detractors / n];
  const difference = pPro - pDet;
  const variance = Math.max(0, (pPro + pDet - difference * difference) / n);
  const half = Z_975 * 100 * Math.sqrt(variance);
  const nps = 100 * difference;
  return { nps, interval: { low: Math.max(-100, nps - half), high: Math.min(100, nps + half) } };
}
