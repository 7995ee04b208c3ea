import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { CrmConsumer } from './crm-consumer';
import { serveCustomerView } from './customer-view-http';
import { CustomerViewStore } from './customer-view-store';

/**
 * The reference CRM consumer as a process:
 *   KAFKA_BROKERS (127.0.0.1:9092), CRM_GROUP_ID (redress-crm), CRM_TOPIC (complaints.events.v1),
 *   CRM_DATA_DIR (./data/crm-consumer), CRM_PORT (3200; GET /customers, GET /customers/:id)
 */
async function main(): Promise<void> {
  const env = process.env;
  const brokers = (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const store = await CustomerViewStore.open(env.CRM_DATA_DIR ?? join('data', 'crm-consumer'));
  const kafka = new Kafka({ clientId: 'redress-crm-consumer', brokers, logLevel: logLevel.WARN });
  const consumer = new CrmConsumer(kafka, store, {
    groupId: env.CRM_GROUP_ID ?? 'redress-crm',
    topic: env.CRM_TOPIC ?? 'complaints.events.v1',
    log: (message) => console.log(message),
  });
  await consumer.start();
  const port = Number(env.CRM_PORT ?? 3200);
  const server = serveCustomerView(store).listen(port, () => console.log(`customer view on http://localhost:${port}`));

  // On SIGINT or SIGTERM: stop serving, leave the group (committed offsets stay), close the database.
  const stop = () => {
    server.close();
    void consumer.stop().finally(() => store.close());
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
