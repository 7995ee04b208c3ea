import { meanInterval, npsInterval, studentT975, wilsonInterval, Z_975 } from '../src/satisfaction';

describe('Student t quantile t₀.₉₇₅', () => {
  // Reference values: any t table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), to 6 decimals.
  it.each([
    [1, 12.706205],
    [2, 4.302653],
    [4, 2.776445],
    [9, 2.262157],
    [29, 2.04523],
    [30, 2.042272],
    [100, 1.983972],
    [1000, 1.962339],
  ])('df = %i → %f', (df, expected) => {
    expect(studentT975(df)).toBeCloseTo(expected, 5);
  });

  it('joins the series expansion smoothly above df = 1000 and tends to z = 1.959964', () => {
    expect(studentT975(1001)).toBeLessThan(studentT975(1000));
    expect(studentT975(1000) - studentT975(1001)).toBeLessThan(3e-6);
    expect(studentT975(1_000_000)).toBeCloseTo(Z_975, 5);
  });

  it('refuses degrees of freedom that are not positive integers', () => {
    expect(() => studentT975(0)).toThrow(RangeError);
    expect(() => studentT975(2.5)).toThrow(RangeError);
  });
});

describe('Wilson interval', () => {
  it('8 of 10: [0.4902, 0.9433]', () => {
    // p̂ = 0.8, z² = 3.841459, 1 + z²/n = 1.3841459
    // centre = (0.8 + 0.1920729) / 1.3841459 = 0.7167402
    // half   = 1.959964·√(0.016 + 0.0096036) / 1.3841459 = 0.2265777
    const interval = wilsonInterval(8, 10)!;
    expect(interval.low).toBeCloseTo(0.490162, 5);
    expect(interval.high).toBeCloseTo(0.943318, 5);
  });

  it('keeps a width at p̂ = 1 (all top-box), unlike a Wald interval: 5 of 5 → [0.5655, 1]', () => {
    // centre = (1 + 0.3841459) / 1.7682918 = 0.7827588; half = 1.959964·√(0.0384146) / 1.7682918 = 0.2172412
    const interval = wilsonInterval(5, 5)!;
    expect(interval.low).toBeCloseTo(0.565518, 5);
    expect(interval.high).toBe(1);
  });

  it('has no interval for n = 0', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('mean with a t interval', () => {
  it('answers 3, 4, 4, 5, 3 → 3.8 ± 1.0386', () => {
    // n = 5, Σx = 19, Σx² = 75; s² = (75 − 19²/5)/4 = 2.8/4 = 0.7, s = 0.836660
    // half = t₀.₉₇₅,₄ · s/√5 = 2.776445 · 0.374166 = 1.038850
    const estimate = meanInterval(5, 19, 75)!;
    expect(estimate.mean).toBeCloseTo(3.8, 10);
    expect(estimate.sd).toBeCloseTo(0.83666, 5);
    expect(estimate.interval!.low).toBeCloseTo(2.76115, 4);
    expect(estimate.interval!.high).toBeCloseTo(4.83885, 4);
  });

  it('has a mean but no interval for n = 1, and nothing for n = 0', () => {
    expect(meanInterval(1, 4, 16)).toEqual({ mean: 4, sd: null, interval: null });
    expect(meanInterval(0, 0, 0)).toBeNull();
  });

  it('gives a zero-width interval when every answer is the same', () => {
    expect(meanInterval(4, 20, 100)).toEqual({ mean: 5, sd: 0, interval: { low: 5, high: 5 } });
  });
});

describe('NPS interval', () => {
  it('5 promoters, 3 passives, 2 detractors of 10: NPS 30 ± 48.41', () => {
    // p₊ = 0.5, p₋ = 0.2; var = (0.5 + 0.2 − 0.3²)/10 = 0.061; half = 1.959964·100·√0.061 = 48.40754
    const result = npsInterval(5, 2, 10)!;
    expect(result.nps).toBeCloseTo(30, 10);
    expect(result.interval.low).toBeCloseTo(-18.40754, 4);
    expect(result.interval.high).toBeCloseTo(78.40754, 4);
  });

  it('all promoters: NPS 100, and the interval collapses to the point (variance 1 + 0 − 1² = 0)', () => {
    expect(npsInterval(7, 0, 7)).toEqual({ nps: 100, interval: { low: 100, high: 100 } });
  });

  it('clips the interval to −100…100 and has nothing for n = 0', () => {
    // 1 promoter, 0 detractors of 2: NPS 50, var = (0.5 − 0.25)/2 = 0.125, half = 69.29 → high clipped to 100
    expect(npsInterval(1, 0, 2)!.interval.high).toBe(100);
    expect(npsInterval(0, 0, 0)).toBeNull();
  });
});
