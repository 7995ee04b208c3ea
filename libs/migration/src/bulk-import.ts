import type { PersonalDataSealer } from '@redress/application';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DuplicateEventIdError, WrongExpectedRevisionError, type EventStore } from '@redress/event-store';
import type { RecordLocation, RecordProblem } from './historical-ticket';
import {
  buildImportedHistory,
  importedComplaintId,
  importRunId,
  RecordRefusedError,
  type ImportedHistory,
} from './imported-history';
import type { MappingOptions } from './mapping-options';
import { separatePersonalData } from './personal-data-fields';
import { LifecycleGapError, planLifecycle } from './ticket-lifecycle';
import type { TicketFormat } from './ticket-format';

export interface ImportRequest {
  file: string;
  format: TicketFormat;
  mapping: MappingOptions;
  /** Validate every record as a real run would, and append nothing. */
  dryRun: boolean;
  /** Complaints appended at once; the store commits concurrent appends together. */
  concurrency: number;
  /** Stops reading new records; the appends under way finish, and a re-run resumes. */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Seals the customers' contact details found in the export with each
   * customer's key (PersonalDataVault). A real run of an export with contact
   * details needs it: they are never stored in plaintext.
   */
  personalData?: PersonalDataSealer;
}

export interface ImportProgress {
  /** Records handled so far (imported, already there, or refused). */
  records: number;
  /** Records in the file, estimated from the share of its bytes read so far (exact at the end). */
  total: number;
  seconds: number;
}

/** A record that was not imported, with every reason. */
export interface RecordReport {
  location: RecordLocation;
  problems: RecordProblem[];
}

export interface ImportSummary {
  file: string;
  format: string;
  sourceSystem: string;
  fileSha256: string;
  dryRun: boolean;
  records: number;
  /** Complaints appended by this run (in a dry run: that would be). */
  imported: number;
  /** Complaints this file had imported before (a re-run, or a resumed run). */
  alreadyImported: number;
  /** Records refused; in a real run they were skipped. */
  refused: RecordReport[];
  /** Events appended by this run (in a dry run: that would be). */
  events: number;
  seconds: number;
  /** True when the run was stopped before the end of the file. */
  interrupted: boolean;
}

/** SHA-256 of a file's bytes (hex), read as a stream. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Imports an export file into the event store: record by record, each
 * ticket's whole history appended in one atomic append at "no stream", with
 * up to `concurrency` complaints in flight. Ids derive from the source and
 * original id, so running the same file again appends nothing, and a run
 * that was stopped resumes where it stopped. Refused records are skipped
 * and listed; nothing is dropped without being reported.
 */
