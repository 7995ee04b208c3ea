import { randomUUID } from 'node:crypto';
import { RequestValidationError } from '@redress/command-contracts';
import { receiveBody } from '../../../test/support/complaint-requests';
import { commandRequestFrom } from '../src/command-envelope';
import { readCommandRecord, recordBytes, type ReadableCommand } from '../src/command-record';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('reading a command record', () => {
  const complaintId = randomUUID();
  const commandId = randomUUID();
  const key = Buffer.from(complaintId);

  it('reads a record that names its command and complaint, keyed by the complaint', () => {
    const fields = { commandId, complaintId, command: 'classify', body: {}, actor: { id: 'a', role: 'agent' } };
    expect(readCommandRecord(key, json(fields))).toEqual({ kind: 'command', commandId, complaintId, fields });
  });

  it.each([
    ['no value', null, 'the record has no value'],
    ['bytes that are not UTF-8', Buffer.from([0xc3, 0x28]), 'the value is not UTF-8 text'],
    ['text that is not JSON', Buffer.from('{"commandId":'), /^the value is not valid JSON: /],
    ['JSON that is not an object', json([commandId]), 'the value must be a JSON object'],
  ])('cannot parse %s', (_what, value, message) => {
    expect(readCommandRecord(key, value)).toEqual({
      kind: 'unreadable',
      reason: 'UNPARSEABLE',
      message: expect.stringMatching(message),
      problems: [],
    });
  });

  it('cannot correlate a message without UUIDs, or keyed by something else than its complaint', () => {
    expect(readCommandRecord(key, json({ complaintId: 'C-1', command: 'classify' }))).toMatchObject({
      reason: 'INVALID_ENVELOPE',
      problems: [
        { field: 'commandId', message: 'is required' },
        { field: 'complaintId', message: 'must be a UUID' },
      ],
    });
    expect(readCommandRecord(null, json({ commandId, complaintId }))).toEqual({
      kind: 'unreadable',
      reason: 'INVALID_ENVELOPE',
      message: `the message cannot be correlated: key must be the complaint id ${complaintId}, not absent`,
      problems: [{ field: 'key', message: `must be the complaint id ${complaintId}, not absent` }],
      commandId,
    });
  });

  it('keeps bytes as text when they are UTF-8, as base64 otherwise', () => {
    expect(recordBytes(Buffer.from('申诉'))).toEqual({ encoding: 'utf8', data: '申诉' });
    expect(recordBytes(Buffer.from([0xff]))).toEqual({ encoding: 'base64', data: '/w==' });
    expect(recordBytes(null)).toBeNull();
  });
});

describe('the command request of a message', () => {
  const message = (fields: Record<string, unknown>): ReadableCommand => {
    const ids = { commandId: randomUUID(), complaintId: randomUUID() };
    return { kind: 'command', ...ids, fields: { ...ids, ...fields } };
  };
  const actor = { id: 'crm-7', role: 'service' };

  it('is the HTTP command: type from the route table, the validated body, the envelope as metadata', async () => {
    const classify = message({ command: 'classify', body: { category: 'OTHER' }, actor, expectedRevision: 2 });
    expect(await commandRequestFrom(classify)).toEqual({
      complaintId: classify.complaintId,
      command: { type: 'ClassifyComplaint', category: 'OTHER' },
      commandId: classify.commandId,
      correlationId: classify.commandId,
      actor,
      expectedRevision: 2,
    });
  });

  it('receives a new complaint under the id the message gives it', async () => {
    const body = receiveBody();
    const receive = message({ command: 'receive', body, actor, correlationId: 'intake-9' });
    expect(await commandRequestFrom(receive)).toMatchObject({
      complaintId: receive.complaintId,
      command: { type: 'ReceiveComplaint', complaintId: receive.complaintId, ...body },
      correlationId: 'intake-9',
    });
  });

  it("reports the envelope's and the body's problems together", async () => {
    const invalid = message({ command: 'triage', body: { grade: 'HUGE', isComplex: true }, actor: { role: 'agent' } });
    const refusal = await commandRequestFrom(invalid).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RequestValidationError);
    expect((refusal as RequestValidationError).violations).toEqual([
      { field: 'actor.id', message: 'is required' },
      { field: 'grade', message: 'must be one of: GENERAL, SERIOUS, URGENT' },
      { field: 'priority', message: 'is required' },
    ]);
  });
});
