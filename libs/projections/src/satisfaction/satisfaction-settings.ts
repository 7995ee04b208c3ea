import { SATISFACTION_DIMENSIONS, type SatisfactionDimension } from '@redress/domain';

/** The configurable parts of the satisfaction figures. */
export interface SatisfactionSettings {
  /**
   * Zone of the local days figures are bucketed by. The projection buckets
   * responses by it, so a change needs a rebuild (bump nothing: rebuild with
   * the new setting into a new generation).
   */
  timeZone: string;
  /**
   * Below these sample sizes a figure is flagged `lowSample`: 30 responses for
   * CSAT-like figures and 100 for NPS (regulation-and-helpdesks.md §4.3 rule 5).
   */
  minimumSample: { csat: number; nps: number; ces: number; csi: number; dimension: number; responseRate: number };
  /** Weights of the six dimensions in the CSI; equal by default (REQ-31). Normalised to sum 1. */
  csiWeights: Record<SatisfactionDimension, number>;
}

export const DEFAULT_SATISFACTION_SETTINGS: SatisfactionSettings = {
  timeZone: 'UTC',
  minimumSample: { csat: 30, nps: 100, ces: 30, csi: 30, dimension: 30, responseRate: 30 },
  csiWeights: Object.fromEntries(SATISFACTION_DIMENSIONS.map((d) => [d, 1])) as Record<SatisfactionDimension, number>,
};

/** Settings with overrides, the CSI weights checked (non-negative, not all zero) and normalised. */
export function satisfactionSettings(overrides: Partial<SatisfactionSettings> = {}): SatisfactionSettings {
  const settings = {
    ...DEFAULT_SATISFACTION_SETTINGS,
    ...overrides,
    minimumSample: { ...DEFAULT_SATISFACTION_SETTINGS.minimumSample, ...overrides.minimumSample },
  };
  const weights = { ...DEFAULT_SATISFACTION_SETTINGS.csiWeights, ...overrides.csiWeights };
  const total = SATISFACTION_DIMENSIONS.reduce((sum, d) => sum + weights[d], 0);
  if (SATISFACTION_DIMENSIONS.some((d) => !(weights[d] >= 0)) || !(total > 0)) {
    throw new RangeError('CSI weights must be non-negative numbers, not all zero');
  }
  const normalised = Object.fromEntries(SATISFACTION_DIMENSIONS.map((d) => [d, weights[d] / total]));
  return { ...settings, csiWeights: normalised as Record<SatisfactionDimension, number> };
}
