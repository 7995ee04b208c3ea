/**
 * The Kafka command topic's contract: complaint commands sent to Redress on
 * `complaints.commands.v1`, the outcome of each on
 * `complaints.command-results.v1`, and the messages that could not be read
 * on `complaints.commands.dlq.v1`. Every value is UTF-8 JSON; every record is
 * keyed by the complaint id, so one complaint's commands and results keep
 * their order. The JSON Schemas in libs/contracts/schemas/commands/ are
 * generated from these types (`npm run schemas`).
 */

export const COMPLAINT_COMMANDS_TOPIC = 'complaints.commands.v1';
export const COMPLAINT_COMMAND_RESULTS_TOPIC = 'complaints.command-results.v1';
export const COMPLAINT_COMMANDS_DEAD_LETTER_TOPIC = 'complaints.commands.dlq.v1';

/** The three topics of the command channel. */
export interface CommandTopics {
  commands: string;
  results: string;
  deadLetters: string;
}

export const DEFAULT_COMMAND_TOPICS: CommandTopics = {
  commands: COMPLAINT_COMMANDS_TOPIC,
  results: COMPLAINT_COMMAND_RESULTS_TOPIC,
  deadLetters: COMPLAINT_COMMANDS_DEAD_LETTER_TOPIC,
};

/** Every command channel message type and its schema version. */
export const COMMAND_MESSAGE_SCHEMA_VERSIONS = {
  ComplaintCommandMessage: 1,
  ComplaintCommandResultMessage: 1,
  ComplaintCommandDeadLetter: 1,
} as const;

export type CommandMessageType = keyof typeof COMMAND_MESSAGE_SCHEMA_VERSIONS;

/** Record headers of the command channel (all optional on commands; the worker sets them on what it sends). */
export const COMMAND_MESSAGE_HEADERS = {
  /** W3C Trace Context of the sender: the command continues its trace. */
  traceParent: 'traceparent',
  traceState: 'tracestate',
  /** On results and dead letters: the command id (when known), for routing without parsing the value. */
  commandId: 'redress-command-id',
  /** On results: accepted or rejected. */
  outcome: 'redress-outcome',
  /** On dead letters: the short reason code. */
  deadLetterReason: 'redress-dead-letter-reason',
} as const;

/** Who sends the command: recorded in the events' metadata, as X-Actor-Id / X-Actor-Role over HTTP. */
export interface CommandActor {
  /**
   * 1–200 visible ASCII characters.
   * @pattern ^[\x21-\x7e]{1,200}$
   */
  id: string;
  /** One of the roles an HTTP credential can carry: agent, supervisor, auditor, admin, service. */
  role: string;
}

/**
 * One complaint command on `complaints.commands.v1`; the record key is the
 * complaint id. Judged exactly as the same command over HTTP: `command` is
 * the HTTP path name (`receive` for POST /complaints, `classify` for POST
 * /complaints/:id/classify, …) and `body` the request body.
 */
export interface ComplaintCommandMessage {
  /**
   * Unique per logical command, chosen by the sender: a redelivery or resend
   * with the same id appends nothing and is answered with the original result.
   * @format uuid
   */
  commandId: string;
  /**
   * The complaint (for `receive`, the id the new complaint gets); equal to the record key.
   * @format uuid
   */
  complaintId: string;
  /** The command's HTTP path name, e.g. receive, classify, triage, assign, close. */
  command: string;
  /** The command's body: exactly the JSON body of the same command over HTTP (see GET /docs-json). */
  body: Record<string, unknown>;
  actor: CommandActor;
  /**
   * The revision the sender last saw (HTTP If-Match): refused with REVISION_MISMATCH when the complaint moved on.
   * @asType integer
   * @minimum 0
   */
  expectedRevision?: number;
  /**
   * The business transaction this command is part of; defaults to the command id.
   * @pattern ^[\x21-\x7e]{1,200}$
   */
  correlationId?: string;
}

/** What every result says, accepted or rejected. */
interface CommandResultBase {
  /**
   * The command's id: what to correlate on.
   * @format uuid
   */
  commandId: string;
  /** @format uuid */
  complaintId: string;
  /** The command's name as sent; absent when the message had no command name. */
  command?: string;
  /** The command's correlation id (its command id when it sent none). */
  correlationId: string;
  /**
   * When the worker decided.
   * @format date-time
   */
  processedAt: string;
}

