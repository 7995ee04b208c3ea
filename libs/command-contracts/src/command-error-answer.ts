import {
  AggregateConcurrencyError,
  AggregateNotFoundError,
  AggregateRevisionMismatchError,
  IdempotencyKeyReusedError,
  NoStateAtPointError,
} from '@redress/application';
import {
  CommandNotAllowedError,
  InvalidCommandError,
  LifecycleCommandNotAllowedError,
  PreconditionFailedError,
} from '@redress/domain';
import { EventStoreUnavailableError } from '@redress/event-store';
import { commandPathName, publicCommandNames } from './complaint-command-routes';
import { RequestValidationError } from './request-validation';

/**
 * Why a command was refused, in the caller's terms: the HTTP status that
 * tells what to do next, a stable code, a message, and structured details.
 * HTTP answers with it; the Kafka command topic puts the same body in its
 * rejected results, so a command is refused alike whichever door it came in.
 */
export interface CommandErrorAnswer {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  /** Protocol hints (e.g. retry-after) for an answer the caller should retry. */
  headers?: Record<string, string>;
}

/** The body of an error answer: {statusCode, error, code, message, …details}. */
export interface CommandErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  [detail: string]: unknown;
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The standard reason phrase of a status, e.g. 409 → "Conflict". */
export function reasonPhrase(status: number): string {
  return REASON[status] ?? 'Error';
}

/** A code for an answer that has none of its own: the reason phrase in upper snake case. */
export function codeForStatus(status: number): string {
  return (REASON[status] ?? 'ERROR').toUpperCase().replace(/ /g, '_');
}

/**
 * The answer to an error raised while validating or executing a command
 * (body validation, domain rules, lifecycle state, revisions, idempotency,
 * the event store), or undefined for an error it does not know: the adapter
 * decides about those (HTTP: its own errors, else a 500 that leaks nothing).
 */
export function commandErrorAnswer(error: unknown): CommandErrorAnswer | undefined {
  if (error instanceof RequestValidationError || error instanceof InvalidCommandError) {
    return {
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'the request is invalid',
      details: { violations: error.violations },
    };
  }
  // The smaller aggregates (survey, early warning) name themselves and their commands in their own terms.
  if (error instanceof LifecycleCommandNotAllowedError) {
    return {
      status: 409,
      code: error.code,
      message: error.message,
      details: { status: error.status, command: error.command, allowedCommands: error.allowedCommands },
    };
  }
  if (error instanceof CommandNotAllowedError) {
    return {
      status: 409,
      code: error.code,
      message: `${commandPathName(error.command)} is not allowed while the complaint is ${error.status}`,
      details: {
        status: error.status,
        command: commandPathName(error.command),
        allowedCommands: publicCommandNames(error.allowedCommands),
      },
    };
  }
  if (error instanceof PreconditionFailedError) {
    return {
      status: 409,
      code: error.code,
      message: error.message.replace(error.command, commandPathName(error.command)),
      details: {
        status: error.status,
        command: commandPathName(error.command),
        unmetConditions: error.unmetConditions,
      },
    };
  }
  if (error instanceof AggregateNotFoundError || error instanceof NoStateAtPointError) {
    return { status: 404, code: error.code, message: error.message };
  }
  if (error instanceof AggregateRevisionMismatchError) {
    return {
      status: 412,
      code: error.code,
      message: error.message,
      details: { expectedRevision: error.expectedRevision, actualRevision: error.actualRevision },
    };
  }
  if (error instanceof IdempotencyKeyReusedError) return { status: 422, code: error.code, message: error.message };
  if (error instanceof AggregateConcurrencyError) return { status: 409, code: error.code, message: error.message };
  if (error instanceof EventStoreUnavailableError) {
    return {
      status: 503,
      code: error.code,
      message: 'the event store is unavailable; retry shortly',
      headers: { 'retry-after': '1' },
    };
  }
  return undefined;
}

/** The body of an answer, as HTTP sends it and a rejected command result carries it. */
export function commandErrorBody(answer: CommandErrorAnswer): CommandErrorBody {
  return {
    statusCode: answer.status,
    error: reasonPhrase(answer.status),
    code: answer.code,
    message: answer.message,
    ...answer.details,
  };
}