export async function importTickets(store: EventStore | null, request: ImportRequest): Promise<ImportSummary> {
  const { file, format, mapping, dryRun } = request;
  if (!dryRun && store === null) throw new Error('a real import needs an event store');
  if (!dryRun && !request.personalData) {
    throw new Error('a real import needs the personal-data key store, to seal the contact details exports carry');
  }
  const started = performance.now();
  const fileSha = await fileSha256(file);
  const fileBytes = (await stat(file)).size;
  let bytesRead = 0;

  const summary: ImportSummary = {
    file,
    format: format.format,
    sourceSystem: mapping.source,
    fileSha256: fileSha,
    dryRun,
    records: 0,
    imported: 0,
    alreadyImported: 0,
    refused: [],
    events: 0,
    seconds: 0,
    interrupted: false,
  };
  const seconds = () => (performance.now() - started) / 1000;
  const handled = () => {
    summary.records++;
    // The readers run ahead of the records handled by a chunk, so this estimate is low until the end.
    const total = Math.max(summary.records, Math.round((summary.records * fileBytes) / Math.max(bytesRead, 1)));
    request.onProgress?.({ records: summary.records, total, seconds: seconds() });
  };
  const refuse = (location: RecordLocation, problems: RecordProblem[]) => {
    summary.refused.push({ location, problems });
    handled();
  };
  const firstSeen = new Map<string, string>();
  const inFlight = new Set<Promise<void>>();
  let storeFailure: unknown;

  const context = { request, fileSha, correlationId: importRunId(mapping.source, fileSha) };
  for await (const record of format.records(file, (bytes) => (bytesRead += bytes))) {
    if (request.signal?.aborted || storeFailure !== undefined) {
      summary.interrupted = request.signal?.aborted ?? false;
      break;
    }
    if ('problems' in record) {
      refuse(record.location, record.problems);
      continue;
    }
    const history = await historyOf(record.fields, record.location, context);
    if ('problems' in history) {
      refuse(record.location, history.problems);
      continue;
    }
    const earlier = firstSeen.get(history.complaintId);
    if (earlier !== undefined) {
      refuse(record.location, [{ field: 'id', problem: `appears twice in the file (first at ${earlier})` }]);
      continue;
    }
    firstSeen.set(history.complaintId, describeLocation(record.location));
    if (dryRun) {
      summary.imported++;
      summary.events += history.events.length;
      handled();
      continue;
    }
    const append = appendHistory(store as EventStore, history)
      .then((outcome) => {
        if (outcome === 'appended') {
          summary.imported++;
          summary.events += history.events.length;
          handled();
        } else if (outcome === 'already-imported') {
          summary.alreadyImported++;
          handled();
        } else refuse(record.location, [outcome]);
      })
      .catch((error: unknown) => {
        storeFailure ??= error;
      })
      .finally(() => inFlight.delete(append));
    inFlight.add(append);
    if (inFlight.size >= request.concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (storeFailure !== undefined) throw storeFailure;
  // In file order: the parser reports unreadable rows, and the store answers appends, out of it.
  summary.refused.sort((a, b) => positionOf(a.location) - positionOf(b.location));
  summary.seconds = seconds();
  return summary;
}

async function historyOf(
  fields: Record<string, unknown>,
  location: RecordLocation,
  { request, fileSha, correlationId }: { request: ImportRequest; fileSha: string; correlationId: string },
): Promise<ImportedHistory | { problems: RecordProblem[] }> {
  const parsed = request.format.toTicket(fields, request.mapping);
  if (Array.isArray(parsed)) return { problems: parsed };
  const { personal, attributes } = separatePersonalData(request.format.format, parsed.attributes);
  const ticket = { ...parsed, attributes };
  location.originalId = ticket.originalId;
  const provenance = {
    sourceSystem: request.mapping.source,
    format: request.format.format,
    originalId: ticket.originalId,
    fileSha256: fileSha,
  };
  try {
    const complaintId = importedComplaintId(provenance.sourceSystem, ticket.originalId);
    const plan = planLifecycle(ticket, complaintId, {
      sourceName: request.format.sourceName,
      rootCauseCategory: request.mapping.rootCauseCategory,
    });
    return await buildImportedHistory(ticket, plan, {
      provenance,
      complaintId,
      correlationId,
      personal: personal && { data: personal, sealer: request.dryRun ? null : (request.personalData ?? null) },
    });
  } catch (error) {
    if (error instanceof LifecycleGapError) return { problems: [{ field: error.field, problem: error.problem }] };
    if (error instanceof RecordRefusedError) return { problems: error.problems };
    throw error;
  }
}

/** Appends a complaint's whole history at "no stream"; a history stored before is recognised by its event ids. */
async function appendHistory(
  store: EventStore,
  history: ImportedHistory,
): Promise<'appended' | 'already-imported' | RecordProblem> {
  try {
    const result = await store.append(history.streamId, history.events, 'no_stream');
    return result.alreadyAppended ? 'already-imported' : 'appended';
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) {
      return {
        field: 'id',
        problem: `complaint ${history.complaintId} exists with another history (imported from another export or with other options); left unchanged`,
      };
    }
    throw error;
  }
}

function positionOf(location: RecordLocation): number {
  return location.line ?? location.index ?? 0;
}

export function describeLocation(location: RecordLocation): string {
  const where = location.line !== undefined ? `line ${location.line}` : `record ${location.index ?? '?'}`;
  return location.originalId === undefined ? where : `${where} (id ${location.originalId})`;
}

/** The validation report: one line per problem, "<where> | <field> | <problem>". */
export function validationReportLines(refused: readonly RecordReport[]): string[] {
  return refused.flatMap((report) =>
    report.problems.map((p) => `${describeLocation(report.location)} | ${p.field} | ${p.problem}`),
  );
}