/** The command was applied (or had been: `replayed`). */
export interface AcceptedCommandResult extends CommandResultBase {
  outcome: 'accepted';
  /**
   * The complaint's revision after the command (the HTTP ETag).
   * @asType integer
   * @minimum 0
   */
  revision: number;
  /**
   * Log position of the command's last event: pass it as `minPosition` to read your own write.
   * @asType integer
   * @minimum 0
   */
  position: number;
  /** The complaint's status after the command. */
  status: string;
  /** Types of the events the command appended. */
  events: string[];
  /** True when the command had been applied before: this is its original result, and nothing was appended now. */
  replayed: boolean;
}

/** The command was refused and appended nothing. */
export interface RejectedCommandResult extends CommandResultBase {
  outcome: 'rejected';
  /** The body HTTP answers for the same command: status code, reason, code, message, details. */
  error: CommandRejection;
}

export interface CommandRejection {
  /** The HTTP status of the same refusal: 400 invalid, 404 unknown complaint, 409 not allowed now, 412 stale revision, 422 command id reused. */
  statusCode: number;
  /** The status's reason phrase. */
  error: string;
  /** Stable code, e.g. VALIDATION_FAILED, COMMAND_NOT_ALLOWED, PRECONDITION_FAILED, COMPLAINT_NOT_FOUND, REVISION_MISMATCH. */
  code: string;
  message: string;
  /** Each invalid field and why (VALIDATION_FAILED). */
  violations?: { field: string; message: string }[];
  /** The complaint's status (COMMAND_NOT_ALLOWED, PRECONDITION_FAILED). */
  status?: string;
  /** The command's name (COMMAND_NOT_ALLOWED, PRECONDITION_FAILED). */
  command?: string;
  /** The commands the complaint accepts now (COMMAND_NOT_ALLOWED). */
  allowedCommands?: string[];
  /** What is still missing (PRECONDITION_FAILED). */
  unmetConditions?: string[];
  /** REVISION_MISMATCH. */
  expectedRevision?: number;
  /** REVISION_MISMATCH. */
  actualRevision?: number;
}

/** One result on `complaints.command-results.v1`, keyed by complaint id. */
export type ComplaintCommandResultMessage = AcceptedCommandResult | RejectedCommandResult;

/** Why a message was dead-lettered. */
export type DeadLetterReason =
  /** The value is not UTF-8 JSON, or not an object. */
  | 'UNPARSEABLE'
  /** JSON, but without a command id and complaint id (UUIDs) the outcome could be correlated by, or a key that is not the complaint id. */
  | 'INVALID_ENVELOPE'
  /** A readable command whose handling failed unexpectedly on every attempt. */
  | 'PROCESSING_FAILED';

/** Bytes as they were: UTF-8 text when they are valid UTF-8, base64 otherwise. */
export interface RecordBytes {
  encoding: 'utf8' | 'base64';
  data: string;
}

/** One message of `complaints.commands.v1` that could not be handled, on `complaints.commands.dlq.v1` under its original key. */
export interface ComplaintCommandDeadLetter {
  reason: DeadLetterReason;
  /** What was wrong, in words. */
  message: string;
  /** Each problem found, by field, when the value was JSON. */
  problems: { field: string; message: string }[];
  /**
   * How often the message was tried before it was set aside.
   * @asType integer
   * @minimum 1
   */
  attempts: number;
  /** The command id, when the value had a readable one. */
  commandId?: string;
  /**
   * When it was set aside.
   * @format date-time
   */
  deadLetteredAt: string;
  /** Where the message was and what it carried, to inspect, fix and send again. */
  original: {
    topic: string;
    /**
     * @asType integer
     * @minimum 0
     */
    partition: number;
    /** The offset, in decimal. */
    offset: string;
    /** The record timestamp (milliseconds since the epoch, decimal). */
    timestamp: string;
    /** The record key; null when it had none. */
    key: RecordBytes | null;
    /** The record value; null when it had none. */
    value: RecordBytes | null;
    /** The record headers (each value as UTF-8 text; repeated headers joined by ", "). */
    headers: Record<string, string>;
  };
}
