import { Controller, Get, Header, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '../asyncapi-document';
import { cloudEventType } from '../cloud-event-contract';
import { loadEventSchemas, type EventSchemaEntry } from '../event-schema-catalog';
import type { TopicLayout } from '../topic-layout';

export const CONTRACTS_OPTIONS = Symbol('CONTRACTS_OPTIONS');

export interface ContractsOptions {
  topics: TopicLayout;
  brokers?: readonly string[];
}

/**
 * The published contract over HTTP: the JSON Schema of every event version
 * (what `ce_dataschema` points at) and the AsyncAPI document of the topics.
 */
@ApiTags('contracts')
@Controller()
export class ContractsController {
  /** Loaded once: the files only change with a deployment. */
  private readonly schemas: EventSchemaEntry[] = loadEventSchemas();
  private readonly asyncApi: Record<string, unknown>;

  constructor(@Inject(CONTRACTS_OPTIONS) options: ContractsOptions) {
    this.asyncApi = buildAsyncApiDocument({ schemas: this.schemas, topics: options.topics, brokers: options.brokers });
  }

  @Get('schemas')
  @ApiOperation({ summary: 'Index of the JSON Schemas of every published event type and version' })
  index() {
    return this.schemas.map(({ eventType, schemaVersion }) => ({
      eventType,
      schemaVersion,
      ceType: cloudEventType(eventType, schemaVersion),
      href: `/schemas/${eventType}/${schemaVersion}`,
    }));
  }

  @Get('schemas/:type/:version')
  @Header('content-type', 'application/schema+json')
  @ApiOperation({ summary: 'The JSON Schema of one event version (the value of ce_dataschema); version as 1 or v1' })
  schema(@Param('type') type: string, @Param('version') version: string) {
    const number = Number(version.replace(/^v/, ''));
    const found = this.schemas.find((entry) => entry.eventType === type && entry.schemaVersion === number);
    if (!found) throw new NotFoundException(`no schema for ${type} version ${version}`);
    return found.schema;
  }

  @Get('asyncapi')
  @ApiOperation({ summary: 'AsyncAPI 3.0 document of the Kafka topics, headers, keys and payloads' })
  asyncapi() {
    return this.asyncApi;
  }
}
