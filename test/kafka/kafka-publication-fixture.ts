import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { UnstampedComplaintCommand } from '@redress/application';
import { KafkaEventPublisher, type KafkaEventPublisherOptions, type PublisherConfig } from '@redress/publishing';
import { CrmConsumer } from '../../apps/crm-consumer/src/crm-consumer';
import { CustomerViewStore } from '../../apps/crm-consumer/src/customer-view-store';
import { openProjectionFixture } from '../../libs/projections/test/projection-fixture';
import { eventfulLifecycleSteps, receiveCommand, withdrawalSteps } from '../support/complaint-scenarios';
import { ensureLocalKafka } from '../support/local-kafka';

/**
 * The publication pipeline for one spec: an in-memory embedded store written
 * through the real command service, publishers over it, topics of its own
 * (so specs and reruns never see each other's records), and reference
 * consumers reading them.
 */
export async function openKafkaPublicationFixture(
  settings: { routes?: Record<string, string[]>; batchSize?: number } = {},
) {
  const brokers = await ensureLocalKafka();
  const fx = await openProjectionFixture();
  const run = `t${randomUUID().slice(0, 8)}`;
  const routes = Object.fromEntries(
    Object.entries(settings.routes ?? {}).map(([type, topics]) => [type, topics.map((t) => `${run}.${t}`)]),
  );
  const config: PublisherConfig = {
    brokers,
    clientId: `redress-test-${run}`,
    source: '/redress-test',
    dataSchemaBaseUrl: 'http://localhost:3000/schemas',
    topics: { allEvents: `${run}.complaints.events.v1`, routes, partitions: 3, replicationFactor: 1 },
    batchSize: settings.batchSize ?? 50,
    maxRetryDelayMs: 1_000,
  };
  const logs: string[] = [];
  const publishers: KafkaEventPublisher[] = [];
  const consumers: { consumer: CrmConsumer; view: CustomerViewStore }[] = [];

  return {
    brokers,
    config,
    store: fx.store,
    catalog: fx.catalog,
    logs,

    publisher(options: KafkaEventPublisherOptions = {}): KafkaEventPublisher {
      const publisher = new KafkaEventPublisher(fx.store, fx.client, config, {
        log: (level, message) => logs.push(`${level}: ${message}`),
        ...options,
      });
      publishers.push(publisher);
      return publisher;
    },

    /** The reference CRM consumer on the all-events topic, with an in-memory view. */
    async crmConsumer() {
      const view = await CustomerViewStore.open(null);
      const kafka = new Kafka({ clientId: `crm-${run}`, brokers, logLevel: logLevel.NOTHING });
      const consumer = new CrmConsumer(kafka, view, {
        groupId: `crm-${run}-${consumers.length}`,
        topic: config.topics.allEvents,
      });
      await consumer.start();
      consumers.push({ consumer, view });
      return view;
    },

    /** Receives a complaint and runs `steps` on it, one command at a time. */
    async complaint(customerId: string, steps: UnstampedComplaintCommand[]): Promise<string> {
      const complaintId = randomUUID();
      await fx.run(complaintId, receiveCommand(complaintId, customerId));
      for (const step of steps) await fx.run(complaintId, step);
      return complaintId;
    },

    /**
     * `count` complaints handled concurrently, `inParallel` at a time, so their
     * events interleave in the log: every third is withdrawn, the rest go the
     * whole eventful way.
     */
    async manyComplaints(count: number, inParallel = 5, customerOf = (i: number) => `CUST-${i % 4}`): Promise<void> {
      for (let first = 0; first < count; first += inParallel) {
        const wave = Array.from({ length: Math.min(inParallel, count - first) }, (_, j) => first + j);
        await Promise.all(
          wave.map((i) => this.complaint(customerOf(i), i % 3 === 2 ? withdrawalSteps() : eventfulLifecycleSteps())),
        );
        // The in-memory store answers through microtasks alone; without a pause between waves a writing
        // loop would starve timers and network I/O (the publisher's included) for as long as it runs.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },

    async close(): Promise<void> {
      for (const publisher of publishers) await publisher.stop();
      for (const { consumer, view } of consumers) {
        await consumer.stop();
        await view.close();
      }
      await fx.close();
      await deleteTopicsOf(brokers, run);
    },
  };
}

export type KafkaPublicationFixture = Awaited<ReturnType<typeof openKafkaPublicationFixture>>;

export async function waitUntil(condition: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The spec's topics all start with its run id; removing them keeps the shared broker small. */
export async function deleteTopicsOf(brokers: string[], run: string): Promise<void> {
  const admin = new Kafka({ clientId: `cleanup-${run}`, brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(`${run}.`));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } catch {
    // Best effort: a topic left behind only costs disk until retention removes its data.
  } finally {
    await admin.disconnect();
  }
}
