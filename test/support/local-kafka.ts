import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

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
  if (await reachable(KAFKA_BROKERS[0])) return KAFKA_BROKERS;
  try {
    await localKafka('start');
  } catch (error) {
    const why = `Kafka is not reachable at ${KAFKA_BROKERS[0]} and ${SCRIPT} start failed: ${(error as Error).message}`;
    throw new Error(process.env.CI === 'true' ? `CI needs Kafka for this test. ${why}` : why, { cause: error });
  }
  return KAFKA_BROKERS;
}

/** Runs local-kafka.sh (start, stop, restart, status) for tests that manage the broker, e.g. restart it. */
export async function localKafka(command: 'start' | 'stop' | 'restart' | 'status'): Promise<void> {
  await run('bash', [SCRIPT, command], { timeout: START_TIMEOUT_MS, maxBuffer: 1 << 20 });
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
