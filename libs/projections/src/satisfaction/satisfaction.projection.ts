import {
  SURVEY_ITEM_SCALES,
  upcastComplaintEvent,
  upcastSurveyEvent,
  type SurveyAnswer,
  type SurveyEvent,
  type SurveyItem,
} from '@redress/domain';
import type { RecordedEvent, SqlExecutor } from '@redress/event-store';
import type { PhysicalTableName, ProjectionDefinition } from '../projection';
import {
  evolveComplaintSegments,
  NO_SEGMENTS,
  SEGMENT_EVENT_TYPES,
  type ComplaintSegments,
} from './complaint-segments';
import { localDay } from './reporting-window';
import { CounterDeltas, type SurveyFact } from './satisfaction-counters';
import {
  COMPLAINT_SEGMENTS_SPEC,
  DAILY_SPEC,
  dailyRowOf,
  SATISFACTION_TABLES,
  segmentColumns,
  segmentsOfRow,
  storedSurveyOf,
  SURVEYS_SPEC,
  surveyRowOf,
  type ComplaintSegmentsRow,
  type StoredSurvey,
  type SurveyRow,
} from './satisfaction-tables';
import { createTableSql, rowsByKey, upsertRows } from './sql-table';

const COMPLAINT_PREFIX = 'complaint-';
const SURVEY_PREFIX = 'survey-';
const SEGMENT_TYPES = new Set<string>(SEGMENT_EVENT_TYPES);

/**
 * Satisfaction read model: per-survey facts and per-day, per-segment counters
 * (see satisfaction-counters.ts). A batch is folded in memory — complaint
 * segments and survey facts — then each survey touched has its contribution
 * as the batch found it subtracted and its final one added (contributions
 * are additive, so this equals doing it per event), and everything is
 * written with a few bulk statements.
 *
 * Attribution (regulation-and-helpdesks.md §4.3 rule 1): answers count on the
 * local day the customer responded (`respondedAt`, which a late-keyed response
 * backdates), invitations on the day they were sent. A response counts in the
 * segments its complaint has when the response (or its change) is recorded.
 */
export function createSatisfactionProjection(
  options: { timeZone: string } = { timeZone: 'UTC' },
): ProjectionDefinition {
  return {
    name: 'satisfaction',
    version: 1,
    tables: Object.values(SATISFACTION_TABLES),

    async createTables(tx: SqlExecutor, table: PhysicalTableName): Promise<void> {
      await tx.query(createTableSql(table(SATISFACTION_TABLES.complaints), COMPLAINT_SEGMENTS_SPEC));
      await tx.query(createTableSql(table(SATISFACTION_TABLES.surveys), SURVEYS_SPEC));
      await tx.query(createTableSql(table(SATISFACTION_TABLES.daily), DAILY_SPEC));
    },

    async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
      const relevant = events.filter(
        (e) =>
          e.streamId.startsWith(SURVEY_PREFIX) ||
          (e.streamId.startsWith(COMPLAINT_PREFIX) && SEGMENT_TYPES.has(e.type)),
      );
      if (relevant.length === 0) return;
      const batch = new SatisfactionBatch(options.timeZone);
      await batch.load(tx, relevant, table);
      for (const event of relevant) batch.apply(event);
      await batch.write(tx, table);
    },
  };
}

/** The projection in the default reporting zone (UTC); build another with createSatisfactionProjection. */
export const satisfactionProjection = createSatisfactionProjection();

/** One batch's in-memory fold: what it read, what it changed, and the counter deltas. */
class SatisfactionBatch {
  private readonly complaints = new Map<string, { segments: ComplaintSegments; lastPosition: number }>();
  private readonly surveys = new Map<string, StoredSurvey>();
  private readonly changedComplaints = new Set<string>();
  /** Each survey's fact as the batch found it (null: new): its contribution is taken out once, at write time. */
  private readonly initialFacts = new Map<string, SurveyFact | null>();

  constructor(private readonly timeZone: string) {}

  async load(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
    const complaintIds = new Set<string>();
    const surveyIds = new Set<string>();
    const startedHere = new Set<string>();
    for (const event of events) {
      if (event.streamId.startsWith(COMPLAINT_PREFIX)) {
        complaintIds.add(event.streamId.slice(COMPLAINT_PREFIX.length));
        continue;
      }
      const surveyId = event.streamId.slice(SURVEY_PREFIX.length);
      // A survey whose invitation is in this batch has no row yet (its first event is revision 0): nothing to read.
      if (event.type === 'SurveySent') startedHere.add(surveyId);
      else if (!startedHere.has(surveyId)) surveyIds.add(surveyId);
      const subject = (event.data as { subject?: { kind: string; complaintId?: string } }).subject;
      if (event.type === 'SurveySent' && subject?.kind === 'COMPLAINT') complaintIds.add(String(subject.complaintId));
    }
    const surveyRows = await rowsByKey(tx, table(SATISFACTION_TABLES.surveys), SURVEYS_SPEC, [...surveyIds]);
    for (const row of surveyRows) {
      const stored = storedSurveyOf(row);
      this.surveys.set(row.survey_id, stored);
      if (stored.subject.complaintId !== null) complaintIds.add(stored.subject.complaintId);
    }
    const complaintRows = await rowsByKey(tx, table(SATISFACTION_TABLES.complaints), COMPLAINT_SEGMENTS_SPEC, [
      ...complaintIds,
    ]);
    for (const row of complaintRows) {
      this.complaints.set(row.complaint_id, { segments: segmentsOfRow(row), lastPosition: Number(row.last_position) });
    }
  }

