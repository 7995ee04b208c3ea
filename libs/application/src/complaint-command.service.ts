import {
  COMPLAINT_EVENT_SCHEMA_VERSIONS,
  complaintDecider,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  type ComplaintStatus,
  InvalidCommandError,
  type PersonalData,
  type SealedPersonalData,
  upcastComplaintEvent,
} from '@redress/domain';
import type { Actor, EventStore } from '@redress/event-store';
import { AggregateCommandService, streamPerAggregate, type Unstamped } from './aggregate-command.service';
import { COMPLAINT_STREAM_PREFIX } from './complaint-stream';
import { ComplaintNotFoundError, ConcurrencyRetriesExhaustedError, RevisionMismatchError } from './errors';

/** A command without its instant: the service stamps `issuedAt` from its clock. */
export type UnstampedComplaintCommand = Unstamped<ComplaintCommand>;

/** The port that seals personal data with the customer's key (PersonalDataVault in @redress/privacy). */
export interface PersonalDataSealer {
  seal(customerId: string, data: PersonalData): Promise<SealedPersonalData>;
}

export interface ComplaintCommandRequest {
  complaintId: string;
  command: UnstampedComplaintCommand;
  /** Unique per logical command; a retry with the same id is answered from the store, not re-applied. */
  commandId: string;
  correlationId: string;
  /** The message that caused this command (e.g. an HTTP request id); defaults to the command id. */
  causationId?: string;
  actor: Actor;
  /** The revision the caller last saw (HTTP If-Match); a mismatch is refused rather than retried. */
  expectedRevision?: number;
  /** The complaint id was just made up for this receipt, so its stream is presumed not to exist (see AggregateCommandRequest). */
  newAggregate?: boolean;
}

export interface ComplaintCommandResult {
  complaintId: string;
  /** Revision of the complaint's last event after the command. */
  revision: number;
  /** Global log position of that event: pass it as `minPosition` to read your own write from a read model. */
  position: number;
  status: ComplaintStatus;
  /** Types of the events this command appended. */
  events: string[];
  /** True when the command had been applied before and this is its original result. */
  replayed: boolean;
}

const COMPLAINT = streamPerAggregate<ComplaintCommand, ComplaintEvent, ComplaintState>({
  streamPrefix: COMPLAINT_STREAM_PREFIX,
  decider: complaintDecider,
  schemaVersions: COMPLAINT_EVENT_SCHEMA_VERSIONS,
  upcast: upcastComplaintEvent,
  startingCommands: ['ReceiveComplaint'],
  errors: {
    notFound: (id) => new ComplaintNotFoundError(id),
    revisionMismatch: (id, expected, actual) => new RevisionMismatchError(id, expected, actual),
    retriesExhausted: (id, attempts) => new ConcurrencyRetriesExhaustedError(id, attempts),
  },
});

/**
 * The complaint's command side: the generic read → decide → append at the
 * read revision (re-decided on a concurrent write) of AggregateCommandService,
 * answered in the complaint API's terms (complaint id and status).
 */
export class ComplaintCommandService {
  private readonly commands: AggregateCommandService<ComplaintCommand, ComplaintEvent, ComplaintState>;

  constructor(
    store: EventStore,
    clock: () => Date = () => new Date(),
    private readonly personalData: PersonalDataSealer | null = null,
  ) {
    this.commands = new AggregateCommandService(COMPLAINT, store, clock);
  }

  async execute(request: ComplaintCommandRequest): Promise<ComplaintCommandResult> {
    const { complaintId, ...envelope } = request;
    const command = await this.sealPersonalData(envelope.command);
    const result = await this.commands.execute({ ...envelope, command, aggregateId: complaintId });
    return {
      complaintId,
      revision: result.revision,
      position: result.position,
      status: result.state.status,
      events: result.events,
      replayed: result.replayed,
    };
  }

  /**
   * A receipt may bring the customer's personal data (`customer.personal`,
   * plaintext): it is sealed here, before the decider sees the command, so
   * neither the log nor anything fed from it ever holds the plaintext. A
   * process with no sealer refuses such a receipt rather than store it open.
   */
  private async sealPersonalData(command: UnstampedComplaintCommand): Promise<UnstampedComplaintCommand> {
    if (command.type !== 'ReceiveComplaint') return command;
    const { personal, ...customer } = command.customer as typeof command.customer & { personal?: PersonalData };
    if (personal === undefined) return command;
    if (!this.personalData) {
      throw new InvalidCommandError([
        { field: 'customer.personal', message: 'personal data cannot be taken here: this process has no key store' },
      ]);
    }
    return { ...command, customer: { ...customer, personalData: await this.personalData.seal(customer.id, personal) } };
  }
}
