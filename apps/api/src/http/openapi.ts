import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import { COMPLAINT_COMMAND_ROUTES } from '@redress/command-contracts';

const COMMAND_HEADERS = [
  {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'Makes a retry return the original response and append nothing',
    schema: { type: 'string', maxLength: 255 },
  },
  {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'The ETag (revision) you last read; a stale one answers 412',
    schema: { type: 'string' },
  },
  { name: 'X-Actor-Id', in: 'header', required: false, schema: { type: 'string' } },
  { name: 'X-Actor-Role', in: 'header', required: false, schema: { type: 'string' } },
  { name: 'X-Correlation-Id', in: 'header', required: false, schema: { type: 'string' } },
];

const COMMAND_RESPONSES = {
  '200': { description: 'Applied: {id, revision, status, events}; the ETag header carries the new revision' },
  '400': { description: 'Invalid body or header: every violation is listed' },
  '401': { description: 'No valid API key or bearer token (WWW-Authenticate says how to authenticate)' },
  '403': { description: "Outside the caller's role or department, or naming another actor without the right" },
  '404': { description: 'No such complaint' },
  '409': {
    description: 'Not allowed in the current status (with the allowed commands) or a lifecycle precondition is unmet',
  },
  '412': { description: 'If-Match does not match the current revision' },
  '413': { description: 'Body over 256 KB' },
  '422': { description: 'The Idempotency-Key was used for a different command' },
};

/** Serves OpenAPI at /docs (UI) and /docs-json, with one documented path per lifecycle command. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Redress')
    .setDescription('Event-sourced complaint handling: every change is an event; every complaint has its full history.')
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    // Every route but the health probes needs one of the two (see apps/api/src/auth).
    .addSecurityRequirements('apiKey')
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: COMPLAINT_COMMAND_ROUTES.map((route) => route.body),
  });
  for (const route of COMPLAINT_COMMAND_ROUTES) {
    document.paths[`/complaints/{id}/${route.name}`] = {
      post: {
        tags: ['complaints'],
        operationId: `complaint_${route.name.replace(/-/g, '_')}`,
        summary: route.summary,
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          ...COMMAND_HEADERS,
        ] as never,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: getSchemaPath(route.body) } } },
        },
        responses: COMMAND_RESPONSES,
      },
    };
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return document;
}
