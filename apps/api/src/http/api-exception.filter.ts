import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InvalidCursorError, ReadModelBehindError } from '@redress/projections';
import { AccessRefusal } from '../auth/access-refusal';
import {
  codeForStatus,
  commandErrorAnswer,
  commandErrorBody,
  type CommandErrorAnswer,
} from '@redress/command-contracts';

/**
 * One error shape for every failure: {statusCode, error, code, message, …details}.
 * Errors of commands (validation, domain, application, event store) are
 * answered by commandErrorAnswer, which the Kafka command topic shares; this
 * filter adds the query side's and the framework's own errors, and answers
 * anything unexpected with a 500 that leaks nothing (and logs it).
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
    reply.status(answer.status).send(commandErrorBody(answer));
  }

  private answerFor(exception: unknown): CommandErrorAnswer {
    const commandAnswer = commandErrorAnswer(exception);
    if (commandAnswer) return commandAnswer;
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
    if (exception instanceof AccessRefusal) return exception.answer();
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

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}
