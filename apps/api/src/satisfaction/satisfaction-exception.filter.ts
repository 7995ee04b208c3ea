import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  AggregateConcurrencyError,
  AggregateNotFoundError,
  AggregateRevisionMismatchError,
} from '@redress/application';
import { LifecycleCommandNotAllowedError } from '@redress/domain';
import { ApiExceptionFilter } from '../http/api-exception.filter';

const REASON: Record<number, string> = { 404: 'Not Found', 409: 'Conflict', 412: 'Precondition Failed' };

/**
 * The errors of the survey and early-warning aggregates, in the API's one
 * error shape ({statusCode, error, code, message, …}); everything else goes
 * to the application-wide ApiExceptionFilter. Scoped to this module's
 * controllers, so the shared filter needs no change.
 */
@Catch()
export class SatisfactionExceptionFilter implements ExceptionFilter {
  private readonly fallback = new ApiExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const answer = answerFor(exception);
    if (!answer) return this.fallback.catch(exception, host);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    reply.status(answer.status).send({
      statusCode: answer.status,
      error: REASON[answer.status],
      code: answer.code,
      message: answer.message,
      ...answer.details,
    });
  }
}

function answerFor(
  exception: unknown,
): { status: number; code: string; message: string; details?: Record<string, unknown> } | null {
  if (exception instanceof AggregateNotFoundError)
    return { status: 404, code: exception.code, message: exception.message };
  if (exception instanceof LifecycleCommandNotAllowedError) {
    return {
      status: 409,
      code: exception.code,
      message: exception.message,
      details: { status: exception.status, command: exception.command, allowedCommands: exception.allowedCommands },
    };
  }
  if (exception instanceof AggregateRevisionMismatchError) {
    const { expectedRevision, actualRevision } = exception;
    return {
      status: 412,
      code: exception.code,
      message: exception.message,
      details: { expectedRevision, actualRevision },
    };
  }
  if (exception instanceof AggregateConcurrencyError)
    return { status: 409, code: exception.code, message: exception.message };
  return null;
}
