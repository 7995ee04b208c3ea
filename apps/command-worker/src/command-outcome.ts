import type { IHeaders } from 'kafkajs';
import type { ComplaintCommandResult } from '@redress/application';
import { commandErrorBody, type CommandErrorAnswer } from '@redress/command-contracts';
import type {
  AcceptedCommandResult,
  CommandRejection,
  ComplaintCommandDeadLetter,
  DeadLetterReason,
  RejectedCommandResult,
} from '@redress/contracts';
import type { FieldViolation } from '@redress/domain';
import { VISIBLE_ASCII_TOKEN } from './command-envelope';
import { headerText, recordBytes, type ReadableCommand } from './command-record';

/** What a result says about the command it answers. */
export interface AnsweredCommand {
  commandId: string;
  complaintId: string;
  /** The command's name as sent, if it was a string. */
  command: string | undefined;
  correlationId: string;
}

/** The command, its name and correlation id as the message gave them (a missing or malformed one: the command id). */
export function answeredCommand(message: ReadableCommand): AnsweredCommand {
  const { command, correlationId } = message.fields;
  return {
    commandId: message.commandId,
    complaintId: message.complaintId,
    command: typeof command === 'string' ? command.slice(0, 200) : undefined,
    correlationId:
      typeof correlationId === 'string' && VISIBLE_ASCII_TOKEN.test(correlationId) ? correlationId : message.commandId,
  };
}

export function acceptedResult(
  command: AnsweredCommand,
  result: ComplaintCommandResult,
  processedAt: Date,
): AcceptedCommandResult {
  return {
    ...resultBase(command, processedAt),
    outcome: 'accepted',
    revision: result.revision,
    position: result.position,
    status: result.status,
    events: result.events,
    replayed: result.replayed,
  };
}

/** A refusal with the body HTTP answers for it (commandErrorAnswer is shared with the HTTP exception filter). */
export function rejectedResult(
  command: AnsweredCommand,
  answer: CommandErrorAnswer,
  processedAt: Date,
): RejectedCommandResult {
  return {
    ...resultBase(command, processedAt),
    outcome: 'rejected',
    error: commandErrorBody(answer) as CommandRejection,
  };
}

function resultBase(command: AnsweredCommand, processedAt: Date) {
  return {
    commandId: command.commandId,
    complaintId: command.complaintId,
    ...(command.command !== undefined && { command: command.command }),
    correlationId: command.correlationId,
    processedAt: processedAt.toISOString(),
  };
}

/** Where a record came from and what it carried, as kafkajs hands it over. */
export interface SourceRecord {
  topic: string;
  partition: number;
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IHeaders;
}

export interface DeadLetterCause {
  reason: DeadLetterReason;
  message: string;
  problems: FieldViolation[];
  commandId?: string;
}

export function deadLetter(
  record: SourceRecord,
  cause: DeadLetterCause,
  attempts: number,
  deadLetteredAt: Date,
): ComplaintCommandDeadLetter {
  return {
    reason: cause.reason,
    message: cause.message,
    problems: cause.problems,
    attempts,
    ...(cause.commandId !== undefined && { commandId: cause.commandId }),
    deadLetteredAt: deadLetteredAt.toISOString(),
    original: {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      timestamp: record.timestamp,
      key: recordBytes(record.key),
      value: recordBytes(record.value),
      headers: headerText(record.headers),
    },
  };
}
