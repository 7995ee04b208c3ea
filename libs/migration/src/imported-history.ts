import {
  chainEvents,
  complaintStreamId,
  deterministicEventId,
  deterministicId,
  type PersonalDataSealer,
} from '@redress/application';
import {
  COMPLAINT_COMMAND_ROUTES,
  ReceiveComplaintDto,
  RequestValidationError,
  validateBody,
} from '@redress/command-contracts';
import {
  COMPLAINT_EVENT_SCHEMA_VERSIONS,
  CommandNotAllowedError,
  complaintDecider,
  InvalidCommandError,
  PreconditionFailedError,
  type ComplaintCommand,
  type ComplaintCommandType,
  type ComplaintState,
  type PersonalData,
  type FieldViolation,
} from '@redress/domain';
import type { Actor, NewEvent } from '@redress/event-store';
import type { HistoricalTicket, ImportFormat, RecordProblem } from './historical-ticket';
import type { PlannedCommand } from './ticket-lifecycle';

/** Who imported events are recorded as caused by. */
export const IMPORT_ACTOR: Actor = { id: 'import', role: 'system' };

/** Where an imported event came from; recorded in every event's metadata under `import`. */
export interface ImportProvenance {
  sourceSystem: string;
  format: ImportFormat;
  originalId: string;
  /** SHA-256 of the imported file (hex). */
  fileSha256: string;
}

/** The complaint id of a ticket: the same for the same source and original id, so a re-run finds its own complaints. */
export function importedComplaintId(sourceSystem: string, originalId: string): string {
  return deterministicId('import-complaint', sourceSystem, originalId);
}

/** One id per imported file: the correlation id of all the events it produced. */
export function importRunId(sourceSystem: string, fileSha256: string): string {
  return deterministicId('import-file', sourceSystem, fileSha256);
}

function importCommandId(sourceSystem: string, originalId: string, step: string): string {
  return deterministicId('import-command', sourceSystem, originalId, step);
}

/** A record whose history the domain (or the HTTP body rules) refuses; lists every problem found. */
export class RecordRefusedError extends Error {
  constructor(readonly problems: RecordProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.problem}`).join('; '));
    this.name = 'RecordRefusedError';
  }
}

export interface ImportedHistory {
  complaintId: string;
  streamId: string;
  events: NewEvent[];
  state: ComplaintState;
}

const BODY_DTOS = new Map<ComplaintCommandType, new () => object>([
  ['ReceiveComplaint', ReceiveComplaintDto],
  ...COMPLAINT_COMMAND_ROUTES.map((route) => [route.type, route.body] as const),
]);

/**
 * The events of one imported complaint: each planned command is checked as
 * the API checks it (the same request body rules, then the decider against
 * the state so far) and decided at its historical instant. Ids derive from
 * the source and original id, every event carries its provenance, and the
 * stream is hash-chained like any other, so `audit verify` holds.
 */
export async function buildImportedHistory(
  ticket: HistoricalTicket,
  plan: readonly PlannedCommand[],
  ids: {
    provenance: ImportProvenance;
    /** importedComplaintId of the provenance's source and original id. */
    complaintId: string;
    /** importRunId of the provenance's source and file. */
    correlationId: string;
    /** The customer's contact details from the export, and what seals them (null in a dry run: nothing is stored). */
    personal?: { data: PersonalData; sealer: PersonalDataSealer | null } | null;
  },
): Promise<ImportedHistory> {
  const { provenance, complaintId, correlationId, personal } = ids;
  const streamId = complaintStreamId(complaintId);
  let state = complaintDecider.initialState;
  const events: NewEvent[] = [];
  for (const planned of plan) {
    const { command } = planned;
    const blame = (violations: readonly FieldViolation[]): RecordProblem[] =>
      violations.map((v) => ({
        field: ticket.sourceFields[v.field] ?? planned.basis,
        problem: `${v.field} ${v.message} (${command.type})`,
      }));
    const { type: _type, issuedAt: _issuedAt, ...body } = command as { type: string; issuedAt: string };
    if (command.type === 'ReceiveComplaint') delete (body as { complaintId?: string }).complaintId;
    try {
      await validateBody(BODY_DTOS.get(command.type) as new () => object, body);
    } catch (error) {
      if (error instanceof RequestValidationError) throw new RecordRefusedError(blame(error.violations));
      throw error;
    }
    let decided;
    try {
      decided = complaintDecider.decide(await withSealedPersonalData(command, personal), state);
    } catch (error) {
      if (error instanceof InvalidCommandError) throw new RecordRefusedError(blame(error.violations));
      if (error instanceof CommandNotAllowedError || error instanceof PreconditionFailedError) {
        throw new RecordRefusedError([{ field: ticket.sourceFields.stage ?? 'status', problem: error.message }]);
      }
      throw error;
    }
    const commandId = importCommandId(provenance.sourceSystem, provenance.originalId, planned.step);
    decided.forEach((event, index) => {
      events.push({
        eventId: deterministicEventId(commandId, index),
        type: event.type,
        schemaVersion: COMPLAINT_EVENT_SCHEMA_VERSIONS[event.type],
        data: event.data,
        metadata: {
          commandId,
          commandType: command.type,
          correlationId,
          causationId: commandId,
          actor: IMPORT_ACTOR,
          occurredAt: command.issuedAt,
          import: {
            ...provenance,
            step: planned.step,
            basis: planned.basis,
            synthesized: planned.synthesized,
            // The unmapped source fields once per complaint, with its receipt, rather than on every event.
            ...(events.length === 0 && { attributes: ticket.attributes }),
          },
        },
      });
      state = complaintDecider.evolve(state, event);
    });
  }
  return { complaintId, streamId, events: chainEvents(streamId, null, events), state };
}

/**
 * The receipt with the customer's contact details sealed into it, as the
 * command service seals an intake's (importTickets refuses a real run
 * without a sealer, so only a dry run, which stores nothing, comes here
 * without one).
 */
async function withSealedPersonalData(
  command: ComplaintCommand,
  personal: { data: PersonalData; sealer: PersonalDataSealer | null } | null | undefined,
): Promise<ComplaintCommand> {
  if (command.type !== 'ReceiveComplaint' || !personal) return command;
  if (!personal.sealer) return command; // a dry run: decided without them, and nothing is stored
  const personalData = await personal.sealer.seal(command.customer.id, personal.data);
  return { ...command, customer: { ...command.customer, personalData } };
}
