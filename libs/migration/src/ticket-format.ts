import type { HistoricalTicket, ImportFormat, RecordProblem } from './historical-ticket';
import type { MappingOptions } from './mapping-options';
import type { BytesRead, SourceRecord } from './source-records';

/** One export format: how to read its records and how a record becomes a historical ticket. */
export interface TicketFormat {
  format: ImportFormat;
  /** The source's name in generated texts ("Not recorded in Zendesk"). */
  sourceName: string;
  records(file: string, bytesRead?: BytesRead): AsyncIterable<SourceRecord>;
  /** The ticket, or every problem that keeps the record from being one. */
  toTicket(fields: Record<string, unknown>, options: MappingOptions): HistoricalTicket | RecordProblem[];
}

/** The API's limit for lifecycle texts (4,000 characters); longer conversation text is cut, its full text kept in the attributes. */
const DERIVED_TEXT_LIMIT = 4000;

/** A conversation message used as a lifecycle text (an acknowledgement, a resolution), cut to what the API accepts. */
export function derivedText(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= DERIVED_TEXT_LIMIT
    ? trimmed
    : `${trimmed.slice(0, DERIVED_TEXT_LIMIT - 40)} [cut; full text in the attributes]`;
}
