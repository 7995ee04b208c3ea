import { SURVEY_ITEMS, type SurveyItem } from '@redress/domain';
import { COMPLAINT_SEGMENT_DIMENSIONS, type ComplaintSegments } from './complaint-segments';
import { SATISFACTION_COUNTERS, type CounterRow, type SurveyFact } from './satisfaction-counters';
import { sqlArrayLiteral } from '../sql-array-literal';
import { binaryBigintArray } from './binary-bigint-array';
import type { ColumnValues, TableSpec } from './sql-table';

/** The satisfaction read model's tables (logical names; the runtime adds the generation). */
export const SATISFACTION_TABLES = {
  complaints: 'satisfaction_complaints',
  surveys: 'satisfaction_surveys',
  daily: 'satisfaction_daily',
} as const;

/** The segment columns every per-complaint table of these read models carries, in COMPLAINT_SEGMENT_DIMENSIONS order. */
export const SEGMENT_COLUMNS = [
  ['category', 'TEXT'],
  ['channel', 'TEXT'],
  ['customer_tier', 'TEXT'],
  ['department', 'TEXT'],
  ['agent', 'TEXT'],
  ['grade', 'TEXT'],
] as const;

type SegmentColumns = { category: string | null; channel: string | null; customer_tier: string | null } & {
  department: string | null;
  agent: string | null;
  grade: string | null;
};

/** The segments of each complaint, as this read model last saw them. */
export interface ComplaintSegmentsRow extends SegmentColumns {
  complaint_id: string;
  last_position: number;
}

export const COMPLAINT_SEGMENTS_SPEC: TableSpec<ComplaintSegmentsRow> = {
  columns: [['complaint_id', 'TEXT'], ...SEGMENT_COLUMNS, ['last_position', 'BIGINT']],
  key: ['complaint_id'],
};

/**
 * One row per survey: what it counted in, so its contribution can be taken
 * back out when it changes. Segments and answers are arrays (in
 * COMPLAINT_SEGMENT_DIMENSIONS and SURVEY_ITEMS order) to keep rebuild writes small.
 */
export interface SurveyRow {
  survey_id: string;
  questionnaire: string;
  survey_channel: string;
  subject_complaint_id: string | null;
  subject_customer_tier: string | null;
  sent_day: string;
  responded_day: string | null;
  segments: (string | null)[];
  /** null before the response; else one value per SURVEY_ITEMS entry, null where not answered. */
  answers: (number | null)[] | null;
  last_position: number;
}

export const SURVEYS_SPEC: TableSpec<SurveyRow> = {
  columns: [
    ['survey_id', 'TEXT'],
    ['questionnaire', 'TEXT'],
    ['survey_channel', 'TEXT'],
    ['subject_complaint_id', 'TEXT'],
    ['subject_customer_tier', 'TEXT'],
    ['sent_day', 'DATE'],
    ['responded_day', 'DATE'],
    ['segments', 'TEXT[]'],
    ['answers', 'SMALLINT[]'],
    ['last_position', 'BIGINT'],
  ],
  key: ['survey_id'],
};

export type DailyRow = { day: string; dimension: string; value: string } & Record<string, number | string>;

/** Counters per local day and segment; the key leads with the dimension so a window is one index range. */
export const DAILY_SPEC: TableSpec<DailyRow> = {
  columns: [
    ['dimension', 'TEXT'],
    ['day', 'DATE'],
    ['value', 'TEXT'],
    ...SATISFACTION_COUNTERS.map((name) => [name, 'BIGINT'] as const),
  ],
  key: ['dimension', 'day', 'value'],
};

export function segmentsOfRow(row: SegmentColumns): ComplaintSegments {
  const { category, channel, customer_tier: customerTier, department, agent, grade } = row;
  return { category, channel, customerTier, department, agent, grade };
}

export function segmentColumns(segments: ComplaintSegments): SegmentColumns {
  const { category, channel, customerTier: customer_tier, department, agent, grade } = segments;
  return { category, channel, customer_tier, department, agent, grade };
}

export interface StoredSurvey {
  fact: SurveyFact;
  subject: { complaintId: string | null; customerTier: string | null };
  lastPosition: number;
}

