import { WireReader, WireWriter } from './wire-codec';

/**
 * The three requests an idempotent producer needs, in versions Kafka 4
 * serves: Produce v3 (the first with v2 record batches, the oldest Kafka 4
 * kept), Metadata v5 and InitProducerId v1.
 */
export interface WireRequest<T> {
  apiName: string;
  apiKey: number;
  apiVersion: number;
  body: Buffer;
  decode(response: WireReader): T;
}

/** Kafka error codes the producer treats specially; any other non-zero code fails the request. */
export const ErrorCode = {
  none: 0,
  /** The broker already wrote this batch (same producer, epoch and sequence): it counts as acknowledged. */
  duplicateSequenceNumber: 46,
} as const;

/** Names of the codes a producer meets, for messages an operator can act on (health's last error). */
const ERROR_NAMES: Record<number, string> = {
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  5: 'LEADER_NOT_AVAILABLE',
  6: 'NOT_LEADER_OR_FOLLOWER',
  7: 'REQUEST_TIMED_OUT',
  10: 'MESSAGE_TOO_LARGE',
  14: 'COORDINATOR_LOAD_IN_PROGRESS',
  15: 'COORDINATOR_NOT_AVAILABLE',
  19: 'NOT_ENOUGH_REPLICAS',
  20: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  29: 'TOPIC_AUTHORIZATION_FAILED',
  45: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
  47: 'INVALID_PRODUCER_EPOCH',
  59: 'UNKNOWN_PRODUCER_ID',
};

/** `error code 6 (NOT_LEADER_OR_FOLLOWER)`, or just the number for a code not listed. */
export function describeErrorCode(errorCode: number): string {
  const name = ERROR_NAMES[errorCode];
  return name ? `error code ${errorCode} (${name})` : `error code ${errorCode}`;
}

export class KafkaProtocolError extends Error {
  constructor(
    readonly apiName: string,
    readonly errorCode: number,
    where = '',
  ) {
    super(`Kafka ${apiName} failed${where}: ${describeErrorCode(errorCode)}`);
    this.name = 'KafkaProtocolError';
  }
}

export interface ProducerSession {
  producerId: bigint;
  producerEpoch: number;
}

/** InitProducerId v1 for an idempotent, non-transactional producer. */
export function initProducerId(): WireRequest<ProducerSession> {
  return {
    apiName: 'InitProducerId',
    apiKey: 22,
    apiVersion: 1,
    body: new WireWriter(8).string(null).int32(60_000).toBuffer(),
    decode(response) {
      response.int32(); // throttle time
      const errorCode = response.int16();
      const producerId = response.int64();
      const producerEpoch = response.int16();
      if (errorCode !== ErrorCode.none) throw new KafkaProtocolError('InitProducerId', errorCode);
      return { producerId, producerEpoch };
    },
  };
}

export interface BrokerAddress {
  host: string;
  port: number;
}

export interface ClusterMetadata {
  brokers: Map<number, BrokerAddress>;
  /** Each topic's partition leaders (node ids; -1 when a partition has none), by partition index. */
  leaders: Map<string, number[]>;
}

/** Metadata v5 for the given topics, never creating them (the provisioner does, with the configured layout). */
export function metadata(topics: readonly string[]): WireRequest<ClusterMetadata> {
  const writer = new WireWriter();
  writer.array(topics, (topic) => writer.string(topic)).int8(0);
  return { apiName: 'Metadata', apiKey: 3, apiVersion: 5, body: writer.toBuffer(), decode: decodeMetadata };
}

function decodeMetadata(response: WireReader): ClusterMetadata {
  response.int32(); // throttle time
  const brokers = new Map<number, BrokerAddress>();
  response.array(() => {
    const nodeId = response.int32();
    const host = response.string() ?? '';
    const port = response.int32();
    response.string(); // rack
    brokers.set(nodeId, { host, port });
  });
  response.string(); // cluster id
  response.int32(); // controller id
  const leaders = new Map<string, number[]>();
  response.array(() => {
    const errorCode = response.int16();
    const topic = response.string() ?? '';
    response.int8(); // is internal
    const partitions: number[] = [];
    response.array(() => {
      response.int16(); // partition error: a partition without a leader shows as leader -1
      const index = response.int32();
      partitions[index] = response.int32();
      response.array(() => response.int32()); // replicas
      response.array(() => response.int32()); // in-sync replicas
      response.array(() => response.int32()); // offline replicas
    });
    if (errorCode !== ErrorCode.none) throw new KafkaProtocolError('Metadata', errorCode, ` for topic ${topic}`);
    leaders.set(topic, partitions);
  });
  return { brokers, leaders };
}

/** One partition's part of a produce request: its records already encoded as a record batch. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  batch: Buffer;
}

export interface PartitionOutcome {
  topic: string;
  partition: number;
  errorCode: number;
}

/** Produce v3 with acks=all, not transactional; the batches grouped by topic in the order given. */
export function produce(batches: readonly PartitionBatch[], timeoutMs: number): WireRequest<PartitionOutcome[]> {
  const byTopic = new Map<string, PartitionBatch[]>();
  for (const batch of batches) {
    const list = byTopic.get(batch.topic);
    if (list) list.push(batch);
    else byTopic.set(batch.topic, [batch]);
  }
  const size = batches.reduce((bytes, { batch }) => bytes + batch.length + 8, 64);
  const writer = new WireWriter(size).string(null).int16(-1).int32(timeoutMs);
  writer.array([...byTopic], ([topic, partitions]) => {
    writer.string(topic).array(partitions, ({ partition, batch }) => writer.int32(partition).bytes(batch));
  });
  return { apiName: 'Produce', apiKey: 0, apiVersion: 3, body: writer.toBuffer(), decode: decodeProduce };
}

function decodeProduce(response: WireReader): PartitionOutcome[] {
  const outcomes: PartitionOutcome[] = [];
  response.array(() => {
    const topic = response.string() ?? '';
    response.array(() => {
      const partition = response.int32();
      const errorCode = response.int16();
      response.int64(); // base offset
      response.int64(); // log append time
      outcomes.push({ topic, partition, errorCode });
    });
  });
  return outcomes;
}
