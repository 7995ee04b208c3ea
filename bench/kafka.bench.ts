import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import { openPersistence, type Persistence } from '@redress/config';
import { complaintStreamId } from '@redress/application';
import type { RecordedEvent } from '@redress/event-store';
import {
  CloudEventSender,
  createKafkaClient,
  ensureTopics,
  KafkaEventPublisher,
  type PublisherConfig,
  WireRecordProducer,
} from '@redress/publishing';
import { LatencyRecorder, round } from './support/latency';
import { withLoadAverage, type LoadAverageSummary } from './support/load-average';
import { pidsNamed, ProcessCpuMeter } from './support/process-cpu';
import { assertLoopback, benchSchemaName, dropSchema, POSTGRES_URL } from './support/local-postgres';
import { numberOption } from './support/options';
import { writeBenchResults } from './support/results';
import { seedComplaintLog } from './support/seed-complaint-log';
import { complaintEvent } from './support/append-load';

/**
 * `npm run bench -- kafka [--complaints=N] [--rate=N] [--seconds=N] [--warmup=N] [--batch=N]`
 *
 * The Kafka publisher over the PostgreSQL store (a schema of its own, dropped
 * afterwards) and the broker at KAFKA_BROKERS (start one with
 * `bash scripts/kafka/local-kafka.sh start`), on topics of its own, deleted
 * afterwards. Two cases, each against its target:
 * - throughput: a seeded log of realistic complaint events published from
 *   position 0 (acks=all, idempotent, CloudEvents binary mode, 3 partitions);
 * - latency: single-event appends at a steady rate, each timed from the
 *   append's acknowledgement to Kafka's acknowledgement of that event.
 */
export const KAFKA_TARGETS = { throughputEventsPerSecond: 25_000, latencyP99Ms: 300, latencyRate: 2_000 };

export async function runKafkaBench(args: string[]): Promise<void> {
  const options = {
    complaints: numberOption(args, 'complaints', 20_000),
    rate: numberOption(args, 'rate', KAFKA_TARGETS.latencyRate),
    seconds: numberOption(args, 'seconds', 30),
    warmup: numberOption(args, 'warmup', 5),
    batch: numberOption(args, 'batch', 1000),
  };
  assertLoopback(POSTGRES_URL);
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const schema = benchSchemaName();
  const config = publisherConfig(brokers, schema, options.batch);
  const persistence = await openPersistence(
    { kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 8 } },
    'redress-bench-kafka',
  );
  try {
    const throughput = await measureThroughput(persistence, config, schema, options.complaints);
    console.log('throughput', throughput);
    const pages = await readWholeLog(persistence, config.batchSize);
    const baseline = await measureProducerAlone(pages, config);
    console.log('producer alone', baseline);
    const latency = await measureLatency(persistence, config, options);
    console.log('latency', latency);
    const results = {
      benchmark: 'kafka',
      at: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        loadAverage1m: round(loadavg()[0]),
      },
      options,
      throughput: { ...throughput, target: KAFKA_TARGETS.throughputEventsPerSecond },
      producerAlone: baseline,
      latency: { ...latency, targetP99Ms: KAFKA_TARGETS.latencyP99Ms },
    };
    await writeBenchResults('kafka', results, report(results));
  } finally {
    await persistence.close();
    await dropSchema(schema);
    await deleteTopics(brokers, [config.topics.allEvents, `${config.topics.allEvents}.baseline`]);
  }
}

function publisherConfig(brokers: string[], schema: string, batchSize: number): PublisherConfig {
  return {
    brokers,
    clientId: 'redress-bench',
    source: '/redress-bench',
    dataSchemaBaseUrl: 'http://localhost:3000/schemas',
    topics: { allEvents: `${schema}.complaints.events.v1`, routes: {}, partitions: 3, replicationFactor: 1 },
    batchSize,
    maxRetryDelayMs: 1_000,
  };
}

