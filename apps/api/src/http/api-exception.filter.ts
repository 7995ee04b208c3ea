import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
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
import { InvalidCursorError, ReadModelBehindError } from '@redress/projections';
import { commandPathName, publicCommandNames, RequestValidationError } from '@redress/command-contracts';

interface ErrorAnswer {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * One error shape for every failure: {statusCode, error, code, message, …details}.
 * Domain and application errors map to the HTTP status that tells the caller
 * what to do next; anything unexpected is logged and answered with a 500 that
 * leaks nothing.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const answer = this.answerFor(exception);
    if (answer.status >= 500 && answer.status !== 503)
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
    reply.status(answer.status).send({
      statusCode: answer.status,
      error: REASON[answer.status] ?? 'Error',
      code: answer.code,
      message: answer.message,
      ...answer.details,
    });
  }

  private answerFor(exception: unknown): ErrorAnswer {
    if (exception instanceof RequestValidationError || exception instanceof InvalidCommandError) {
      return {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'the request is invalid',
        details: { violations: exception.violations },
      };
    }
    // The smaller aggregates (survey, early warning) name themselves and their commands in their own terms.
    if (exception instanceof LifecycleCommandNotAllowedError) {
      return {
        status: 409,
        code: exception.code,
        message: exception.message,
        details: { status: exception.status, command: exception.command, allowedCommands: exception.allowedCommands },
      };
    }
    if (exception instanceof CommandNotAllowedError) {
      return {
        status: 409,
        code: exception.code,
        message: `${commandPathName(exception.command)} is not allowed while the complaint is ${exception.status}`,
        details: {
          status: exception.status,
          command: commandPathName(exception.command),
          allowedCommands: publicCommandNames(exception.allowedCommands),
        },
      };
    }
    if (exception instanceof PreconditionFailedError) {
      return {
        status: 409,
        code: exception.code,
        message: exception.message.replace(exception.command, commandPathName(exception.command)),
        details: {
          status: exception.status,
          command: commandPathName(exception.command),
          unmetConditions: exception.unmetConditions,
        },
      };
    }
    if (exception instanceof InvalidCursorError) {
      return {
        status: 400,
        code: 'VALIDATION_FAILED',
        message: 'the request is invalid',
        details: { violations: [{ field: 'cursor', message: exception.message }] },
      };
    }
    if (exception instanceof ReadModelBehindError) {
      return { status: 503, code: 'READ_MODEL_BEHIND', message: exception.message, headers: { 'retry-after': '1' } };
    }
    if (exception instanceof AggregateNotFoundError || exception instanceof NoStateAtPointError) {
      return { status: 404, code: exception.code, message: exception.message };
    }
    if (exception instanceof AggregateRevisionMismatchError) {
      return {
        status: 412,
        code: exception.code,
        message: exception.message,
        details: { expectedRevision: exception.expectedRevision, actualRevision: exception.actualRevision },
      };
    }
    if (exception instanceof IdempotencyKeyReusedError)
      return { status: 422, code: exception.code, message: exception.message };
    if (exception instanceof AggregateConcurrencyError)
      return { status: 409, code: exception.code, message: exception.message };
    if (exception instanceof EventStoreUnavailableError) {
      return {
        status: 503,
        code: exception.code,
        message: 'the event store is unavailable; retry shortly',
        headers: { 'retry-after': '1' },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { status, code: codeForStatus(status), message: messageOf(exception) };
    }
    // Errors raised by Fastify before routing (body too large, malformed JSON, bad content type).
    const fastifyError = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
    if (
      typeof fastifyError?.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      return {
        status: fastifyError.statusCode,
        code: typeof fastifyError.code === 'string' ? fastifyError.code : codeForStatus(fastifyError.statusCode),
        message: String(fastifyError.message),
      };
    }
    return { status: 500, code: 'INTERNAL_ERROR', message: 'an unexpected error occurred; the incident was logged' };
  }
}

function codeForStatus(status: number): string {
  return (REASON[status] ?? 'ERROR').toUpperCase().replace(/ /g, '_');
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}
