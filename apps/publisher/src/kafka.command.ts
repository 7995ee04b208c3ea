import type { Command } from 'commander';
import { allTopics, type TopicLayout } from '@redress/contracts';
import {
  createKafkaClient,
  ensureTopics,
  loadPublisherConfig,
  republishHistory,
  type RepublishFrom,
  type TopicSelector,
} from '@redress/publishing';
import { createProgressBar } from '../../cli/src/progress-bar';
import type { PublisherStore } from './open-publisher-store';

/** `kafka republish --from <position|ISO time> [--topic t]`; registered on the management CLI's program. */
export function registerKafkaCommands(program: Command, open: () => Promise<PublisherStore>): void {
  const kafka = program.command('kafka').description('Kafka publication');

  kafka
    .command('republish')
    .description(
      'Re-publish history to a topic (backfill) with the original ce_id, key and headers, without moving the ' +
        "live publisher's checkpoint. Ends at the log head as it was at the start.",
    )
    .requiredOption('--from <position|time>', 'first global position to send (1 = all), or an ISO 8601 time')
    .option('--topic <topic>', 'target topic (default: the all-events topic); a routed topic gets only its types')
    .action(async (options: { from: string; topic?: string }) => {
      const config = loadPublisherConfig(process.env);
      const from = parseFrom(options.from);
      const topic = options.topic ?? config.topics.allEvents;
      const client = createKafkaClient({ brokers: config.brokers, clientId: `${config.clientId}-republish` });
      await ensureTopics(client, [topic], config.topics);
      const store = await open();
      const bar = createProgressBar(`republish to ${topic}`);
      try {
        let started = false;
        const result = await republishHistory(store.eventStore, client, config, {
          from,
          topicsFor: selectorFor(config.topics, topic),
          batchSize: config.batchSize,
          onProgress: (progress) => {
            const total = Math.max(0, progress.lastPosition - progress.firstPosition + 1);
            const done = progress.position - progress.firstPosition + 1;
            if (!started) bar.start(total, 0, { rate: 0 });
            started = true;
            bar.update(done);
          },
        });
        bar.stop();
        console.log(
          `re-published ${result.published} events (positions ${result.firstPosition}..${result.position}) to ${topic}`,
        );
      } finally {
        bar.stop();
        await store.close();
      }
    });
}

export function parseFrom(text: string): RepublishFrom {
  if (/^\d+$/.test(text)) return { afterPosition: Math.max(0, Number(text) - 1) };
  const time = Date.parse(text);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new Error(`--from must be a log position or an ISO 8601 time, not "${text}"`);
  }
  return { recordedSince: new Date(time) };
}

/** Everything goes to the all-events topic or an unknown (new) one; a routed topic gets the types routed to it. */
export function selectorFor(layout: TopicLayout, topic: string): TopicSelector {
  const routed = allTopics(layout).includes(topic) && topic !== layout.allEvents;
  return (eventType) => (!routed || (layout.routes[eventType] ?? []).includes(topic) ? [topic] : []);
}
