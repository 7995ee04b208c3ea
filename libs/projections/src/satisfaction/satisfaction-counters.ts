import { SATISFACTION_DIMENSIONS, SURVEY_ITEM_SCALES, type SurveyItem } from '@redress/domain';
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

export interface DayContribution {
  day: string;
  counters: number[];
}

/** The counters one survey adds: its invitation on the sent day, its answers on the response day. */
export function surveyContributions(fact: SurveyFact): DayContribution[] {
  const onSentDay = new Array<number>(SATISFACTION_COUNTERS.length).fill(0);
  const add = (counters: number[], name: string, amount = 1) => (counters[counterIndex(name)] += amount);
  add(onSentDay, 'weight');
  add(onSentDay, 'sent');
  if (!fact.answers || fact.respondedDay === null) return [{ day: fact.sentDay, counters: onSentDay }];
  add(onSentDay, 'responded_of_sent');

  const onResponseDay = fact.respondedDay === fact.sentDay ? onSentDay : new Array<number>(onSentDay.length).fill(0);
  if (onResponseDay !== onSentDay) add(onResponseDay, 'weight');
  add(onResponseDay, 'responses');
  addAnswers(fact.answers, (name, amount) => add(onResponseDay, name, amount));
  return onResponseDay === onSentDay
    ? [{ day: fact.sentDay, counters: onSentDay }]
    : [
        { day: fact.sentDay, counters: onSentDay },
        { day: fact.respondedDay, counters: onResponseDay },
      ];
}

/**
 * CSAT top-2-box: 4 or 5 on 1–5 (regulation-and-helpdesks.md §4.1, REQ-32).
 * NPS: promoters 9–10, detractors 0–6 (Reichheld; complaint guide §4.3, REQ-33).
 */
function addAnswers(answers: Partial<Record<SurveyItem, number>>, add: (name: string, amount?: number) => void): void {
  const { CSAT: csat, NPS: nps, CES: ces } = answers;
  if (csat !== undefined) {
    add('csat_n');
    if (csat >= SURVEY_ITEM_SCALES.CSAT.max - 1) add('csat_top2');
    add('csat_sum', csat);
    add('csat_sumsq', csat * csat);
  }
  if (nps !== undefined) {
    add('nps_n');
    if (nps >= 9) add('nps_promoters');
    if (nps <= 6) add('nps_detractors');
  }
  if (ces !== undefined) {
    add('ces_n');
    add('ces_sum', ces);
    add('ces_sumsq', ces * ces);
  }
  for (const dimension of SATISFACTION_DIMENSIONS) {
    const value = answers[dimension];
    if (value === undefined) continue;
    add(dimensionCounter(dimension, 'n'));
    add(dimensionCounter(dimension, 'sum'), value);
    add(dimensionCounter(dimension, 'sumsq'), value * value);
  }
  if (SATISFACTION_DIMENSIONS.every((d) => answers[d] !== undefined)) {
    const above = (d: string) => (answers[d as SurveyItem] as number) - SURVEY_ITEM_SCALES[d as SurveyItem].min;
    add('csi_n');
    for (const dimension of SATISFACTION_DIMENSIONS) add(csiSumCounter(dimension), above(dimension));
    for (const [d, e] of DIMENSION_PAIRS) add(csiCrossCounter(d, e), above(d) * above(e));
  }
}

/** The segment rows a survey counts in: the total, and its value on every segmentation dimension. */
export function segmentKeysOf(fact: SurveyFact): { dimension: string; value: string }[] {
  return [
    { dimension: ALL_SEGMENT, value: '' },
    ...COMPLAINT_SEGMENT_DIMENSIONS.map((dimension) => ({ dimension, value: fact.segments[dimension] ?? '' })),
    { dimension: 'surveyChannel', value: fact.surveyChannel },
    { dimension: 'questionnaire', value: fact.questionnaire },
  ];
}

export interface CounterRow {
  day: string;
  dimension: string;
  value: string;
  counters: number[];
}

/** Accumulates the changes of a batch per (day, segment) row, so a batch ends in one additive upsert. */
export class CounterDeltas {
  private readonly rows = new Map<string, CounterRow>();

  add(fact: SurveyFact, sign: 1 | -1): void {
    const keys = segmentKeysOf(fact);
    for (const { day, counters } of surveyContributions(fact)) {
      for (const { dimension, value } of keys) {
        const key = `${day}|${dimension}|${value}`;
        let row = this.rows.get(key);
        if (!row) {
          row = { day, dimension, value, counters: new Array<number>(counters.length).fill(0) };
          this.rows.set(key, row);
        }
        for (let i = 0; i < counters.length; i++) row.counters[i] += sign * counters[i];
      }
    }
  }

  /** The rows whose counters changed at all (a change that cancels out in the batch writes nothing). */
  changed(): CounterRow[] {
    return [...this.rows.values()].filter((row) => row.counters.some((c) => c !== 0));
  }
}
