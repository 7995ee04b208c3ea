import 'reflect-metadata';
import underPressure from '@fastify/under-pressure';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from '@redress/config';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { setupOpenApi } from './http/openapi';
import { acceptOnlyStrictJson } from './http/strict-json-body';
import { createJsonLogger, logRequests, structuredLogging } from './logging/structured-logging';
import { Logger as PinoLogger } from 'nestjs-pino';
import { traceRequests } from './tracing/http-tracing';
import type { DestinationStream } from 'pino';

/** Request bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export interface ApiAppOptions {
  /** Where the JSON log lines go; standard output unless given (tests read them from a stream). */
  logDestination?: DestinationStream;
  /** The process's last step once the application has shut down (main flushes the trace exporter). */
  onShutdown?: () => Promise<void>;
  /** Where the first-start admin key notice is shown; standard error unless given (tests read it). */
  showNotice?: (notice: string) => void;
}

/** Runs `ApiAppOptions.onShutdown` after every module's own shutdown, so the spans of the drain are exported too. */
class LastShutdownStep implements OnApplicationShutdown {
  constructor(private readonly step: () => Promise<void>) {}

  onApplicationShutdown(): Promise<void> {
    return this.step();
  }
}

/** The process's root: structured logging around the application. */
@Module({})
class ApiProcessModule {}

/** Builds the API application (not yet listening), as `main` and the end-to-end tests use it. */
export async function createApiApp(config: AppConfig, options: ApiAppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, logger: false });
  // First, so the request's span covers every other hook and its trace context is the handler's.
  traceRequests(adapter.getInstance());
  // The API speaks strict JSON only; Fastify answers every other media type with 415. Nest's own parsers stay off.
  acceptOnlyStrictJson(adapter.getInstance());
  const logger = createJsonLogger(config.logLevel, options.logDestination);
  logRequests(adapter.getInstance(), logger);
  const root = {
    module: ApiProcessModule,
    imports: [
      structuredLogging(logger),
      AppModule.forRoot(config),
      AuthModule.forRoot({
        config: config.auth,
        port: config.port,
        showNotice: options.showNotice ?? ((notice) => process.stderr.write(notice)),
      }),
    ],
    providers: options.onShutdown
      ? [{ provide: LastShutdownStep, useValue: new LastShutdownStep(options.onShutdown) }]
      : [],
  };
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(PinoLogger));
  await app.register(underPressure as never, loadShedding(config));
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks();
  setupOpenApi(app);
  await app.init();
  return app;
}

/**
 * Past capacity the API sheds load with 503 and Retry-After instead of letting
 * latency grow without bound: a request refused here has done nothing, so a
 * client can safely retry it. Liveness keeps answering, so an overloaded
 * process is not killed for being busy.
 */
function loadShedding(config: AppConfig) {
  return {
    maxEventLoopDelay: config.overload.maxEventLoopDelayMs,
    maxEventLoopUtilization: config.overload.maxEventLoopUtilization,
    sampleInterval: config.overload.sampleIntervalMs,
    retryAfter: 1,
    pressureHandler: (request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) => {
      // No sample yet (Infinity: the loop was blocked across a whole interval, e.g. at start-up) is not evidence of
      // overload; the next sample measures the real delay.
      if (request.url.startsWith('/health/live') || value === undefined || !Number.isFinite(value)) return;
      reply
        .status(503)
        .header('retry-after', '1')
        .send({
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'OVERLOADED',
          message: `the service is over capacity (${type} ${Math.round(value * 100) / 100}); retry shortly`,
        });
    },
  };
}
