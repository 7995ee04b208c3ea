import { createReadStream } from 'node:fs';
import { JSONParser } from '@streamparser/json';
import { parse as parseCsv } from 'csv-parse';
import type { RecordLocation, RecordProblem } from './historical-ticket';

/** Told the size of every chunk a reader takes from the file, for progress by bytes. */
export type BytesRead = (bytes: number) => void;

/** One record read from an export file: its fields, or why it could not be read at all. */
export type SourceRecord =
  | { location: RecordLocation; fields: Record<string, unknown> }
  | { location: RecordLocation; problems: RecordProblem[] };

/** The file as a whole cannot be read (not JSON, cut short, the wrong top-level shape, a CSV header missing). */
export class ImportFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportFileError';
  }
}

/**
 * The elements of one JSON array in a file, one at a time as the file streams
 * in, so an export of any size is never held in memory whole. `arrayPath` is
 * the array's JSONPath (`$.tickets` for a Zendesk export, `$` for Zammad's
 * ticket list); `describeRoot` says what the file must look like.
 */
export async function* jsonArrayRecords(
  file: string,
  arrayPath: '$' | '$.tickets',
  describeRoot: string,
  bytesRead?: BytesRead,
): AsyncGenerator<SourceRecord> {
  // The root itself is emitted last, emptied of the elements already emitted: it tells the shape was right.
  const parser = new JSONParser({ paths: [`${arrayPath}.*`, '$'], keepStack: false });
  const ready: SourceRecord[] = [];
  let rootSeen = false;
  let index = 0;
  let failure: Error | undefined;
  parser.onValue = ({ value, stack }) => {
    if (stack.length === 0) {
      rootSeen = true;
      const array = arrayPath === '$' ? value : (value as Record<string, unknown> | null)?.tickets;
      if (!Array.isArray(array)) failure = new ImportFileError(`${file}: ${describeRoot}`);
      return;
    }
    if (arrayPath !== '$' && stack.length !== 2) return;
    const location: RecordLocation = { index: index++ };
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ready.push({ location, problems: [{ field: 'record', problem: 'must be a JSON object (one ticket)' }] });
      return;
    }
    const fields = value as Record<string, unknown>;
    if (typeof fields.id === 'number' || typeof fields.id === 'string') location.originalId = String(fields.id);
    ready.push({ location, fields });
  };
  parser.onError = (error) => {
    failure = new ImportFileError(`${file}: not valid JSON after record ${index}: ${error.message}`, { cause: error });
  };
  for await (const chunk of createReadStream(file)) {
    bytesRead?.((chunk as Buffer).length);
    parser.write(chunk as Buffer);
    yield* ready.splice(0);
    if (failure) throw failure;
  }
  if (!parser.isEnded) parser.end();
  yield* ready.splice(0);
  if (failure) throw failure;
  if (!rootSeen) throw new ImportFileError(`${file}: the file ends before the JSON document does`);
}

/**
 * The rows of a CSV file with a header line, as objects keyed by the header's
 * column names (trimmed, lower case). A row that cannot be parsed (a wrong
 * number of fields, a stray quote) becomes a record with a problem, and
 * parsing goes on with the next row.
 */
export async function* csvRecords(file: string, bytesRead?: BytesRead): AsyncGenerator<SourceRecord> {
  const skipped: SourceRecord[] = [];
  const parser = parseCsv({
    columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
    bom: true,
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  parser.on('skip', (error: Error & { lines?: number; code?: string }) => {
    skipped.push({
      location: { line: error.lines },
      problems: [{ field: 'row', problem: error.message.replace(/ on line \d+$/, '') }],
    });
  });
  const input = createReadStream(file);
  if (bytesRead) input.on('data', (chunk) => bytesRead(chunk.length));
  const rows = input.pipe(parser);
  try {
    for await (const { record, info } of rows as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield* skipped.splice(0);
      // The line the record ends on: the same as its first unless a quoted field spans lines.
      const location: RecordLocation = { line: info.lines };
      const id = record.id?.trim();
      if (id) location.originalId = id;
      yield { location, fields: record };
    }
  } catch (error) {
    throw new ImportFileError(`${file}: ${(error as Error).message}`, { cause: error });
  }
  yield* skipped.splice(0);
}
