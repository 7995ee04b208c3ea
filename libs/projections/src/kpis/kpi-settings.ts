import type { ComplaintSegmentDimension } from '../satisfaction/complaint-segments';

/**
 * What the complaint rate divides by (REQ-34: "complaints / active customers
 * or orders, denominator configurable"), e.g. 120 000 active customers per
 * 10 000 (the ASIC benchmark unit, regulation-and-helpdesks.md §4.1). A
 * segment without its own figure has no rate: dividing a segment's complaints
 * by the whole customer base would understate it.
 */
export interface ComplaintRateDenominator {
  /** What is counted, e.g. "active customers". */
  label: string;
  /** The rate is complaints per this many units, e.g. 10 000. */
  per: number;
  total: number;
  bySegment?: Partial<Record<ComplaintSegmentDimension, Record<string, number>>>;
}

export interface KpiSettings {
  /** Zone of the local days windows are made of; any zone works, the facts keep instants. */
  timeZone: string;
  denominator: ComplaintRateDenominator | null;
  /** A complaint is a repeat when the customer complained in the same category this many days before (002 §5.3). */
  repeatWindowDays: number;
  /** Below this n a rate or a time is flagged `lowSample` (regulation-and-helpdesks.md §4.3 rule 5). */
  minimumSample: number;
}

export const DEFAULT_KPI_SETTINGS: KpiSettings = {
  timeZone: 'UTC',
  denominator: null,
  repeatWindowDays: 30,
  minimumSample: 30,
};

/** The denominator of a group: the segment's own figure, or the total for the unsegmented group. */
export function denominatorFor(
  denominator: ComplaintRateDenominator | null,
  segment: { dimension: ComplaintSegmentDimension; value: string | null } | null,
): number | null {
  if (!denominator) return null;
  if (!segment) return denominator.total;
  if (segment.value === null) return null;
  return denominator.bySegment?.[segment.dimension]?.[segment.value] ?? null;
}
