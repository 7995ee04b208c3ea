/**
 * The items a satisfaction survey can ask, each on the one scale it is always
 * asked on. An item's scale never changes: a question on another scale is a
 * new item, so answers to one item can always be pooled. Every recorded answer
 * still carries its scale (see `SurveyAnswer`), so a response is readable on
 * its own, by auditors and by consumers of the published events.
 *
 * Sources: the six dimensions of 002 §2.1 (complaint guide §4.1, REQ-30) on the
 * Likert 1–5 scale of 002 §2.2 (guide §4.3); CSAT 1–5, NPS 0–10 and CES 1–7
 * (CES 2.0, "made it easy for me", 1 strongly disagree … 7 strongly agree)
 * from regulation-and-helpdesks.md §4.1.
 */

/** The six satisfaction dimensions (服务效率, 服务可靠性, 服务专业性, 服务情感值, 服务后续支持, 客户忠诚度). */
export const SATISFACTION_DIMENSIONS = [
  'EFFICIENCY',
  'RELIABILITY',
  'PROFESSIONALISM',
  'EMOTIONAL',
  'FOLLOW_UP_SUPPORT',
  'LOYALTY',
] as const;
export type SatisfactionDimension = (typeof SATISFACTION_DIMENSIONS)[number];

export const SURVEY_ITEMS = [...SATISFACTION_DIMENSIONS, 'CSAT', 'NPS', 'CES'] as const;
export type SurveyItem = (typeof SURVEY_ITEMS)[number];

export interface AnswerScale {
  min: number;
  max: number;
}

const LIKERT_5: AnswerScale = { min: 1, max: 5 };

export const SURVEY_ITEM_SCALES: Readonly<Record<SurveyItem, AnswerScale>> = {
  EFFICIENCY: LIKERT_5,
  RELIABILITY: LIKERT_5,
  PROFESSIONALISM: LIKERT_5,
  EMOTIONAL: LIKERT_5,
  FOLLOW_UP_SUPPORT: LIKERT_5,
  LOYALTY: LIKERT_5,
  CSAT: LIKERT_5,
  NPS: { min: 0, max: 10 },
  CES: { min: 1, max: 7 },
};

export function isSurveyItem(value: unknown): value is SurveyItem {
  return typeof value === 'string' && (SURVEY_ITEMS as readonly string[]).includes(value);
}
