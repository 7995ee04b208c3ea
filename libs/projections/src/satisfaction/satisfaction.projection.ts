import {
  SURVEY_ITEM_SCALES,
  upcastComplaintEvent,
  upcastSurveyEvent,
  type SurveyAnswer,
  type SurveyEvent,
  type SurveyItem,
} from '@redress/domain';
import type { RecordedEvent, SqlExecutor } from '@redress/event-store';
import type { BulkLoad, PhysicalTableName, ProjectionDefinition } from '../projection';
import {
  evolveComplaintSegments,
  NO_SEGMENTS,
  SEGMENT_EVENT_TYPES,
  type ComplaintSegments,
} from './complaint-segments';
import { localDay } from './reporting-window';
import { counterIndex, CounterDeltas, type CounterRow, type SurveyFact } from './satisfaction-counters';
import {
  COMPLAINT_SEGMENTS_SPEC,
  DAILY_SPEC,
  dailyColumnsOf,
  SATISFACTION_TABLES,
  complaintColumnsOf,
  segmentsOfRow,
  storedSurveyOf,
  surveyColumnsOf,
  SURVEYS_SPEC,
  type StoredSurvey,
} from './satisfaction-tables';
import { createTableSql, rowsByKey, upsertColumns, type ColumnValues } from './sql-table';

const COMPLAINT_PREFIX = 'complaint-';
const SURVEY_PREFIX = 'survey-';
const SEGMENT_TYPES = new Set<string>(SEGMENT_EVENT_TYPES);

/**
 * Complaints and surveys a rebuild keeps in memory beyond those changed since
 * its last write (each about 300 bytes). Surveys are answered within days of
 * being sent and about complaints of the weeks before, so the most recently
 * changed are the ones the next events need: with 400,000 of each, a rebuild
 * over a year of a desk taking a million complaints reads almost nothing
 * back. One that comes back after longer is read from the tables, as the
 * live path always does.
 */
export const SATISFACTION_ROWS_KEPT = 400_000;

/**
 * Satisfaction read model: per-survey facts and per-day, per-segment counters
 * (see satisfaction-counters.ts). Events are folded in memory — complaint
 * segments and survey facts — then each survey changed has its contribution
 * as last written subtracted and its current one added (contributions are
 * additive, so this equals doing it per event), and everything is written
 * with a few bulk statements.
 *
 * The live path folds each batch afresh, reading the rows it needs; a
 * rebuild (`bulkLoad`) keeps the fold across its transactions, so it reads
 * back none of the rows it wrote itself while they are kept.
 *
 * Attribution (regulation-and-helpdesks.md §4.3 rule 1): answers count on the
 * local day the customer responded (`respondedAt`, which a late-keyed response
 * backdates), invitations on the day they were sent. A response counts in the
 * segments its complaint has when the response (or its change) is recorded.
 */
export function createSatisfactionProjection(
  options: { timeZone: string; rowsKept?: number } = { timeZone: 'UTC' },
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
      const fold = new SatisfactionFold(options.timeZone, Infinity);
      await fold.prepare(tx, events, table);
      fold.fold(events);
      await fold.takeChanges()?.(tx, table);
    },

    bulkLoad: () => new SatisfactionFold(options.timeZone, options.rowsKept ?? SATISFACTION_ROWS_KEPT),
  };
}

/** The projection in the default reporting zone (UTC); build another with createSatisfactionProjection. */
export const satisfactionProjection = createSatisfactionProjection();

interface ComplaintState {
  segments: ComplaintSegments;
  lastPosition: number;
}

const isRelevant = (e: RecordedEvent) =>
  e.streamId.startsWith(SURVEY_PREFIX) || (e.streamId.startsWith(COMPLAINT_PREFIX) && SEGMENT_TYPES.has(e.type));

/**
 * The in-memory fold of complaint segments and survey facts, and what
 * changed in it since the last write. Held states are replaced, never
 * mutated, so a write taken keeps what it was given while folding goes on.
 */
class SatisfactionFold implements BulkLoad {
  /**
   * Known complaints and surveys, least recently changed first: a changed one moves to the end, once per write
   * (the order among those changed since the last write does not matter, as all are written before any is let go).
   */
  private readonly complaints = new Map<string, ComplaintState>();
  private readonly surveys = new Map<string, StoredSurvey>();
  private changedComplaints = new Set<string>();
  /** Each survey changed since the last write, with its fact as written (null: new): taken out once, at write. */
  private changedSurveys = new Map<string, SurveyFact | null>();

