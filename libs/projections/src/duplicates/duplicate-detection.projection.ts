import { statementNameOf, type RecordedEvent, type SqlExecutor } from '@redress/event-store';
import type { PhysicalTableName, ProjectionDefinition } from '../projection';
import { gramDocumentCounts, textProfile } from './text-similarity';

const COMPLAINT_STREAM_PREFIX = 'complaint-';

/**
 * The corpus statistics duplicate detection weighs n-grams by: how many
 * complaints contain each n-gram of the texts (`duplicate_text_grams`) and
 * how many complaints there are (`duplicate_text_corpus`, one row). A
 * complaint's text is fixed at receipt, so only ComplaintReceived counts.
 * The complaints compared themselves come from the complaint list.
 */
export const duplicateDetectionProjection: ProjectionDefinition = {
  name: 'duplicate-detection',
  version: 1,
  tables: ['duplicate_text_grams', 'duplicate_text_corpus'],

  async createTables(tx: SqlExecutor, table: PhysicalTableName): Promise<void> {
    await tx.query(`CREATE TABLE ${table('duplicate_text_grams')} (
      gram TEXT PRIMARY KEY,
      documents BIGINT NOT NULL
    )`);
    await tx.query(`CREATE TABLE ${table('duplicate_text_corpus')} (
      single BOOLEAN PRIMARY KEY DEFAULT true CHECK (single),
      documents BIGINT NOT NULL
    )`);
    await tx.query(`INSERT INTO ${table('duplicate_text_corpus')} (documents) VALUES (0)`);
  },

  async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
    const received = events.filter(
      (event) => event.type === 'ComplaintReceived' && event.streamId.startsWith(COMPLAINT_STREAM_PREFIX),
    );
    if (received.length === 0) return;
    const counts = gramDocumentCounts(
      received.map((event) => textProfile((event.data as { content: string }).content)),
    );
    const grams = table('duplicate_text_grams');
    const addGrams = `INSERT INTO ${grams} (gram, documents) SELECT * FROM unnest($1::text[], $2::bigint[])
       ON CONFLICT (gram) DO UPDATE SET documents = ${grams}.documents + EXCLUDED.documents`;
    await tx.query(addGrams, [[...counts.keys()], [...counts.values()]], statementNameOf(addGrams));
    const addDocuments = `UPDATE ${table('duplicate_text_corpus')} SET documents = documents + $1`;
    await tx.query(addDocuments, [received.length], statementNameOf(addDocuments));
  },
};
