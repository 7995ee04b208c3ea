import { BrokerConnection } from './kafka-wire/broker-connection';
import { encodeRecordBatch } from './kafka-wire/record-batch';
import {
  describeErrorCode,
  ErrorCode,
  initProducerId,
  metadata,
  produce,
  type ClusterMetadata,
  type PartitionBatch,
  type ProducerSession,
  type WireRequest,
} from './kafka-wire/requests';
import { partitionForKey } from './java-murmur2-partitioner';
import type { OutgoingRecord, ProducerRequest, RecordProducer } from './record-producer';

const RESPONSE_MARGIN_MS = 5_000;

export interface WireRecordProducerOptions {
  brokers: readonly string[];
  clientId: string;
  connectionTimeoutMs?: number;
  /** How long the broker may take to acknowledge (it waits for all in-sync replicas), and we for its answer. */
  requestTimeoutMs?: number;
}

/**
 * A `RecordProducer` that speaks Kafka's protocol itself instead of going
 * through kafkajs, for the publisher's hot path: kafkajs's record encoder
 * cost ~45 µs of CPU per CloudEvent record (a zero-filled buffer per header),
 * this one's ~7 µs, for the same bytes on the wire.
 *
 * It keeps the port's promises: idempotent (a producer id from
 * InitProducerId, a sequence per partition that only advances once the
 * broker acknowledged that partition's batch, so re-sending an
 * unacknowledged request is recognised by the broker as a duplicate), acks=all,
 * the Java client's murmur2 partitioner over the topic's partition count,
 * no topic creation (Metadata with auto-creation off), and one request per
 * broker in flight.
 *
 * It does not retry by itself: any failure rejects the send, drops what may
 * be stale (the connection, the cached leaders) and leaves the retrying to
 * the publisher, which re-sends the same request and, after repeated
 * failures, starts a new producer session.
 */
export class WireRecordProducer implements RecordProducer {
  private readonly connectionTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly connections = new Map<number, BrokerConnection>();
  private bootstrap: BrokerConnection | undefined;
  private session: ProducerSession | undefined;
  private cluster: ClusterMetadata = { brokers: new Map(), leaders: new Map() };
  /** The next sequence number of each partition, keyed by `partitionKey`; absent means 0. */
  private readonly sequences = new Map<string, number>();

