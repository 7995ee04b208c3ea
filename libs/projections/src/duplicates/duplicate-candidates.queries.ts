import type { SqlExecutor } from '@redress/event-store';
import {
  DEFAULT_DUPLICATE_DETECTION,
  findDuplicateCandidates,
  profiled,
  type DuplicateCandidate,
  type DuplicateDetectionSettings,
  type DuplicateFacts,
} from './duplicate-detector';
import { textProfile, type GramFrequencies } from './text-similarity';

export interface DuplicateCandidatesView {
  complaintId: string;
  windowDays: number;
  threshold: number;
  candidates: DuplicateCandidate[];
}

/** The most of a customer's complaints in a window compared with one: a bound for customers with very many. */
const MAX_COMPARED = 500;

const FACT_COLUMNS = 'id, customer_id, received_at, category, object_reference, content, status';

/**
 * Candidate duplicates of a complaint, from the complaint list (the same
 * customer's complaints in the window) and the duplicate-detection read
 * model (n-gram document frequencies); scored in TypeScript by the detector.
 */
export class DuplicateCandidateQueries {
  constructor(
    private readonly db: SqlExecutor,
    private readonly settings: DuplicateDetectionSettings = DEFAULT_DUPLICATE_DETECTION,
  ) {}

  /** Null when the complaint is not in the complaint list (unknown, or not yet projected). */
  async candidatesOf(complaintId: string): Promise<DuplicateCandidatesView | null> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT ${FACT_COLUMNS} FROM complaint_list WHERE id = $1`,
      [complaintId],
    );
    if (rows.length === 0) return null;
    const candidates = await this.candidatesFor(factsOf(rows[0]));
    return { complaintId, windowDays: this.settings.windowDays, threshold: this.settings.threshold, candidates };
  }

  /** Candidates for a complaint's facts, e.g. one just received and not yet in the list. */
  async candidatesFor(subject: DuplicateFacts): Promise<DuplicateCandidate[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT ${FACT_COLUMNS} FROM complaint_list
       WHERE customer_id = $1 AND id <> $2::uuid AND status <> 'MERGED'
         AND received_at BETWEEN $3::timestamptz - make_interval(days => $4)
                             AND $3::timestamptz + make_interval(days => $4)
       ORDER BY received_at DESC LIMIT ${MAX_COMPARED}`,
      [subject.customerId, subject.id, subject.receivedAt, this.settings.windowDays],
    );
    if (rows.length === 0) return [];
    const others = rows.map(factsOf);
    const frequencies = await this.frequenciesOf([subject, ...others]);
    return findDuplicateCandidates(
      profiled(subject, frequencies),
      others.map((other) => profiled(other, frequencies)),
      this.settings,
    );
  }

  /** The document frequencies of every n-gram of these complaints' texts, in one round trip. */
  private async frequenciesOf(complaints: readonly DuplicateFacts[]): Promise<GramFrequencies> {
    const grams = new Set<string>();
    for (const complaint of complaints) for (const gram of textProfile(complaint.content).grams.keys()) grams.add(gram);
    const { rows } = await this.db.query<{ gram: string | null; documents: string }>(
      `SELECT NULL AS gram, documents FROM duplicate_text_corpus
       UNION ALL SELECT gram, documents FROM duplicate_text_grams WHERE gram = ANY($1::text[])`,
      [[...grams]],
    );
    const counts = new Map(
      rows.filter((row) => row.gram !== null).map((row) => [row.gram as string, Number(row.documents)]),
    );
    const corpus = Number(rows.find((row) => row.gram === null)?.documents ?? 0);
    // The complaints compared may be newer than the statistics (the projection lags a little): count them in.
    return { documents: Math.max(corpus, complaints.length), documentsWith: (gram) => counts.get(gram) ?? 0 };
  }
}

function factsOf(row: Record<string, unknown>): DuplicateFacts {
  return {
    id: String(row.id),
    customerId: String(row.customer_id),
    receivedAt:
      row.received_at instanceof Date ? row.received_at.toISOString() : new Date(String(row.received_at)).toISOString(),
    category: (row.category as string | null) ?? null,
    objectReference: String(row.object_reference),
    content: String(row.content),
    status: String(row.status),
  };
}