export function storedSurveyOf(row: SurveyRow): StoredSurvey {
  const segments = Object.fromEntries(COMPLAINT_SEGMENT_DIMENSIONS.map((d, i) => [d, row.segments[i] ?? null]));
  const answers = row.answers;
  return {
    fact: {
      surveyId: row.survey_id,
      questionnaire: row.questionnaire,
      surveyChannel: row.survey_channel,
      sentDay: row.sent_day,
      respondedDay: row.responded_day,
      segments: segments as ComplaintSegments,
      answers:
        answers === null
          ? null
          : Object.fromEntries(
              SURVEY_ITEMS.flatMap((item, i) => (answers[i] === null ? [] : [[item, Number(answers[i])]])),
            ),
    },
    subject: { complaintId: row.subject_complaint_id, customerTier: row.subject_customer_tier },
    lastPosition: Number(row.last_position),
  };
}

/**
 * Surveys laid out as SURVEYS_SPEC's columns, for `upsertColumns`: a rebuild
 * writes hundreds of thousands, and makes no row object for any of them.
 */
export function surveyColumnsOf(surveys: readonly StoredSurvey[]): ColumnValues[] {
  return [
    surveys.map(({ fact }) => fact.surveyId),
    surveys.map(({ fact }) => fact.questionnaire),
    surveys.map(({ fact }) => fact.surveyChannel),
    surveys.map(({ subject }) => subject.complaintId),
    surveys.map(({ subject }) => subject.customerTier),
    surveys.map(({ fact }) => fact.sentDay),
    surveys.map(({ fact }) => fact.respondedDay),
    `{${surveys.map(({ fact }) => segmentsElement(fact.segments)).join(',')}}`,
    `{${surveys.map(({ fact }) => (fact.answers ? `"${answersLiteral(fact.answers)}"` : 'NULL')).join(',')}}`,
    binaryBigintArray(surveys.map((survey) => survey.lastPosition)),
  ];
}

/** A TEXT[] element PostgreSQL reads as itself without quotes (every segment value the domain has today). */
const BARE_ELEMENT = /^[A-Za-z0-9_.:@-]+$/;

/**
 * Each segments object's element of the segments column's parameter (a
 * TEXT[] of array literals): its array literal, quoted, made once. Segments
 * are replaced, never changed, and every survey of a complaint shares its
 * complaint's, so a rebuild writing millions of surveys formats each
 * complaint's a few times; and with bare elements inside, the literal has no
 * quotes to escape when quoted itself.
 */
const SEGMENTS_ELEMENTS = new WeakMap<ComplaintSegments, string>();

function segmentsElement(segments: ComplaintSegments): string {
  let element = SEGMENTS_ELEMENTS.get(segments);
  if (element === undefined) {
    const values = COMPLAINT_SEGMENT_DIMENSIONS.map((d) => segments[d]);
    const bare = values.every((v) => v === null || (BARE_ELEMENT.test(v) && v.toUpperCase() !== 'NULL'));
    const literal = bare ? `{${values.map((v) => v ?? 'NULL').join(',')}}` : sqlArrayLiteral(values);
    element = sqlArrayLiteral([literal]).slice(1, -1);
    SEGMENTS_ELEMENTS.set(segments, element);
  }
  return element;
}

/** The SMALLINT[] literal of answers in SURVEY_ITEMS order: whole numbers, and NULL where not answered. */
function answersLiteral(answers: Partial<Record<SurveyItem, number>>): string {
  let literal = '{';
  for (let i = 0; i < SURVEY_ITEMS.length; i++) {
    const value = answers[SURVEY_ITEMS[i]];
    literal += `${i === 0 ? '' : ','}${value === undefined ? 'NULL' : value}`;
  }
  return `${literal}}`;
}

/** Complaints' segments laid out as COMPLAINT_SEGMENTS_SPEC's columns, for `upsertColumns`. */
export function complaintColumnsOf(
  complaints: readonly { complaintId: string; segments: ComplaintSegments; lastPosition: number }[],
): ColumnValues[] {
  return [
    complaints.map((complaint) => complaint.complaintId),
    ...COMPLAINT_SEGMENT_DIMENSIONS.map((dimension) => complaints.map(({ segments }) => segments[dimension])),
    binaryBigintArray(complaints.map((complaint) => complaint.lastPosition)),
  ];
}

/**
 * Counter rows laid out as DAILY_SPEC's columns, for `upsertColumns`; each
 * counter column already as its binary BIGINT[], read straight from the rows'
 * counter vectors (a rebuild writes millions of counters).
 */
export function dailyColumnsOf(rows: readonly CounterRow[]): ColumnValues[] {
  const column = new Float64Array(rows.length);
  return [
    rows.map((row) => row.dimension),
    rows.map((row) => row.day),
    rows.map((row) => row.value),
    ...SATISFACTION_COUNTERS.map((_, i) => {
      for (let r = 0; r < rows.length; r++) column[r] = rows[r].counters[i];
      return binaryBigintArray(column);
    }),
  ];
}
