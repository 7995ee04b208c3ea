import type { TopicLayout } from '@redress/contracts';
import type { Kafka } from 'kafkajs';
import type { PublishingLog } from './kafka-client';

export type TopicSettings = Pick<TopicLayout, 'partitions' | 'replicationFactor'>;

/**
 * Creates the missing topics with the configured partition count and
 * replication factor. Idempotent, and safe when several publishers start at
 * once (creating an existing topic is a no-op). An existing topic with another
 * partition count is reported, never altered: repartitioning would move keys
 * and break per-complaint order for consumers. When `signal` aborts, the
 * admin connection is closed, so a caller that gave up leaves nothing running.
 */
export async function ensureTopics(
  kafka: Kafka,
  wanted: readonly string[],
  settings: TopicSettings,
  log?: PublishingLog,
  signal?: AbortSignal,
): Promise<void> {
  const admin = kafka.admin();
  const disconnect = () => void admin.disconnect().catch(() => undefined);
  signal?.addEventListener('abort', disconnect, { once: true });
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: settings.partitions,
          replicationFactor: settings.replicationFactor,
        })),
      });
      log?.(
        'log',
        `created topics ${missing.join(', ')} (${settings.partitions} partitions, rf ${settings.replicationFactor})`,
      );
    }
    const present = wanted.filter((topic) => existing.has(topic));
    if (present.length > 0) {
      const { topics } = await admin.fetchTopicMetadata({ topics: present });
      for (const topic of topics.filter((t) => t.partitions.length !== settings.partitions)) {
        log?.(
          'warn',
          `topic ${topic.name} has ${topic.partitions.length} partitions, configured ${settings.partitions}; left as it is`,
        );
      }
    }
  } finally {
    signal?.removeEventListener('abort', disconnect);
    await admin.disconnect();
  }
}