  constructor(private readonly options: WireRecordProducerOptions) {
    this.connectionTimeoutMs = options.connectionTimeoutMs ?? 3_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  async connect(): Promise<void> {
    this.session = await this.request(initProducerId());
  }

  async send(request: ProducerRequest): Promise<void> {
    const session = this.session;
    if (!session) throw new Error('the producer is not connected');
    try {
      await this.ensureLeaders(request);
      const timestamp = Date.now();
      // Every broker's request settles before the send does, so a retry never overlaps a request still in flight.
      const outcomes = await Promise.allSettled(
        [...this.partitioned(request)].map(([leader, partitions]) =>
          this.produceOn(leader, partitions, session, timestamp),
        ),
      );
      const failure = outcomes.find((outcome) => outcome.status === 'rejected');
      if (failure) throw failure.reason;
    } catch (error) {
      // Leaders may have moved or the topic changed: look them up again on the next attempt.
      this.cluster.leaders.clear();
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    this.bootstrap?.close();
    this.bootstrap = undefined;
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
    this.session = undefined;
  }

  private async ensureLeaders(request: ProducerRequest): Promise<void> {
    const unknown = new Set<string>();
    for (const record of request) if (!this.cluster.leaders.has(record.topic)) unknown.add(record.topic);
    if (unknown.size === 0) return;
    const found = await this.request(metadata([...unknown]));
    for (const [id, address] of found.brokers) this.cluster.brokers.set(id, address);
    for (const [topic, leaders] of found.leaders) this.cluster.leaders.set(topic, leaders);
  }

  /** The request's records by partition leader, then by topic-partition (see `partitionKey`), each list in log order. */
  private partitioned(request: ProducerRequest): Map<number, Map<string, PartitionRecords>> {
    const byLeader = new Map<number, Map<string, PartitionRecords>>();
    for (const record of request) {
      const leaders = this.cluster.leaders.get(record.topic) as number[];
      const partition = partitionForKey(record.key, leaders.length);
      const leader = leaders[partition];
      if (leader === undefined || leader < 0) {
        throw new Error(`partition ${partition} of Kafka topic ${record.topic} has no leader`);
      }
      let partitions = byLeader.get(leader);
      if (!partitions) byLeader.set(leader, (partitions = new Map()));
      const key = partitionKey(record.topic, partition);
      const entry = partitions.get(key);
      if (entry) entry.records.push(record);
      else partitions.set(key, { topic: record.topic, partition, records: [record] });
    }
    return byLeader;
  }

  private async produceOn(
    leader: number,
    partitions: Map<string, PartitionRecords>,
    session: ProducerSession,
    timestamp: number,
  ): Promise<void> {
    const batches: PartitionBatch[] = [];
    for (const [key, { topic, partition, records }] of partitions) {
      const firstSequence = this.sequences.get(key) ?? 0;
      const batch = encodeRecordBatch(records, { ...session, firstSequence }, timestamp);
      batches.push({ topic, partition, batch });
    }
    const connection = await this.connectionTo(leader);
    const outcomes = await connection.send(produce(batches, this.requestTimeoutMs));
    const failed: string[] = [];
    for (const { topic, partition, errorCode } of outcomes) {
      const key = partitionKey(topic, partition);
      if (errorCode === ErrorCode.none || errorCode === ErrorCode.duplicateSequenceNumber) {
        const sent = (partitions.get(key) as PartitionRecords).records.length;
        this.sequences.set(key, nextSequence(this.sequences.get(key) ?? 0, sent));
      } else {
        failed.push(`${topic}/${partition}: ${describeErrorCode(errorCode)}`);
      }
    }
    if (failed.length > 0) throw new Error(`Kafka refused the batch on ${failed.join(', ')}`);
    if (outcomes.length !== partitions.size) {
      throw new Error(`Kafka acknowledged ${outcomes.length} of the ${partitions.size} partitions sent`);
    }
  }

  private async connectionTo(nodeId: number): Promise<BrokerConnection> {
    const existing = this.connections.get(nodeId);
    if (existing?.usable) return existing;
    const address = this.cluster.brokers.get(nodeId);
    if (!address) throw new Error(`Kafka broker ${nodeId} is not in the cluster metadata`);
    const connection = await BrokerConnection.open(address.host, address.port, this.connectionOptions());
    this.connections.set(nodeId, connection);
    return connection;
  }

  /** A request any broker can answer, on the first bootstrap broker that accepts a connection. */
  private async request<T>(request: WireRequest<T>): Promise<T> {
    if (!this.bootstrap?.usable) this.bootstrap = await this.openBootstrap();
    return this.bootstrap.send(request);
  }

  private async openBootstrap(): Promise<BrokerConnection> {
    const errors: string[] = [];
    for (const broker of this.options.brokers) {
      const separator = broker.lastIndexOf(':');
      try {
        return await BrokerConnection.open(
          broker.slice(0, separator),
          Number(broker.slice(separator + 1)),
          this.connectionOptions(),
        );
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    throw new Error(`no Kafka broker reachable: ${errors.join('; ')}`);
  }

  private connectionOptions() {
    return {
      clientId: this.options.clientId,
      connectionTimeoutMs: this.connectionTimeoutMs,
      // The broker answers a produce within its timeout; the margin covers the round trip.
      requestTimeoutMs: this.requestTimeoutMs + RESPONSE_MARGIN_MS,
    };
  }
}

/** One topic-partition's records of a request, in log order. */
interface PartitionRecords {
  topic: string;
  partition: number;
  records: OutgoingRecord[];
}

/** The key of a topic-partition in the producer's maps (sequences, a request's partitions). */
function partitionKey(topic: string, partition: number): string {
  return `${topic}\0${partition}`;
}

/** The Java client's `DefaultRecordBatch.incrementSequence`: sequence numbers wrap from Integer.MAX_VALUE to 0. */
export function nextSequence(sequence: number, increment: number): number {
  const max = 0x7fffffff;
  if (sequence > max - increment) return increment - (max - sequence) - 1;
  return sequence + increment;
}
