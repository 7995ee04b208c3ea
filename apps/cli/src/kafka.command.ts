import type { Command } from 'commander';
import { createKafkaClient, loadPublisherConfig, republishHistory, type RepublishFrom } from '@redress/publishing';
import type { Persistence } from '@redress/config';
import { ATTR_EVENTS_PROCESSED, ATTR_FIRST_POSITION, ATTR_TOPIC, inOperationSpan } from './operation-span';
import { createProgressBar } from './progress-bar';

/** `kafka republish --from <position|ISO time> [--topic t]`; registered on the management CLI's program. */
export function registerKafkaCommands(program: Command, open: () => Promise<Persistence>): void {
  const kafka = program.command('kafka').description('Kafka publication');

  kafka
    .command('republish')
    .description(
      'Re-publish history to a topic (backfill) with the original ce_id, key and headers, without moving the ' +
        "live publisher's checkpoint. Ends at the log head as it was at the start.",
    )
    .requiredOption('--from <position|time>', 'first global position to send (1 = all), or an ISO 8601 time')
    .option('--topic <topic>', 'target topic (default: the all-events topic); a routed topic gets only its types')
    .action((options: { from: string; topic?: string }) =>
      inOperationSpan('kafka republish', { 'redress.republish.from': options.from }, async (span) => {
        const config = loadPublisherConfig(process.env);
        const from = parseFrom(options.from);
        const topic = options.topic ?? config.topics.allEvents;
        span.setAttribute(ATTR_TOPIC, topic);
        const client = createKafkaClient({ brokers: config.brokers, clientId: `${config.clientId}-republish` });
        const store = await open();
        const bar = createProgressBar(`republish to ${topic}`);
        try {
          const startedAt = performance.now();
          let started = false;
          const result = await republishHistory(store.eventStore, client, config, {
            from,
            topic,
            layout: config.topics,
            batchSize: config.batchSize,
            onProgress: (progress) => {
              const done = progress.position - progress.firstPosition + 1;
              if (!started) {
                bar.start(Math.max(0, progress.lastPosition - progress.firstPosition + 1), 0, { rate: 0 });
                span.setAttributes({
                  [ATTR_FIRST_POSITION]: progress.firstPosition,
                  'redress.log.position.last': progress.lastPosition,
                });
              }
              started = true;
              const seconds = (performance.now() - startedAt) / 1000;
              bar.update(done, { rate: seconds > 0 ? Math.round(progress.published / seconds) : 0 });
              span.setAttribute(ATTR_EVENTS_PROCESSED, progress.published);
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
      }),
    );
}

export function parseFrom(text: string): RepublishFrom {
  if (/^\d+$/.test(text)) return { afterPosition: Math.max(0, Number(text) - 1) };
  const time = Date.parse(text);
  if (Number.isNaN(time) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new Error(`--from must be a log position or an ISO 8601 time, not "${text}"`);
  }
  return { recordedSince: new Date(time) };
}
