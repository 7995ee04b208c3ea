import { Kafka, logLevel, type LogEntry, type Producer } from 'kafkajs';
import { javaCompatiblePartitioner } from './java-murmur2-partitioner';

export type PublishingLog = (level: 'error' | 'warn' | 'log', message: string) => void;

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  log?: PublishingLog;
}

/** kafkajs's own notice when retries are bounded; see `createPublishingProducer` for why bounding them is safe here. */
const BOUNDED_RETRIES_NOTICE = 'Limiting retries for the idempotent producer';

/**
 * A kafkajs client whose own retries are short (a few seconds): a broker
 * outage then surfaces as a failed send, which the publisher reports
 * (unhealthy, last error) and retries itself with a capped backoff, instead
 * of hiding inside one send that hangs for as long as the outage lasts.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const log = options.log ?? (() => undefined);
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        if (entry.message.startsWith(BOUNDED_RETRIES_NOTICE)) return;
        const detail = entry.error ? `: ${entry.error}` : '';
        log(level <= logLevel.ERROR ? 'error' : 'warn', `kafkajs ${entry.message}${detail}`);
      },
  });
}

/**
 * The producer every publication goes through (the publisher's, the
 * backfill's, and other services' on their own topics):
 * - idempotent (KIP-98): the broker drops a retried request it already wrote,
 *   so kafkajs's internal retries never duplicate; this implies acks=all.
 *   Its retries are bounded, which kafkajs warns may break exactly-once. It
 *   does not here: after a failure the publisher re-sends exactly the same
 *   batch on the same producer, so sequence numbers stay consistent, and
 *   any duplicate that does slip through carries its original `ce_id`.
 * - one request in flight, so a retried request cannot overtake a later one;
 * - the Java client's murmur2 partitioner, so keys map as in every other client;
 * - no automatic topic creation: topics are created up front with the
 *   configured partition count, never by a first send with broker defaults.
 */
export function createPublishingProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: javaCompatiblePartitioner,
    allowAutoTopicCreation: false,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
  });
}
