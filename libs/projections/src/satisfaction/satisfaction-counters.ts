import {
  SATISFACTION_DIMENSIONS,
  SURVEY_ITEM_SCALES,
  type SatisfactionDimension,
  type SurveyItem,
} from '@redress/domain';
import { COMPLAINT_SEGMENT_DIMENSIONS, type ComplaintSegments } from './complaint-segments';

/**
 * The satisfaction read model stores, per local day and segment, only sums
 * that add up: counts and integer sums of answers, their squares and (for
 * the composite index) their cross-products. Every figure of any window is
 * then a sum over days followed by a formula, exact and independent of the
 * order events were applied in — which is what makes a rebuild reproduce
 * the live figures exactly, and a late or changed response a plain
 * "subtract the old contribution, add the new one".
 */
/** Counter names of a dimension start with its lower-case name, e.g. `efficiency_sum`. */
export const dimensionKey = (dimension: string) => dimension.toLowerCase();

/** Pairs (d, e) with d ≤ e of the six dimensions: the 21 cross-product sums of the CSI variance. */
export const DIMENSION_PAIRS: readonly [string, string][] = SATISFACTION_DIMENSIONS.flatMap((d, i) =>
  SATISFACTION_DIMENSIONS.slice(i).map((e) => [d, e] as [string, string]),
);

export const SATISFACTION_COUNTERS: readonly string[] = [
  /** Contributions to the row; a row back at 0 is deleted, so live and rebuilt tables hold the same rows. */
  'weight',
  /** By the day the invitation was sent: invitations, and how many of them have been answered. */
  'sent',
  'responded_of_sent',
  /** By the day of the response. */
  'responses',
  'csat_n',
  'csat_top2',
  'csat_sum',
  'csat_sumsq',
  'nps_n',
  'nps_promoters',
  'nps_detractors',
  'ces_n',
  'ces_sum',
  'ces_sumsq',
  ...SATISFACTION_DIMENSIONS.flatMap((d) => [
    `${dimensionKey(d)}_n`,
    `${dimensionKey(d)}_sum`,
    `${dimensionKey(d)}_sumsq`,
  ]),
  /** Responses that rated all six dimensions, with sums of (x − min) and of their pairwise products. */
  'csi_n',
  ...SATISFACTION_DIMENSIONS.map((d) => `csi_${dimensionKey(d)}`),
  ...DIMENSION_PAIRS.map(([d, e]) => `csi_${dimensionKey(d)}_x_${dimensionKey(e)}`),
];

const INDEX = new Map(SATISFACTION_COUNTERS.map((name, index) => [name, index]));

/** Position of a counter in a counter vector. */
export function counterIndex(name: string): number {
  const index = INDEX.get(name);
  if (index === undefined) throw new Error(`no satisfaction counter ${name}`);
  return index;
}

export const dimensionCounter = (dimension: string, suffix: 'n' | 'sum' | 'sumsq') =>
  `${dimensionKey(dimension)}_${suffix}`;
export const csiSumCounter = (dimension: string) => `csi_${dimensionKey(dimension)}`;
export const csiCrossCounter = (d: string, e: string) => `csi_${dimensionKey(d)}_x_${dimensionKey(e)}`;

/** The satisfaction segments: the complaint's, plus how the survey was sent and which questionnaire it was. */
export const SATISFACTION_SEGMENT_DIMENSIONS = [
  ...COMPLAINT_SEGMENT_DIMENSIONS,
  'surveyChannel',
  'questionnaire',
] as const;
export type SatisfactionSegmentDimension = (typeof SATISFACTION_SEGMENT_DIMENSIONS)[number];

/** The dimension of the row that totals everything (no segmentation). */
export const ALL_SEGMENT = 'all';

/** What the read model remembers of one survey: enough to take its contribution back out. */
export interface SurveyFact {
  surveyId: string;
  questionnaire: string;
  /** The channel the survey was sent on: response rates per channel judge representativeness. */
  surveyChannel: string;
  sentDay: string;
  respondedDay: string | null;
  segments: ComplaintSegments;
  answers: Partial<Record<SurveyItem, number>> | null;
}

