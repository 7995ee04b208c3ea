import { randomBytes, randomUUID } from 'node:crypto';
import { loadPublisherConfig } from '@redress/publishing';
import {
  adminQuery,
  dropSchema,
  POSTGRES_URL,
  randomSchemaName,
} from '../../libs/event-store/test/support/postgres-test-schema';
import { ApiHarness } from '../support/api-harness';
import { lifecycleSteps, receiveBody } from '../support/complaint-requests';
import { readTopic } from '../support/kafka-topic-reader';
import { ensureLocalKafka } from '../support/local-kafka';

/**
 * Personal data end to end on PostgreSQL with Kafka: given at intake, it is
 * readable through the API, yet a scan of every table of the deployment's
 * schema and of every Kafka record finds none of it in plaintext; erasing
 * the customer makes it read as erased everywhere (now, as of any past
 * moment, after a replay), while the history and its hash chain stay intact.
 */
const schema = randomSchemaName();
const topic = `t${randomUUID().slice(0, 8)}.complaints.events.v1`;
// Planted values no fixture could contain by chance.
const marker = randomBytes(6).toString('hex');
const personal = {
  name: `Wei Zhang-${marker}`,
  phone: `+86 138 ${marker.slice(0, 4)} ${marker.slice(4, 8)}`,
  email: `zhang.${marker}@example.com`,
  address: `${marker} Chaoyang Road, Beijing`,
};

let api: ApiHarness;
let brokers: string[];

beforeAll(async () => {
  brokers = await ensureLocalKafka();
  const publisher = loadPublisherConfig({
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_EVENTS_TOPIC: topic,
    KAFKA_CLIENT_ID: `redress-pii-${marker}`,
  });
  api = await ApiHarness.start(
    { kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 4 } },
    { publishing: { inProcess: true, publisher } },
  );
});
afterAll(async () => {
  await api?.dispose();
  await dropSchema(schema);
});

/** Every table of the schema whose rows, as text, contain `needle`. */
async function tablesContaining(needle: string): Promise<string[]> {
  const tables = await adminQuery<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
    [schema],
  );
  const found: string[] = [];
  for (const { table_name: table } of tables) {
    const [{ hits }] = await adminQuery<{ hits: string }>(
      `SELECT count(*) AS hits FROM ${schema}."${table}" AS t WHERE t::text LIKE '%' || $1 || '%'`,
      [needle],
    );
    if (Number(hits) > 0) found.push(table);
  }
  return found;
}

it('keeps personal data out of the store, the read models and Kafka, and erases it everywhere at once', async () => {
  const customer = { id: `CUST-${marker}`, tier: 'ORDINARY', personal };
  const received = await api.post('/complaints', receiveBody({ customer }));
  expect(received.status).toBe(201);
  const id = received.body.id as string;
  for (const [command, body] of lifecycleSteps().slice(0, 3)) {
    expect((await api.post(`/complaints/${id}/${command}`, body)).status).toBe(200);
  }
  const history = (await api.get(`/complaints/${id}/history`)).body.events as { eventId: string; data: unknown }[];

  // Readable through the API for those who may read the complaint.
  const shown = await api.get(`/complaints/${id}`);
  expect(shown.body.complaint.customer).toEqual({
    id: customer.id,
    tier: 'ORDINARY',
    personal: { erased: false, data: personal },
  });

  // Not in any table: events, read models, checkpoints, keys (the key is there, the data is not).
  await api.get(`/complaints?limit=5`); // the read models have caught up by the time the list answers
  for (const value of Object.values(personal))
    expect({ value, tables: await tablesContaining(value) }).toEqual({
      value,
      tables: [],
    });
  expect(await tablesContaining(customer.id)).toEqual(expect.arrayContaining(['redress_events']));
  // Not in the history the API gives out, nor in any Kafka record (raw bytes, headers included).
  const historyText = JSON.stringify(history);
  for (const value of Object.values(personal)) expect(historyText).not.toContain(value);
  const records = await readTopic(brokers, topic, (r) => r.length >= history.length, 60_000);
  expect(records).toHaveLength(history.length);
  const kafkaText = JSON.stringify(records);
  for (const value of Object.values(personal)) expect(kafkaText).not.toContain(value);
  expect(kafkaText).toContain('"personalData"'); // the sealed envelope travels instead

  // Only an admin erases; an agent is refused.
  const agent = await api.createKey('agent', { department: 'after-sales' });
  expect((await api.as(agent).post(`/customers/${customer.id}/erase`)).status).toBe(403);
  const erased = await api.post(`/customers/${customer.id}/erase`);
  expect(erased.status).toBe(200);
  expect(erased.body).toMatchObject({ customerId: customer.id, keysDestroyed: 1, erasedAt: expect.any(String) });

  // Erased everywhere: the current state, a past state rebuilt from the log, and a new read of the history.
  const now = await api.get(`/complaints/${id}`);
  expect(now.body.complaint.customer).toEqual({
    id: customer.id,
    tier: 'ORDINARY',
    personal: { erased: true, erasedAt: erased.body.erasedAt },
  });
  const past = await api.get(`/complaints/${id}?atRevision=0`);
  expect(past.body.complaint.customer.personal).toEqual({ erased: true, erasedAt: erased.body.erasedAt });
  // The history, metrics and hash chain are untouched by the erasure.
  expect((await api.get(`/complaints/${id}/history`)).body.events).toEqual(history);
  expect((await api.get(`/complaints/${id}/verify`)).body).toMatchObject({ valid: true, firstBreak: null });
  expect((await api.get(`/customers/${customer.id}/complaints`)).body.complaints).toHaveLength(1);
});

it('refuses bad personal data with 400 naming the field, and stores nothing', async () => {
  const answer = await api.post(
    '/complaints',
    receiveBody({ customer: { id: 'CUST-X', tier: 'ORDINARY', personal: { name: '', ssn: '123' } } }),
  );
  expect(answer.status).toBe(400);
  const fields = (answer.body.violations as { field: string }[]).map((v) => v.field).sort();
  expect(fields).toEqual(['customer.personal.name', 'customer.personal.ssn']);
});
