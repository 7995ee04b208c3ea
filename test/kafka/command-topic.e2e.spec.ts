import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { loadCommandMessageSchemas, type CommandMessageType } from '@redress/contracts';
import { startTracing, type Tracing } from '@redress/observability';
import { partitionForKey } from '@redress/publishing';
import {
  commandMessage,
  MAX_ATTEMPTS,
  openCommandTopicFixture,
  type CommandTopicFixture,
} from '../../apps/command-worker/test/command-topic-fixture';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

/**
 * Complaint commands through the real broker: a producer → the command
 * topic → the worker → the complaint command service → PostgreSQL, and each
 * outcome read back from the results or dead-letter topic. Refusals are
 * compared with what the API answers for the same input.
 */
describe('the Kafka command topic, end to end', () => {
  let k: CommandTopicFixture;
  let api: ApiHarness;
  let tracing: Tracing;

  beforeAll(async () => {
    // As the worker's main does: without an exporter no span is recorded, but the sender's trace context is carried.
    tracing = startTracing({ enabled: true, serviceName: 'redress-command-worker', otlp: null });
    k = await openCommandTopicFixture();
    await k.worker();
    api = await ApiHarness.start();
  });
  afterAll(async () => {
    await k?.close();
    await api?.dispose();
    await tracing?.shutdown();
  });

  const stream = (complaintId: string) => k.store.readStream(`complaint-${complaintId}`);

  /** A complaint received through the topic; its id. */
  async function receivedOverKafka(): Promise<string> {
    const complaintId = randomUUID();
    const receive = commandMessage(complaintId, 'receive', receiveBody());
    await k.send(complaintId, receive);
    expect(await k.result(receive.commandId)).toMatchObject({ outcome: 'accepted', revision: 0 });
    return complaintId;
  }

  /** The rejection the topic answers for `command` with `body` on a complaint in the state HTTP's one is in. */
  async function rejection(complaintId: string, command: string, body: unknown, overrides = {}) {
    const message = commandMessage(complaintId, command, body, overrides);
    await k.send(complaintId, message);
    const result = await k.result(message.commandId);
    expect(result.outcome).toBe('rejected');
    return result.outcome === 'rejected' ? result.error : undefined;
  }

  it('accepts a command: the result carries the new revision, and the event is in the store at it', async () => {
    const complaintId = randomUUID();
    const receive = commandMessage(complaintId, 'receive', receiveBody(), { correlationId: 'crm-batch-42' });
    await k.send(complaintId, receive, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    const [received] = await k.resultRecords(receive.commandId);
    expect(received.key).toBe(complaintId);
    expect(received.headers).toMatchObject({ 'redress-command-id': receive.commandId, 'redress-outcome': 'accepted' });
    expect(received.value).toEqual({
      commandId: receive.commandId,
      complaintId,
      command: 'receive',
      correlationId: 'crm-batch-42',
      processedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      outcome: 'accepted',
      revision: 0,
      position: expect.any(Number),
      status: 'RECEIVED',
      events: ['ComplaintReceived'],
      replayed: false,
    });

    const classify = commandMessage(complaintId, 'classify', { category: 'PRODUCT_FUNCTION' }, { expectedRevision: 0 });
    await k.send(complaintId, classify);
    const classified = await k.result(classify.commandId);
    expect(classified).toMatchObject({ outcome: 'accepted', revision: 1, events: ['ComplaintClassified'] });

    const events = await stream(complaintId);
    expect(events.map((e) => [e.revision, e.type, e.metadata.commandId, e.metadata.correlationId])).toEqual([
      [0, 'ComplaintReceived', receive.commandId, 'crm-batch-42'],
      [1, 'ComplaintClassified', classify.commandId, classify.commandId],
    ]);
    expect(events[0].metadata.actor).toEqual({ id: 'call-centre-7', role: 'agent' });
    // The sender's trace continues in the command, and so in the events it recorded.
    expect(String(events[0].metadata.traceparent)).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-/);
    expect(classified.outcome === 'accepted' && classified.position).toBe(events[1].position);
  });

  it("seals a receipt's personal data as HTTP does: the log never holds it in plaintext", async () => {
    const complaintId = randomUUID();
    const personal = { name: `Wei Zhang ${complaintId}`, phone: '+86 138 0013 8000' };
    const customer = { id: `CUST-${complaintId}`, tier: 'ORDINARY', personal };
    const receive = commandMessage(complaintId, 'receive', receiveBody({ customer }));
    await k.send(complaintId, receive);
    expect(await k.result(receive.commandId)).toMatchObject({ outcome: 'accepted', revision: 0 });
    const [received] = await stream(complaintId);
    expect(JSON.stringify(received.data)).not.toContain(personal.name);
    expect(received.data).toMatchObject({ customer: { id: customer.id, personalData: expect.anything() } });
  });

  it('refuses invalid input with the reasons HTTP gives, and appends nothing', async () => {
    const complaintId = await receivedOverKafka();
    const httpId = (await api.post('/complaints', receiveBody())).body.id;

    const missingField = await rejection(complaintId, 'classify', {});
    expect(missingField).toEqual((await api.post(`/complaints/${httpId}/classify`, {})).body);
    expect(missingField).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });

    const badReceipt = receiveBody({ channel: 'FAX', customer: { id: '  ', tier: 'VIP' }, surprise: 1 });
    const badReceiptAnswer = await rejection(randomUUID(), 'receive', badReceipt);
    expect(badReceiptAnswer).toEqual((await api.post('/complaints', badReceipt)).body);
    expect(badReceiptAnswer?.violations).toContainEqual({
      field: 'surprise',
      message: 'property surprise should not exist',
    });

    // A domain rule on well-formed input (the decider's InvalidCommandError), not only the DTO's.
    const backwards = receiveBody({ occurredAt: '2026-11-20T10:00:00Z', receivedAt: '2026-11-20T09:00:00Z' });
    const backwardsId = randomUUID();
    expect(await rejection(backwardsId, 'receive', backwards)).toEqual((await api.post('/complaints', backwards)).body);
    expect(await stream(backwardsId)).toEqual([]);
    expect(await stream(complaintId)).toHaveLength(1);
  });

  it('refuses what the state rules refuse, with the answer HTTP gives', async () => {
    const complaintId = await receivedOverKafka();
    const httpId = (await api.post('/complaints', receiveBody())).body.id;

    for (const [command, body] of [
      ['close', { summary: 'Resolved by replacement' }],
      ['customer-response', { accepted: true }],
      ['execute-resolution', { outcome: 'Replacement delivered' }],
    ] as const) {
      const overKafka = await rejection(complaintId, command, body);
      const overHttp = (await api.post(`/complaints/${httpId}/${command}`, body)).body;
      expect({ command, answer: overKafka }).toEqual({ command, answer: overHttp });
      expect(overHttp.statusCode).toBe(409);
    }

    // An unknown complaint, and a stale revision (the message names the complaint, so the ids are swapped).
    const nobody = randomUUID();
    expect(await rejection(nobody, 'classify', { category: 'OTHER' })).toEqual(
      (await api.post(`/complaints/${nobody}/classify`, { category: 'OTHER' })).body,
    );
    const stale = await rejection(complaintId, 'classify', { category: 'OTHER' }, { expectedRevision: 5 });
    const staleOverHttp = (
      await api.post(`/complaints/${httpId}/classify`, { category: 'OTHER' }, { 'if-match': '"5"' })
    ).body;
    expect(JSON.parse(JSON.stringify(stale).replaceAll(complaintId, httpId))).toEqual(staleOverHttp);
    expect(stale).toMatchObject({ statusCode: 412, code: 'REVISION_MISMATCH', expectedRevision: 5, actualRevision: 0 });
    expect(await stream(complaintId)).toHaveLength(1);
  });

  it('names each problem of the envelope by its field, and an unknown command with the known ones', async () => {
    const complaintId = await receivedOverKafka();
    const answer = await rejection(complaintId, 'approve', 'yes', {
      actor: { id: 'agent 7' },
      expectedRevision: -1,
      correlationId: '',
      priority: 'high',
    });
    expect(answer).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'the request is invalid' });
    expect(answer?.violations).toEqual(
      expect.arrayContaining([
        { field: 'priority', message: 'property priority should not exist' },
        { field: 'body', message: 'must be a JSON object' },
        { field: 'actor.id', message: 'must be 1-200 visible ASCII characters' },
        { field: 'actor.role', message: 'is required' },
        { field: 'expectedRevision', message: 'must not be less than 0' },
        { field: 'correlationId', message: 'must be 1-200 visible ASCII characters' },
        { field: 'command', message: expect.stringMatching(/^unknown command "approve"; known: receive, classify, /) },
      ]),
    );
    expect(await stream(complaintId)).toHaveLength(1);
  });

  it('appends nothing for a duplicate delivery: the second result is the original one, replayed', async () => {
    const complaintId = await receivedOverKafka();
    const classify = commandMessage(complaintId, 'classify', { category: 'PRODUCT_FUNCTION' });
    await k.send(complaintId, classify);
    await k.send(complaintId, classify);
    const [first, again] = await k.results(classify.commandId, 2);
    expect(first).toMatchObject({ outcome: 'accepted', revision: 1, replayed: false, events: ['ComplaintClassified'] });
    expect(again).toEqual({ ...first, processedAt: expect.any(String), replayed: true });
    expect((await stream(complaintId)).map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintClassified']);

    // The same command id for another command is refused as HTTP refuses a reused idempotency key.
    const assign = { command: 'assign', body: { department: 'after-sales', assignee: 'agent-7' } };
    await k.send(complaintId, { ...classify, ...assign });
    const [, , reused] = await k.results(classify.commandId, 3);
    expect(reused).toMatchObject({ outcome: 'rejected', error: { statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' } });
    expect(await stream(complaintId)).toHaveLength(2);
  });

  it(`dead-letters a poison message after ${MAX_ATTEMPTS} attempts, and the partition goes on`, async () => {
    const complaintId = await receivedOverKafka();
    await k.send(complaintId, '{"commandId": "not even JSON', { source: 'crm-7' });
    await k.send(complaintId, Buffer.from([0xff, 0xfe, 0x00, 0x01]));
    const misrouted = commandMessage(complaintId, 'classify', { category: 'OTHER' });
    await k.send('some-other-key', misrouted);
    const after = commandMessage(complaintId, 'classify', { category: 'SERVICE_QUALITY' });
    await k.send(complaintId, after);

    // The later command of the same partition is handled...
    expect(await k.result(after.commandId)).toMatchObject({ outcome: 'accepted', revision: 1 });
    // ...and each message it could not read is set aside with the reason and the original record.
    const letters = await k.deadLetters((records) => records.length >= 3);
    const partition = partitionForKey(complaintId, 3);
    const [notJson, binary] = letters.filter((letter) => letter.key === complaintId).map((l) => l.value);
    expect(notJson).toEqual({
      reason: 'UNPARSEABLE',
      message: expect.stringMatching(/^the value is not valid JSON: /),
      problems: [],
      attempts: MAX_ATTEMPTS,
      deadLetteredAt: expect.any(String),
      original: {
        topic: k.topics.commands,
        partition,
        offset: expect.stringMatching(/^\d+$/),
        timestamp: expect.stringMatching(/^\d+$/),
        key: { encoding: 'utf8', data: complaintId },
        value: { encoding: 'utf8', data: '{"commandId": "not even JSON' },
        headers: { source: 'crm-7' },
      },
    });
    expect(binary).toMatchObject({
      reason: 'UNPARSEABLE',
      message: 'the value is not UTF-8 text',
      original: { partition, value: { encoding: 'base64', data: Buffer.from([0xff, 0xfe, 0, 1]).toString('base64') } },
    });
    const wrongKey = letters.find((letter) => letter.key === 'some-other-key');
    expect(wrongKey?.headers).toMatchObject({
      'redress-dead-letter-reason': 'INVALID_ENVELOPE',
      'redress-command-id': misrouted.commandId,
    });
    expect(wrongKey?.value).toMatchObject({
      reason: 'INVALID_ENVELOPE',
      commandId: misrouted.commandId,
      problems: [{ field: 'key', message: `must be the complaint id ${complaintId}, not "some-other-key"` }],
    });
    expect(Number((notJson as any).original.offset)).toBeLessThan(Number((binary as any).original.offset));
    expect(k.logs.filter((line) => line.includes('attempt 2 failed')).length).toBeGreaterThanOrEqual(3);
    expect((await stream(complaintId)).map((e) => e.metadata.commandId)).not.toContain(misrouted.commandId);
  });

  // Last: it reads what every test above sent and received.
  it('sends only results and dead letters that conform to their published schemas', async () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    const schemas = new Map(loadCommandMessageSchemas().map((entry) => [entry.type, ajv.compile(entry.schema)]));
    const conforms = (type: CommandMessageType, value: unknown) => {
      const validate = schemas.get(type)!;
      return validate(value) ? 'conforms' : ajv.errorsText(validate.errors);
    };
    const results = await k.answers(k.topics.results, (records) => records.length >= 21);
    const letters = await k.answers(k.topics.deadLetters, (records) => records.length >= 3);
    for (const { offset, value } of results) {
      expect({ offset, verdict: conforms('ComplaintCommandResultMessage', value) }).toEqual({
        offset,
        verdict: 'conforms',
      });
    }
    for (const { offset, value } of letters) {
      expect({ offset, verdict: conforms('ComplaintCommandDeadLetter', value) }).toEqual({
        offset,
        verdict: 'conforms',
      });
    }
    // The commands the tests sent as an enterprise system would conform too.
    const complaintId = randomUUID();
    expect(conforms('ComplaintCommandMessage', commandMessage(complaintId, 'receive', receiveBody()))).toBe('conforms');
  });
});