/** Seeds the log, then times the publisher from its first acknowledged batch to the head. */
async function measureThroughput(
  persistence: Persistence,
  config: PublisherConfig,
  schema: string,
  complaints: number,
) {
  const seeded = await seedComplaintLog(schema, {
    complaints,
    until: Date.now(),
    seed: 20261123,
    writers: 2,
    eventsPerInsert: 5000,
  });
  const head = await persistence.eventStore.headPosition();
  let first: { at: number; events: number } | undefined;
  let last = 0;
  const publisher = new KafkaEventPublisher(persistence.eventStore, persistence.readModels, config, {
    log: quietLog,
    onAcknowledged: (events) => {
      last = performance.now();
      first ??= { at: last, events: events.length };
    },
  });
  const cpu = new CpuPerEvent();
  const { load } = await withLoadAverage(async () => {
    await publisher.start();
    await publisher.waitForPosition(head, 600_000);
    await publisher.stop();
  });
  const started = first as { at: number; events: number };
  const seconds = (last - started.at) / 1000;
  const events = head - started.events; // the first batch's events were sent before the clock started
  return {
    events: head,
    seededComplaints: seeded.complaints,
    seconds: round(seconds),
    eventsPerSecond: Math.round(events / seconds),
    meetsTarget: events / seconds >= KAFKA_TARGETS.throughputEventsPerSecond,
    cpuMicrosecondsPerEvent: cpu.perEvent(head),
    load,
  };
}

/** The seeded log, in the publisher's pages, read into memory. */
async function readWholeLog(persistence: Persistence, batchSize: number): Promise<RecordedEvent[][]> {
  const pages: RecordedEvent[][] = [];
  for (let after = 0; ;) {
    const page = await persistence.eventStore.readAll({ after, maxCount: batchSize });
    if (page.length === 0) break;
    pages.push(page);
    after = page[page.length - 1].position;
  }
  return pages;
}

/**
 * The ceiling a producer sets, measured in the same run: the same log, read
 * into memory first, sent as the same CloudEvent records with the same
 * producer (the publisher's default, a WireRecordProducer) and request size,
 * with no store reads and no checkpoints.
 */
async function measureProducerAlone(pages: RecordedEvent[][], config: PublisherConfig) {
  const topic = `${config.topics.allEvents}.baseline`;
  const kafka = createKafkaClient({ brokers: config.brokers, clientId: config.clientId, log: quietLog });
  await ensureTopics(kafka, [topic], config.topics);
  const producer = new WireRecordProducer({ brokers: config.brokers, clientId: config.clientId });
  await producer.connect();
  try {
    const sender = new CloudEventSender(producer, config, () => [topic]);
    const cpu = new CpuPerEvent();
    const started = performance.now();
    const { load } = await withLoadAverage(async () => {
      for (const page of pages) await sender.send(page);
    });
    const seconds = (performance.now() - started) / 1000;
    const events = pages.reduce((sum, page) => sum + page.length, 0);
    return {
      events,
      seconds: round(seconds),
      eventsPerSecond: Math.round(events / seconds),
      cpuMicrosecondsPerEvent: cpu.perEvent(events),
      load,
    };
  } finally {
    await producer.disconnect();
  }
}

/**
 * Appends one event at a time, open loop at `rate` per second, while the
 * publisher follows the log; each event's latency is from its append being
 * acknowledged to Kafka acknowledging it.
 */