  constructor(
    private readonly timeZone: string,
    private readonly rowsKept: number,
  ) {}

  /** Reads the rows of the complaints and surveys that `events` continue and this fold does not hold. */
  async prepare(committed: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
    const complaintIds = new Set<string>();
    const surveyIds = new Set<string>();
    // A stream whose first event (revision 0) is among these has no row yet: nothing to read for it.
    const started = new Set<string>();
    const needComplaint = (id: string) => {
      if (!this.complaints.has(id) && !started.has(COMPLAINT_PREFIX + id)) complaintIds.add(id);
    };
    for (const event of events) {
      if (!isRelevant(event)) continue;
      if (event.revision === 0) started.add(event.streamId);
      if (event.streamId.startsWith(COMPLAINT_PREFIX)) {
        // Most complaint events continue a stream started in the same page: no id to cut out for those.
        if (!started.has(event.streamId)) needComplaint(event.streamId.slice(COMPLAINT_PREFIX.length));
        continue;
      }
      const surveyId = event.streamId.slice(SURVEY_PREFIX.length);
      // Every survey event counts the survey in its complaint's segments, which may have been let go of.
      const heldComplaint = this.surveys.get(surveyId)?.subject.complaintId;
      if (heldComplaint) needComplaint(heldComplaint);
      else if (heldComplaint === undefined && !started.has(event.streamId)) surveyIds.add(surveyId);
      const subject = (event.data as { subject?: { kind: string; complaintId?: string } }).subject;
      if (event.type === 'SurveySent' && subject?.kind === 'COMPLAINT') needComplaint(String(subject.complaintId));
    }
    const surveyRows = await rowsByKey(committed, table(SATISFACTION_TABLES.surveys), SURVEYS_SPEC, [...surveyIds]);
    for (const row of surveyRows) {
      const stored = storedSurveyOf(row);
      this.surveys.set(row.survey_id, stored);
      if (stored.subject.complaintId !== null) needComplaint(stored.subject.complaintId);
    }
    const complaintRows = await rowsByKey(committed, table(SATISFACTION_TABLES.complaints), COMPLAINT_SEGMENTS_SPEC, [
      ...complaintIds,
    ]);
    for (const row of complaintRows) {
      this.complaints.set(row.complaint_id, { segments: segmentsOfRow(row), lastPosition: Number(row.last_position) });
    }
  }

