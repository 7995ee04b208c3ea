import { randomUUID } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@redress/config';
import type { FastifyInstance } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { principalOf } from '../http/request-context';
import { requestSpanContext } from '../tracing/http-tracing';

export const CORRELATION_HEADER = 'x-correlation-id';

/** A caller's correlation id is kept only if it is a plain token; anything else is refused later with a 400. */
const CORRELATION_ID = /^[\x21-\x7e]{1,200}$/;

/** Nest's level names, as pino's. */
const PINO_LEVEL: Record<AppConfig['logLevel'], Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Credentials, wherever a request or its headers end up in a log object (pino-http's `req`, a library logging the
 * headers it was given): a second line of defence, since no log line of ours carries headers at all.
 */
const CREDENTIAL_PATHS = ['authorization', 'x-api-key', 'cookie'].flatMap((header) => [
  `req.headers["${header}"]`,
  `headers["${header}"]`,
]);

/** The process's JSON logger: one line per event, to standard output unless told otherwise. */
export function createJsonLogger(level: AppConfig['logLevel'], destination?: DestinationStream): Logger {
  return pino(
    { level: PINO_LEVEL[level], redact: { paths: CREDENTIAL_PATHS, censor: '[redacted]' } },
    destination ?? pino.destination(1),
  );
}

/** Every Nest logger in the process (`new Logger(context)`) writes through `logger`, its context as a field. */
export function structuredLogging(logger: Logger): DynamicModule {
  // Request lines come from `logRequests`, which knows the route and the correlation id; not from pino-http.
  return LoggerModule.forRoot({ pinoHttp: { logger, autoLogging: false, quietReqLogger: true } });
}

/**
 * Gives every request a correlation id before anything else sees it (the
 * caller's X-Correlation-Id, or a new one written into the request headers,
 * so the log line and the events the request appends carry the same id),
 * echoes it in the answer, and logs one line per answered request: method,
 * route path (never the query string, which may hold a customer's name in a
 * search), status, duration, correlation id and trace id (when the request
 * is traced, or the caller sent a `traceparent`). Headers and bodies are not
 * logged at all, so neither secrets nor personal data can reach the logs.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.headers[CORRELATION_HEADER] === undefined) request.headers[CORRELATION_HEADER] = randomUUID();
    const id = request.headers[CORRELATION_HEADER];
    if (typeof id === 'string' && CORRELATION_ID.test(id)) reply.header(CORRELATION_HEADER, id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const id = request.headers[CORRELATION_HEADER];
    const spanContext = requestSpanContext(request);
    const principal = principalOf(request.headers);
    const line = {
      correlationId: typeof id === 'string' && CORRELATION_ID.test(id) ? id : null,
      // Who was authenticated (a key's id or a token's subject, never the credential); absent when nobody was.
      ...(principal ? { principal: { id: principal.id, role: principal.role } } : {}),
      ...(spanContext ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : {}),
      req: { method: request.method, path: request.url.split('?')[0], route: request.routeOptions.url ?? null },
      res: { statusCode: reply.statusCode },
      responseTime: Math.round(reply.elapsedTime * 100) / 100,
    };
    // A 4xx is the client's doing, worth a warning; a 5xx is ours, an error; the rest is routine.
    if (reply.statusCode >= 500) logger.error(line, 'request failed');
    else if (reply.statusCode >= 400) logger.warn(line, 'request refused');
    else logger.info(line, 'request completed');
  });
}