async function measureLatency(
  persistence: Persistence,
  config: PublisherConfig,
  options: { rate: number; seconds: number; warmup: number },
) {
  const appendedAt = new Map<number, number>();
  const ackedAt = new Map<number, number>();
  const latencies = new LatencyRecorder();
  let measureFrom = Infinity;
  let measureUntil = Infinity;
  const settle = (position: number) => {
    const appended = appendedAt.get(position);
    const acked = ackedAt.get(position);
    if (appended === undefined || acked === undefined) return;
    if (appended >= measureFrom && appended <= measureUntil) latencies.record(Math.max(0, acked - appended));
    appendedAt.delete(position);
    ackedAt.delete(position);
  };
  const publisher = new KafkaEventPublisher(persistence.eventStore, persistence.readModels, config, {
    log: quietLog,
    onAcknowledged: (events: readonly RecordedEvent[]) => {
      const now = performance.now();
      for (const event of events) {
        ackedAt.set(event.position, now);
        settle(event.position);
      }
    },
  });
  await publisher.start();
  await publisher.waitForPosition(await persistence.eventStore.headPosition(), 600_000);

  const tickMs = 10;
  const perTick = Math.max(1, Math.round((options.rate * tickMs) / 1000));
  const start = performance.now();
  measureFrom = start + options.warmup * 1000;
  measureUntil = measureFrom + options.seconds * 1000;
  const appends: Promise<void>[] = [];
  let appended = 0;
  for (let tick = 0; performance.now() < measureUntil; tick++) {
    for (let i = 0; i < perTick; i++) {
      const streamId = complaintStreamId(crypto.randomUUID());
      appends.push(
        persistence.eventStore.append(streamId, [complaintEvent(streamId, tick, i)], 'no_stream').then((result) => {
          appendedAt.set(result.position, performance.now());
          settle(result.position);
        }),
      );
      appended++;
    }
    // Open loop: the next tick is due at its time, whether or not earlier appends have finished.
    const due = start + (tick + 1) * tickMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
  await Promise.all(appends);
  await publisher.waitForPosition(await persistence.eventStore.headPosition(), 60_000);
  await publisher.stop();
  const elapsed = (performance.now() - start) / 1000;
  const summary = latencies.summary();
  return {
    targetRate: options.rate,
    achievedRate: Math.round(appended / elapsed),
    measured: latencies.count,
    ...summary,
    meetsTarget: summary.p99Ms <= KAFKA_TARGETS.latencyP99Ms,
  };
}

interface PublicationCost {
  eventsPerSecond: number;
  cpuMicrosecondsPerEvent: { node: number; broker: number; postgres: number; total: number };
  load: LoadAverageSummary;
}

function report(results: {
  at: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverage1m: number };
  throughput: PublicationCost & { events: number; target: number; meetsTarget: boolean };
  producerAlone: PublicationCost;
  latency: {
    achievedRate: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    targetP99Ms: number;
    meetsTarget: boolean;
  };
}): string {
  const { throughput: t, producerAlone: p, latency: l, machine } = results;
  const verdict = (ok: boolean) => (ok ? 'meets' : 'misses');
  const cost = ({ cpuMicrosecondsPerEvent: cpu, load }: PublicationCost) =>
    `${cpu.node} / ${cpu.broker} / ${cpu.postgres} | ${load.min}–${load.max} |`;
  return [
    `# Kafka publisher benchmark (${results.at})`,
    '',
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; broker and PostgreSQL on the same machine;`,
    `load average ${machine.loadAverage1m} at the end of the run.`,
    '',
    '| case | result | target | | CPU µs/event: Node / broker / PostgreSQL | load average (1 min) |',
    '| --- | --- | --- | --- | --- | --- |',
    `| throughput (${t.events} events from position 0) | ${t.eventsPerSecond} events/s | ≥ ${t.target} events/s | ${verdict(t.meetsTarget)} | ${cost(t)}`,
    `| baseline: the same records through the producer alone (the publisher's WireRecordProducer) | ${p.eventsPerSecond} events/s | | | ${cost(p)}`,
    `| append ack → Kafka ack at ${l.achievedRate} events/s | p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms | p99 ≤ ${l.targetP99Ms} ms | ${verdict(l.meetsTarget)} | | |`,
    '',
    'CPU per event is over the whole publication; the broker and PostgreSQL figures include anything else using them meanwhile.',
    '',
  ].join('\n');
}

/**
 * CPU time per published event, from construction to `perEvent`: of this
 * process (publisher and kafkajs), of the broker and of PostgreSQL (all its
 * processes). With 2 cores shared by the three, their sum per event bounds the
 * throughput more tightly than any one of them; the broker and PostgreSQL
 * figures include whatever else uses them meanwhile.
 */
class CpuPerEvent {
  private readonly node = process.cpuUsage();
  private readonly broker = new ProcessCpuMeter();
  private readonly postgres = new ProcessCpuMeter();

  constructor() {
    this.broker.sample(brokerPids(), true);
    this.postgres.sample(pidsNamed('postgres'), true);
  }

  perEvent(events: number): { node: number; broker: number; postgres: number; total: number } {
    const nodeUsage = process.cpuUsage(this.node);
    this.broker.sample(brokerPids());
    this.postgres.sample(pidsNamed('postgres'));
    const node = (nodeUsage.user + nodeUsage.system) / events;
    const broker = (this.broker.cpuSeconds * 1e6) / events;
    const postgres = (this.postgres.cpuSeconds * 1e6) / events;
    return {
      node: round(node),
      broker: round(broker),
      postgres: round(postgres),
      total: round(node + broker + postgres),
    };
  }
}

/** The Kafka broker's JVM on this machine (started by scripts/kafka/local-kafka.sh), by its main class. */
function brokerPids(): number[] {
  return pidsNamed('java').filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('kafka.Kafka');
    } catch {
      return false;
    }
  });
}

async function deleteTopics(brokers: string[], topics: string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'redress-bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

function quietLog(level: 'error' | 'warn' | 'log', message: string): void {
  if (level !== 'log') console.warn(`[publisher] ${message}`);
}