  fold(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      if (!isRelevant(event)) continue;
      if (event.streamId.startsWith(COMPLAINT_PREFIX)) this.applyComplaintEvent(event);
      else this.applySurveyEvent(event, upcastSurveyEvent(event));
    }
  }

  takeChanges(): ((tx: SqlExecutor, table: PhysicalTableName) => Promise<void>) | null {
    const [changedComplaints, changedSurveys] = [this.changedComplaints, this.changedSurveys];
    if (changedComplaints.size === 0 && changedSurveys.size === 0) return null;
    this.changedComplaints = new Set();
    this.changedSurveys = new Map();
    const complaints = complaintColumnsOf(
      [...changedComplaints].map((complaintId) => ({ complaintId, ...this.complaints.get(complaintId)! })),
    );
    const deltas = new CounterDeltas();
    const surveys: StoredSurvey[] = [];
    for (const [id, written] of changedSurveys) {
      const current = this.surveys.get(id)!;
      if (written) deltas.add(written, -1);
      deltas.add(current.fact, 1);
      surveys.push(current);
    }
    const [surveyColumns, daily] = [surveyColumnsOf(surveys), deltas.changed()];
    this.forgetBeyondKept();
    return (tx, table) => writeChanges(tx, table, complaints, surveyColumns, daily);
  }

  /** Lets go of the least recently changed complaints and surveys beyond `rowsKept`; all are written by now. */
  private forgetBeyondKept(): void {
    for (const held of [this.complaints, this.surveys] as Map<string, unknown>[]) {
      let excess = held.size - this.rowsKept;
      for (const id of held.keys()) {
        if (excess-- <= 0) break;
        held.delete(id);
      }
    }
  }

  private applyComplaintEvent(recorded: RecordedEvent): void {
    const id = recorded.streamId.slice(COMPLAINT_PREFIX.length);
    const known = this.complaints.get(id);
    // The runtime never replays a batch (checkpoint and rows commit together); this keeps a row idempotent anyway.
    if (known && known.lastPosition >= recorded.position) return;
    const segments = evolveComplaintSegments(known?.segments ?? NO_SEGMENTS, upcastComplaintEvent(recorded));
    const state = { segments, lastPosition: recorded.position };
    if (this.changedComplaints.has(id)) {
      this.complaints.set(id, state); // in place: it moved to the end when first changed since the last write
    } else {
      if (known) this.complaints.delete(id);
      this.complaints.set(id, state);
      this.changedComplaints.add(id);
    }
  }

  private applySurveyEvent(recorded: RecordedEvent, event: SurveyEvent): void {
    const id = recorded.streamId.slice(SURVEY_PREFIX.length);
    const before = this.surveys.get(id);
    if (before && before.lastPosition >= recorded.position) return;
    let subject: StoredSurvey['subject'];
    let fact: SurveyFact;
    // Each fact is built whole, in one shape: a rebuild keeps hundreds of thousands of them.
    if (event.type === 'SurveySent') {
      const sent = event.data;
      subject =
        sent.subject.kind === 'COMPLAINT'
          ? { complaintId: sent.subject.complaintId, customerTier: null }
          : { complaintId: null, customerTier: sent.subject.customerTier };
      fact = {
        surveyId: id,
        questionnaire: sent.questionnaire.id,
        surveyChannel: sent.channel,
        sentDay: localDay(sent.sentAt, this.timeZone),
        respondedDay: null,
        segments: this.segmentsOf(subject),
        answers: null,
      };
    } else {
      if (!before) return; // a response without its invitation cannot be recorded by the decider
      subject = before.subject;
      const previous = before.fact;
      fact = {
        surveyId: previous.surveyId,
        questionnaire: previous.questionnaire,
        surveyChannel: previous.surveyChannel,
        sentDay: previous.sentDay,
        respondedDay:
          event.type === 'SurveyResponded' ? localDay(event.data.respondedAt, this.timeZone) : previous.respondedDay,
        segments: this.segmentsOf(subject),
        answers: pooledAnswers(event.data.answers),
      };
    }
    const stored = { subject, lastPosition: recorded.position, fact };
    if (this.changedSurveys.has(id)) {
      this.surveys.set(id, stored); // in place: it moved to the end when first changed since the last write
    } else {
      this.changedSurveys.set(id, before?.fact ?? null);
      if (before) this.surveys.delete(id);
      this.surveys.set(id, stored);
    }
  }

  /** A complaint survey counts in its complaint's current segments; a customer survey only by tier. */
  private segmentsOf(subject: StoredSurvey['subject']): ComplaintSegments {
    if (subject.complaintId === null) return { ...NO_SEGMENTS, customerTier: subject.customerTier };
    return this.complaints.get(subject.complaintId)?.segments ?? NO_SEGMENTS;
  }
}

/** One write of the read model: changed complaints and surveys replaced, counter changes added. */
async function writeChanges(
  tx: SqlExecutor,
  table: PhysicalTableName,
  complaints: readonly ColumnValues[],
  surveys: readonly ColumnValues[],
  daily: readonly CounterRow[],
): Promise<void> {
  const dailyTable = table(SATISFACTION_TABLES.daily);
  await upsertColumns(tx, table(SATISFACTION_TABLES.complaints), COMPLAINT_SEGMENTS_SPEC, complaints, 'replace');
  await upsertColumns(tx, table(SATISFACTION_TABLES.surveys), SURVEYS_SPEC, surveys, 'replace');
  await upsertColumns(tx, dailyTable, DAILY_SPEC, dailyColumnsOf(daily), 'add');
  // A row whose contributions all moved elsewhere is removed, so live and rebuilt tables hold the same rows.
  // Only a row whose weight went down can have reached zero: a rebuild only adds, and never pays for this.
  const shrunk = daily.filter((row) => row.counters[WEIGHT] < 0);
  if (shrunk.length === 0) return;
  await tx.query(
    `DELETE FROM ${dailyTable} WHERE weight = 0 AND (dimension, day, value) IN
       (SELECT * FROM unnest($1::text[], $2::date[], $3::text[]))`,
    [shrunk.map((row) => row.dimension), shrunk.map((row) => row.day), shrunk.map((row) => row.value)],
  );
}

const WEIGHT = counterIndex('weight');

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