/** Counter positions worked out once: a rebuild adds millions of contributions. */
const AT = {
  weight: counterIndex('weight'),
  sent: counterIndex('sent'),
  respondedOfSent: counterIndex('responded_of_sent'),
  responses: counterIndex('responses'),
  csatN: counterIndex('csat_n'),
  csatTop2: counterIndex('csat_top2'),
  csatSum: counterIndex('csat_sum'),
  csatSumsq: counterIndex('csat_sumsq'),
  npsN: counterIndex('nps_n'),
  npsPromoters: counterIndex('nps_promoters'),
  npsDetractors: counterIndex('nps_detractors'),
  cesN: counterIndex('ces_n'),
  cesSum: counterIndex('ces_sum'),
  cesSumsq: counterIndex('ces_sumsq'),
  csiN: counterIndex('csi_n'),
};
const DIMENSIONS_AT = SATISFACTION_DIMENSIONS.map((dimension) => ({
  dimension,
  n: counterIndex(dimensionCounter(dimension, 'n')),
  sum: counterIndex(dimensionCounter(dimension, 'sum')),
  sumsq: counterIndex(dimensionCounter(dimension, 'sumsq')),
  csiSum: counterIndex(csiSumCounter(dimension)),
  min: SURVEY_ITEM_SCALES[dimension].min,
}));
const PAIRS_AT = DIMENSION_PAIRS.map(([d, e]) => ({
  d: SATISFACTION_DIMENSIONS.indexOf(d as SatisfactionDimension),
  e: SATISFACTION_DIMENSIONS.indexOf(e as SatisfactionDimension),
  at: counterIndex(csiCrossCounter(d, e)),
}));

/**
 * The counters one survey adds: its invitation on the sent day, its answers
 * on the response day. Written into the caller's zeroed vectors (a rebuild
 * adds millions of contributions, and allocates none for them); returns the
 * day `onResponseDay` holds counters for, or null when the sent day holds them all.
 */
function addSurveyContribution(fact: SurveyFact, onSentDay: Float64Array, onResponseDay: Float64Array): string | null {
  onSentDay[AT.weight] = 1;
  onSentDay[AT.sent] = 1;
  if (!fact.answers || fact.respondedDay === null) return null;
  onSentDay[AT.respondedOfSent] = 1;
  if (fact.respondedDay === fact.sentDay) {
    addAnswers(fact.answers, onSentDay);
    return null;
  }
  onResponseDay[AT.weight] = 1;
  addAnswers(fact.answers, onResponseDay);
  return fact.respondedDay;
}

/**
 * CSAT top-2-box: 4 or 5 on 1–5 (regulation-and-helpdesks.md §4.1, REQ-32).
 * NPS: promoters 9–10, detractors 0–6 (Reichheld; complaint guide §4.3, REQ-33).
 */
function addAnswers(answers: Partial<Record<SurveyItem, number>>, counters: Float64Array): void {
  counters[AT.responses] += 1;
  const { CSAT: csat, NPS: nps, CES: ces } = answers;
  if (csat !== undefined) {
    counters[AT.csatN] += 1;
    if (csat >= SURVEY_ITEM_SCALES.CSAT.max - 1) counters[AT.csatTop2] += 1;
    counters[AT.csatSum] += csat;
    counters[AT.csatSumsq] += csat * csat;
  }
  if (nps !== undefined) {
    counters[AT.npsN] += 1;
    if (nps >= 9) counters[AT.npsPromoters] += 1;
    if (nps <= 6) counters[AT.npsDetractors] += 1;
  }
  if (ces !== undefined) {
    counters[AT.cesN] += 1;
    counters[AT.cesSum] += ces;
    counters[AT.cesSumsq] += ces * ces;
  }
  let rated = 0;
  for (const { dimension, n, sum, sumsq } of DIMENSIONS_AT) {
    const value = answers[dimension];
    if (value === undefined) continue;
    rated++;
    counters[n] += 1;
    counters[sum] += value;
    counters[sumsq] += value * value;
  }
  if (rated < DIMENSIONS_AT.length) return;
  // Responses that rated all six dimensions: sums of (x − min) and of their pairwise products.
  const above = ABOVE_MIN;
  for (let i = 0; i < DIMENSIONS_AT.length; i++) {
    const { dimension, min, csiSum } = DIMENSIONS_AT[i];
    above[i] = (answers[dimension] as number) - min;
    counters[csiSum] += above[i];
  }
  counters[AT.csiN] += 1;
  for (const { d, e, at } of PAIRS_AT) counters[at] += above[d] * above[e];
}

