import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';

/**
 * Kafka for tests: a broker already answering at KAFKA_BROKERS (default
 * 127.0.0.1:9092) is used as it is; otherwise the local single-node broker
 * is started with scripts/kafka/local-kafka.sh (Java and, the first time,
 * Maven). When neither works the test fails with the reason — it never
 * skips, so a CI run without Kafka cannot pass unnoticed (with CI=true the
 * message says so explicitly).
 */
export const KAFKA_BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'kafka', 'local-kafka.sh');
/** First start may fetch the broker jars with Maven. */
const START_TIMEOUT_MS = 300_000;
const run = promisify(execFile);

export async function ensureLocalKafka(): Promise<string[]> {
  if (!(await reachable(KAFKA_BROKERS[0]))) {
    try {
      await localKafka('start');
    } catch (error) {
      const why = `Kafka is not reachable at ${KAFKA_BROKERS[0]} and ${SCRIPT} start failed: ${(error as Error).message}`;
      throw new Error(process.env.CI === 'true' ? `CI needs Kafka for this test. ${why}` : why, { cause: error });
    }
  }
  await waitForCoordinators(KAFKA_BROKERS);
  return KAFKA_BROKERS;
}

/**
 * Runs local-kafka.sh (start, stop, restart, status) for tests that manage
 * the broker, e.g. restart it; after a start, waits for its coordinators.
 */
export async function localKafka(command: 'start' | 'stop' | 'restart' | 'status'): Promise<void> {
  await run('bash', [SCRIPT, command], { timeout: START_TIMEOUT_MS, maxBuffer: 1 << 20 });
  if (command === 'start' || command === 'restart') await waitForCoordinators(KAFKA_BROKERS);
}

const COORDINATOR_READY_TIMEOUT_MS = 90_000;

/**
 * A broker that accepts connections may still be loading its internal
 * topics; until it has, InitProducerId and consumer-group requests fail with
 * "The coordinator is loading". Waits until an idempotent producer gets a
 * producer id (transaction coordinator) and a group's offsets can be read
 * (group coordinator), so no test starts against a half-ready broker.
 */
export async function waitForCoordinators(brokers: string[]): Promise<void> {
  const kafka = new Kafka({
    clientId: 'readiness-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    // A few quick retries let kafkajs load the cluster metadata it needs
    // before asking for a coordinator; the loop below does the long waiting.
    retry: { retries: 2, initialRetryTime: 100 },
  });
  const deadline = Date.now() + COORDINATOR_READY_TIMEOUT_MS;
  for (;;) {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    const admin = kafka.admin();
    try {
      await producer.connect();
      await admin.connect();
      await admin.fetchOffsets({ groupId: 'redress-readiness-probe' });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`Kafka at ${brokers.join(',')} is up but its coordinators are not ready: ${error}`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }
}

function reachable(broker: string): Promise<boolean> {
  const [host, port] = broker.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port), timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