  apply(recorded: RecordedEvent): void {
    if (recorded.streamId.startsWith(COMPLAINT_PREFIX)) this.applyComplaintEvent(recorded);
    else this.applySurveyEvent(recorded, upcastSurveyEvent(recorded));
  }

  async write(tx: SqlExecutor, table: PhysicalTableName): Promise<void> {
    const complaintRows: ComplaintSegmentsRow[] = [...this.changedComplaints].map((id) => {
      const { segments, lastPosition } = this.complaints.get(id)!;
      return { complaint_id: id, ...segmentColumns(segments), last_position: lastPosition };
    });
    const deltas = new CounterDeltas();
    const surveyRows: SurveyRow[] = [];
    for (const [id, initial] of this.initialFacts) {
      const final = this.surveys.get(id)!;
      if (initial) deltas.add(initial, -1);
      deltas.add(final.fact, 1);
      surveyRows.push(surveyRowOf(final));
    }
    const daily = deltas.changed().map(dailyRowOf);
    const dailyTable = table(SATISFACTION_TABLES.daily);
    await upsertRows(tx, table(SATISFACTION_TABLES.complaints), COMPLAINT_SEGMENTS_SPEC, complaintRows, 'replace');
    await upsertRows(tx, table(SATISFACTION_TABLES.surveys), SURVEYS_SPEC, surveyRows, 'replace');
    await upsertRows(tx, dailyTable, DAILY_SPEC, daily, 'add');
    // A row whose contributions all moved elsewhere is removed, so live and rebuilt tables hold the same rows.
    // Only a row whose weight went down can have reached zero: a rebuild only adds, and never pays for this.
    const shrunk = daily.filter((row) => Number(row.weight) < 0);
    if (shrunk.length === 0) return;
    await tx.query(
      `DELETE FROM ${dailyTable} WHERE weight = 0 AND (dimension, day, value) IN
         (SELECT * FROM unnest($1::text[], $2::date[], $3::text[]))`,
      [shrunk.map((row) => row.dimension), shrunk.map((row) => row.day), shrunk.map((row) => row.value)],
    );
  }

  private applyComplaintEvent(recorded: RecordedEvent): void {
    const id = recorded.streamId.slice(COMPLAINT_PREFIX.length);
    const known = this.complaints.get(id);
    // The runtime never replays a batch (checkpoint and rows commit together); this keeps a row idempotent anyway.
    if (known && known.lastPosition >= recorded.position) return;
    const segments = evolveComplaintSegments(known?.segments ?? NO_SEGMENTS, upcastComplaintEvent(recorded));
    this.complaints.set(id, { segments, lastPosition: recorded.position });
    this.changedComplaints.add(id);
  }

  private applySurveyEvent(recorded: RecordedEvent, event: SurveyEvent): void {
    const id = recorded.streamId.slice(SURVEY_PREFIX.length);
    const before = this.surveys.get(id);
    if (before && before.lastPosition >= recorded.position) return;
    let after: StoredSurvey;
    if (event.type === 'SurveySent') {
      const { subject } = event.data;
      after = {
        subject:
          subject.kind === 'COMPLAINT'
            ? { complaintId: subject.complaintId, customerTier: null }
            : { complaintId: null, customerTier: subject.customerTier },
        lastPosition: recorded.position,
        fact: {
          surveyId: id,
          questionnaire: event.data.questionnaire.id,
          surveyChannel: event.data.channel,
          sentDay: localDay(event.data.sentAt, this.timeZone),
          respondedDay: null,
          segments: NO_SEGMENTS,
          answers: null,
        },
      };
    } else {
      if (!before) return; // a response without its invitation cannot be recorded by the decider
      const respondedDay =
        event.type === 'SurveyResponded' ? localDay(event.data.respondedAt, this.timeZone) : before.fact.respondedDay;
      after = {
        ...before,
        lastPosition: recorded.position,
        fact: { ...before.fact, respondedDay, answers: pooledAnswers(event.data.answers) },
      };
    }
    after.fact.segments = this.segmentsOf(after.subject);
    if (!this.initialFacts.has(id)) this.initialFacts.set(id, before?.fact ?? null);
    this.surveys.set(id, after);
  }

  /** A complaint survey counts in its complaint's current segments; a customer survey only by tier. */
  private segmentsOf(subject: StoredSurvey['subject']): ComplaintSegments {
    if (subject.complaintId === null) return { ...NO_SEGMENTS, customerTier: subject.customerTier };
    return this.complaints.get(subject.complaintId)?.segments ?? NO_SEGMENTS;
  }
}

/**
 * The answers that can be pooled: an answer given on another scale than its
 * item's (which the registry never produces) would not be comparable, so it
 * is left out of the figures rather than mixed in.
 */
function pooledAnswers(answers: readonly SurveyAnswer[]): Partial<Record<SurveyItem, number>> {
  const pooled: Partial<Record<SurveyItem, number>> = {};
  for (const answer of answers) {
    const scale = SURVEY_ITEM_SCALES[answer.item];
    if (scale && answer.scale.min === scale.min && answer.scale.max === scale.max) pooled[answer.item] = answer.value;
  }
  return pooled;
}