/** addAnswers' scratch for one response's (x − min) per dimension. */
const ABOVE_MIN = new Float64Array(SATISFACTION_DIMENSIONS.length);

/** The segmentation dimensions of the counter rows: the total first, then every segment dimension. */
export const COUNTER_ROW_DIMENSIONS: readonly string[] = [ALL_SEGMENT, ...SATISFACTION_SEGMENT_DIMENSIONS];

/** Writes a survey's value on each of COUNTER_ROW_DIMENSIONS into `values` ('' for the total, and where it has none). */
function segmentValuesInto(fact: SurveyFact, values: string[]): void {
  values[0] = '';
  for (let i = 0; i < COMPLAINT_SEGMENT_DIMENSIONS.length; i++) {
    values[i + 1] = fact.segments[COMPLAINT_SEGMENT_DIMENSIONS[i]] ?? '';
  }
  values[COMPLAINT_SEGMENT_DIMENSIONS.length + 1] = fact.surveyChannel;
  values[COMPLAINT_SEGMENT_DIMENSIONS.length + 2] = fact.questionnaire;
}

export interface CounterRow {
  day: string;
  dimension: string;
  value: string;
  counters: Float64Array;
}

/** Accumulates the changes of a batch per (day, segment) row, so a batch ends in one additive upsert. */
export class CounterDeltas {
  /** Rows by day, then by dimension (COUNTER_ROW_DIMENSIONS order), then by value. */
  private readonly days = new Map<string, Map<string, CounterRow>[]>();
  /** Scratch of one `add`, reused for every survey: the contribution's two days, and its segment values. */
  private readonly onSentDay = new Float64Array(SATISFACTION_COUNTERS.length);
  private readonly onResponseDay = new Float64Array(SATISFACTION_COUNTERS.length);
  private readonly moved = new Int32Array(SATISFACTION_COUNTERS.length);
  private readonly values = new Array<string>(COUNTER_ROW_DIMENSIONS.length).fill('');

  add(fact: SurveyFact, sign: 1 | -1): void {
    segmentValuesInto(fact, this.values);
    this.onSentDay.fill(0);
    const responseDay = addSurveyContribution(fact, this.onSentDay, this.onResponseDay.fill(0));
    this.addToRows(fact.sentDay, this.onSentDay, sign);
    if (responseDay !== null) this.addToRows(responseDay, this.onResponseDay, sign);
  }

  /** Adds `counters` times `sign` to the row of `day` of every dimension at the segment values in scratch. */
  private addToRows(day: string, counters: Float64Array, sign: 1 | -1): void {
    // The counters this contribution moves, found once for the row of every dimension.
    const moved = this.moved;
    let movedCount = 0;
    for (let i = 0; i < counters.length; i++) if (counters[i] !== 0) moved[movedCount++] = i;
    let dimensions = this.days.get(day);
    if (!dimensions) this.days.set(day, (dimensions = COUNTER_ROW_DIMENSIONS.map(() => new Map())));
    const values = this.values;
    for (let d = 0; d < values.length; d++) {
      const value = values[d];
      let row = dimensions[d].get(value);
      if (!row) {
        row = { day, dimension: COUNTER_ROW_DIMENSIONS[d], value, counters: new Float64Array(counters.length) };
        dimensions[d].set(value, row);
      }
      const sums = row.counters;
      for (let m = 0; m < movedCount; m++) {
        const i = moved[m];
        sums[i] += sign * counters[i];
      }
    }
  }
  /** The rows whose counters changed at all (a change that cancels out in the batch writes nothing). */
  changed(): CounterRow[] {
    const changed: CounterRow[] = [];
    for (const dimensions of this.days.values()) {
      for (const rows of dimensions) {
        for (const row of rows.values()) if (row.counters.some((c) => c !== 0)) changed.push(row);
      }
    }
    return changed;
  }
}
