/**
 * Quantiles of Student's t distribution, for confidence intervals of means
 * from small samples. Exact to ~1e-10: the t CDF through the regularised
 * incomplete beta function (continued fraction, Numerical Recipes §6.4),
 * inverted by bisection for df ≤ 1000, and the Cornish–Fisher expansion
 * (Abramowitz & Stegun 26.7.5) beyond, where it agrees to better than 1e-9.
 */

/** The standard normal quantile for a two-sided 95 % interval, Φ⁻¹(0.975). */
export const Z_975 = 1.959963984540054;

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = 0.99999999999980993;
  LANCZOS.forEach((c, i) => (sum += c / (shifted + i + 1)));
  const t = shifted + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    for (const numerator of [
      (m * (b - m) * x) / ((a + m2 - 1) * (a + m2)),
      (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1)),
    ]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      c = Math.abs(c) < tiny ? tiny : c;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(x, a, b)) / a
    : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T ≤ t) for t ≥ 0 with `df` degrees of freedom. */
function upperHalfCdf(t: number, df: number): number {
  return 1 - 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

function cornishFisher(z: number, df: number): number {
  const [z3, z5, z7, z9] = [z ** 3, z ** 5, z ** 7, z ** 9];
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

const cache = new Map<number, number>();

/** t such that P(T ≤ t) = 0.975 with `df` degrees of freedom: the multiplier of a 95 % two-sided interval. */
export function studentT975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, not ${df}`);
  const known = cache.get(df);
  if (known !== undefined) return known;
  let quantile: number;
  if (df > 1000) quantile = cornishFisher(Z_975, df);
  else {
    let [low, high] = [0, 100];
    for (let i = 0; i < 200 && high - low > 1e-13; i++) {
      const middle = (low + high) / 2;
      if (upperHalfCdf(middle, df) < 0.975) low = middle;
      else high = middle;
    }
    quantile = (low + high) / 2;
  }
  if (cache.size < 10_000) cache.set(df, quantile);
  return quantile;
}
