import { SATISFACTION_DIMENSIONS, SURVEY_ITEM_SCALES, type SatisfactionDimension } from '@redress/domain';
import { intervalAround, npsInterval } from './confidence-intervals';
import { estimate, meanEstimate, percentEstimate, type Estimate } from './estimates';
import { counterIndex, csiCrossCounter, csiSumCounter, dimensionKey, DIMENSION_PAIRS } from './satisfaction-counters';
import type { SatisfactionSettings } from './satisfaction-settings';

/** A satisfaction figure: an estimate that also carries the response rate behind it. */
export interface Figure extends Estimate {
  /** Share of the invitations sent in the window and segment that were answered, in %. */
  responseRate: number | null;
}

export interface SatisfactionFigures {
  /** Invitations sent in the window, and how many are answered (value in %, n = invitations). */
  responseRate: Figure & { sent: number; responded: number };
  /** Responses recorded for the window (by response day). */
  responses: number;
  /** % of CSAT answers of 4 or 5 (REQ-32). */
  csatTop2Box: Figure;
  /** Mean CSAT on 1–5. */
  csatMean: Figure;
  /** %promoters − %detractors on −100…100 (REQ-33). */
  nps: Figure & { promoters: number; passives: number; detractors: number };
  /** Mean customer effort on 1–7 (CES 2.0: higher is easier). */
  cesMean: Figure;
  /** Composite satisfaction index on 0–100 (REQ-31) over responses that rated all six dimensions. */
  csi: Figure & { weights: Record<SatisfactionDimension, number> };
  /** Mean of each dimension on 1–5. */
  dimensions: Record<SatisfactionDimension, Figure>;
}

/** The figures of a window and segment from its summed counters. */
export function satisfactionFigures(counters: readonly number[], settings: SatisfactionSettings): SatisfactionFigures {
  const c = (name: string) => counters[counterIndex(name)];
  const minimum = settings.minimumSample;
  const [sent, responded] = [c('sent'), c('responded_of_sent')];
  const rate = percentEstimate(responded, sent, minimum.responseRate);
  const withRate = (figure: Estimate): Figure => ({ ...figure, responseRate: rate.value });
  const mean = (prefix: string, minimumN: number) =>
    withRate(meanEstimate(c(`${prefix}_n`), c(`${prefix}_sum`), c(`${prefix}_sumsq`), minimumN));
  const npsN = c('nps_n');
  const nps = npsInterval(c('nps_promoters'), c('nps_detractors'), npsN);
  return {
    responseRate: { ...withRate(rate), sent, responded },
    responses: c('responses'),
    csatTop2Box: withRate(percentEstimate(c('csat_top2'), c('csat_n'), minimum.csat)),
    csatMean: mean('csat', minimum.csat),
    nps: {
      ...withRate(estimate(nps?.nps ?? null, npsN, nps?.interval ?? null, minimum.nps)),
      promoters: c('nps_promoters'),
      passives: npsN - c('nps_promoters') - c('nps_detractors'),
      detractors: c('nps_detractors'),
    },
    cesMean: mean('ces', minimum.ces),
    csi: { ...withRate(csi(counters, settings)), weights: settings.csiWeights },
    dimensions: Object.fromEntries(
      SATISFACTION_DIMENSIONS.map((d) => [d, mean(dimensionKey(d), minimum.dimension)]),
    ) as Record<SatisfactionDimension, Figure>,
  };
}

/**
 * CSI on 0–100: each complete response scores CSIᵢ = 100·Σ_d w_d·(x_d − min_d)/(max_d − min_d),
 * the weighted dimension scores normalised to 0–100 (REQ-31, the ACSI form
 * 100·Σwᵢ(x̄ᵢ − 1)/9 of regulation-and-helpdesks.md §4.2 on 1–5 scales).
 * The mean is Σ_d a_d·S_d / n with a_d = 100·w_d/range_d, and the sample
 * variance of CSIᵢ is Σ_d Σ_e a_d·a_e·cov(d, e), each covariance from the
 * stored sums and cross-products — so weights can change without a rebuild
 * and the interval accounts for how the dimensions move together.
 */
function csi(counters: readonly number[], settings: SatisfactionSettings): Estimate {
  const c = (name: string) => counters[counterIndex(name)];
  const n = c('csi_n');
  const minimumN = settings.minimumSample.csi;
  if (n === 0) return estimate(null, 0, null, minimumN);
  const a = (d: string) =>
    (100 * settings.csiWeights[d as SatisfactionDimension]) /
    (SURVEY_ITEM_SCALES[d as SatisfactionDimension].max - SURVEY_ITEM_SCALES[d as SatisfactionDimension].min);
  const mean = SATISFACTION_DIMENSIONS.reduce((sum, d) => sum + a(d) * c(csiSumCounter(d)), 0) / n;
  if (n === 1) return estimate(mean, 1, null, minimumN);
  let variance = 0;
  for (const [d, e] of DIMENSION_PAIRS) {
    const covariance = (c(csiCrossCounter(d, e)) - (c(csiSumCounter(d)) * c(csiSumCounter(e))) / n) / (n - 1);
    variance += (d === e ? 1 : 2) * a(d) * a(e) * covariance;
  }
  return estimate(mean, n, intervalAround(mean, Math.max(0, variance), n).interval, minimumN);
}
