import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import {
  buildAsyncApiDocument,
  COMMAND_MESSAGE_SCHEMA_VERSIONS,
  DEFAULT_COMMAND_TOPICS,
  DEFAULT_TOPIC_LAYOUT,
  loadCommandMessageSchemas,
  loadEventSchemas,
  schemaDrift,
  type CommandMessageType,
} from '@redress/contracts';
import { createCommandMessageSchemaGenerator } from '../src/command-message-schema-generator';

const REPO_ROOT = join(__dirname, '..', '..', '..');

describe('published command channel schemas', () => {
  const committed = loadCommandMessageSchemas();
  const schemaOf = (type: CommandMessageType) => committed.find((entry) => entry.type === type)!.schema;
  // Parsing the types takes a few seconds; do it once.
  const generate = createCommandMessageSchemaGenerator(REPO_ROOT);
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);

  it.each(Object.keys(COMMAND_MESSAGE_SCHEMA_VERSIONS))(
    '%s: the committed schema is the one its type generates (run npm run schemas when it is not)',
    (type) => {
      const entry = committed.find((e) => e.type === type)!;
      expect(schemaDrift(generate(entry.type, entry.schemaVersion), entry.schema)).toBe('identical');
    },
  );

  it('puts each message on its topic, as draft-07 schemas', () => {
    expect(committed.map(({ type, topic }) => [type, topic])).toEqual([
      ['ComplaintCommandMessage', DEFAULT_COMMAND_TOPICS.commands],
      ['ComplaintCommandResultMessage', DEFAULT_COMMAND_TOPICS.results],
      ['ComplaintCommandDeadLetter', DEFAULT_COMMAND_TOPICS.deadLetters],
    ]);
    for (const entry of committed) expect(entry.schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  });

  it('accepts a command as documented and refuses one without its correlation fields', () => {
    const validate = ajv.compile(schemaOf('ComplaintCommandMessage'));
    const command = {
      commandId: randomUUID(),
      complaintId: randomUUID(),
      command: 'classify',
      body: { category: 'OTHER' },
      actor: { id: 'crm-7', role: 'service' },
      expectedRevision: 3,
      correlationId: 'batch-42',
    };
    expect(validate(command)).toBe(true);
    const { commandId: _commandId, ...uncorrelated } = command;
    expect(validate(uncorrelated)).toBe(false);
    expect(validate({ ...command, expectedRevision: 1.5 })).toBe(false);
    expect(validate({ ...command, actor: { id: 'agent 7', role: 'agent' } })).toBe(false);
  });

  it('tells an accepted result from a rejected one', () => {
    const validate = ajv.compile(schemaOf('ComplaintCommandResultMessage'));
    const base = {
      commandId: randomUUID(),
      complaintId: randomUUID(),
      command: 'close',
      correlationId: 'batch-42',
      processedAt: '2026-11-23T22:00:00.000Z',
    };
    const accepted = {
      ...base,
      outcome: 'accepted',
      revision: 4,
      position: 1042,
      status: 'CLOSED',
      events: ['ComplaintClosed'],
      replayed: false,
    };
    const rejected = {
      ...base,
      outcome: 'rejected',
      error: {
        statusCode: 409,
        error: 'Conflict',
        code: 'COMMAND_NOT_ALLOWED',
        message: 'close is not allowed',
        allowedCommands: [],
      },
    };
    expect(validate(accepted)).toBe(true);
    expect(validate(rejected)).toBe(true);
    expect(validate({ ...rejected, revision: 4 })).toBe(false);
    expect(validate({ ...accepted, outcome: 'rejected' })).toBe(false);
  });

  it('are channels of the AsyncAPI document, every reference resolving inside it', () => {
    const doc = buildAsyncApiDocument({ schemas: loadEventSchemas(), topics: DEFAULT_TOPIC_LAYOUT }) as any;
    expect(doc.channels.complaintsCommandsV1).toMatchObject({
      address: 'complaints.commands.v1',
      messages: { 'ComplaintCommandMessage.v1': { $ref: '#/components/messages/ComplaintCommandMessage.v1' } },
    });
    expect(doc.channels.complaintsCommandResultsV1.address).toBe('complaints.command-results.v1');
    expect(doc.channels.complaintsCommandsDlqV1.address).toBe('complaints.commands.dlq.v1');
    expect(doc.operations.receiveComplaintsCommandsV1.action).toBe('receive');
    expect(doc.operations.sendComplaintsCommandResultsV1.action).toBe('send');
    expect(doc.components.schemas['ComplaintCommandResultMessage.v1'].anyOf).toHaveLength(2);
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const target = ref
        .slice(10, -1)
        .split('/')
        .reduce((node: any, key) => node?.[key], doc);
      expect({ ref, resolved: target !== undefined }).toEqual({ ref, resolved: true });
    }
  });
});
