import { randomBytes, randomUUID } from 'node:crypto';
import { ComplaintCommandService } from '@redress/application';
import { createKafkaClient } from '@redress/publishing';
import {
  adminQuery,
  dropSchema,
  openTestStore,
  POSTGRES_URL,
  randomSchemaName,
} from '../../../libs/event-store/test/support/postgres-test-schema';
import { receiveCommand } from '../../../test/support/complaint-scenarios';
import { buildCli, postgresStoreEnv, type CliBuild, type CliResult } from './support/cli-process';
import { startOtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const COMPLAINTS = 12;
const ERROR_STATUS = 2; // OTLP STATUS_CODE_ERROR

/**
 * The management CLI's long operations as root spans: the CLI compiled and
 * run as its own process against PostgreSQL (and the local Kafka broker),
 * exporting through OTLP/HTTP to a receiver in this test, which must have the
 * spans by the time the process has exited.
 */
describe('tracing of the management CLI', () => {
  const schema = randomSchemaName();
  const topic = `redress-cli-tracing-${randomBytes(4).toString('hex')}`;
  let build: CliBuild;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let events = 0;
  let head = 0;

  const cli = (...args: string[]): Promise<CliResult> =>
    build.run(args, {
      ...postgresStoreEnv(POSTGRES_URL, schema),
      KAFKA_BROKERS: BROKERS,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    });
  /** The one span of this name the receiver holds, received before the CLI exited. */
  const onlySpan = (name: string): ReceivedSpan => {
    const named = receiver.spans.filter((span) => span.name === name);
    expect(named.map((span) => span.name)).toEqual([name]);
    return named[0];
  };
  const expectRoot = (span: ReceivedSpan) => {
    expect(span.parentSpanId).toBeUndefined();
    expect(span.serviceName).toBe('redress-cli');
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
  };

  beforeAll(async () => {
    const store = await openTestStore(schema);
    try {
      const commands = new ComplaintCommandService(store);
      for (let i = 0; i < COMPLAINTS; i++) {
        const complaintId = randomUUID();
        const result = await commands.execute({
          complaintId,
          command: receiveCommand(complaintId, `CUST-${i}`),
          commandId: randomUUID(),
          correlationId: randomUUID(),
          actor: { id: 'agent-1', role: 'agent' },
        });
        head = result.position;
      }
    } finally {
      await store.close();
    }
    const [row] = await adminQuery<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.redress_events`);
    events = Number(row.n);
    [build, receiver] = await Promise.all([buildCli(), startOtlpReceiver()]);
  });
  beforeEach(() => {
    receiver.spans.length = 0;
  });
  afterAll(async () => {
    await build?.remove();
    await receiver?.close();
    await dropSchema(schema);
    const admin = createKafkaClient({ brokers: [BROKERS], clientId: 'cli-tracing-test', log: () => undefined }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined); // absent when the republish test failed early
    await admin.disconnect();
  });

  it('projections rebuild: one root span with the projection, the events applied and the outcome', async () => {
    const result = await cli('projections', 'rebuild', 'sla-tracking');
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const applied = Number(/; (\d+) events in /.exec(result.stdout)?.[1]);
    expect(applied).toBeGreaterThan(0);
    const span = onlySpan('projections rebuild');
    expectRoot(span);
    expect(span.attributes).toMatchObject({
      'redress.projection.name': 'sla-tracking',
      'redress.events.processed': applied,
      'redress.operation.outcome': 'completed',
    });
    expect(span.status.code).not.toBe(ERROR_STATUS);
  });

  it('kafka republish: the topic, the first position and the events sent', async () => {
    const result = await cli('kafka', 'republish', '--from', '2', '--topic', topic);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const span = onlySpan('kafka republish');
    expectRoot(span);
    expect(span.attributes).toMatchObject({
      'messaging.destination.name': topic,
      'redress.republish.from': '2',
      'redress.log.position.first': 2,
      'redress.log.position.last': head,
      'redress.events.processed': head - 1,
      'redress.operation.outcome': 'completed',
    });
  });

  it('audit verify --all: the events verified and whether every chain held', async () => {
    const result = await cli('audit', 'verify', '--all');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`OK: ${COMPLAINTS} complaints`);
    const span = onlySpan('audit verify');
    expectRoot(span);
    expect(span.attributes).toMatchObject({
      'redress.audit.scope': 'all',
      'redress.events.processed': events,
      'redress.operation.outcome': 'valid',
    });
  });

  it('a failed operation records its error and outcome, and still exports before exiting', async () => {
    const missing = randomUUID();
    const result = await cli('audit', 'verify', missing);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`complaint ${missing} does not exist`);
    const span = onlySpan('audit verify');
    expectRoot(span);
    expect(span.attributes).toMatchObject({
      'redress.aggregate.id': missing,
      'redress.operation.outcome': 'failed',
    });
    expect(span.status).toMatchObject({ code: ERROR_STATUS, message: `complaint ${missing} does not exist` });
    expect(span.events).toContainEqual({
      name: 'exception',
      attributes: expect.objectContaining({ 'exception.message': `complaint ${missing} does not exist` }),
    });
  });

  it('an unknown projection is a failed rebuild span too', async () => {
    const result = await cli('projections', 'rebuild', 'no-such-projection');
    expect(result.code).toBe(1);
    const span = onlySpan('projections rebuild');
    expect(span.attributes).toMatchObject({
      'redress.projection.name': 'no-such-projection',
      'redress.operation.outcome': 'failed',
    });
    expect(span.status.code).toBe(ERROR_STATUS);
  });
});
