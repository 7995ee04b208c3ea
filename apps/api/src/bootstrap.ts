import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import type { AppConfig } from '@redress/config';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { setupOpenApi } from './http/openapi';

/** Request bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** Builds the API application (not yet listening), as `main` and the end-to-end tests use it. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, logger: false });
  // The API speaks JSON only; without a text parser Fastify answers other media types with 415.
  adapter.getInstance().removeContentTypeParser('text/plain');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: logLevelsFrom(config.logLevel),
  });
  app.useGlobalFilters(new ApiExceptionFilter());
  app.enableShutdownHooks();
  setupOpenApi(app);
  await app.init();
  return app;
}

function logLevelsFrom(level: AppConfig['logLevel']) {
  const order = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return order.slice(0, order.indexOf(level) + 1) as ('error' | 'warn' | 'log' | 'debug' | 'verbose')[];
}
