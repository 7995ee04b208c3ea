import type { Command } from 'commander';
import { ComplaintQueryService, verifyAllChains } from '@redress/application';
import type { Persistence } from '@redress/config';
import { createProgressBar } from './progress-bar';
import { withPersistence } from './with-persistence';

/** `audit verify <complaint-id>` and `audit verify --all`. */
export function registerAuditCommands(program: Command, open: () => Promise<Persistence>): void {
  const audit = program.command('audit').description('Audit the event log');

  audit
    .command('verify')
    .description('Recompute hash chains and report the first break of each broken stream; exits 3 when any is broken')
    .argument('[complaintId]', 'one complaint')
    .option('--all', 'every complaint, survey and early-warning stream, in one pass over the log')
    .action(async (complaintId: string | undefined, options: { all?: boolean }) => {
      if (!complaintId === !options.all) throw new Error('give a complaint id or --all');
      await withPersistence(open, async ({ eventStore }) => {
        if (complaintId) {
          const result = await new ComplaintQueryService(eventStore).verify(complaintId);
          console.log(JSON.stringify(result, null, 2));
          if (!result.valid) process.exitCode = 3;
          return;
        }
        const bar = createProgressBar('verify');
        bar.start(Math.max(await eventStore.headPosition(), 1), 0, { rate: 0 });
        const started = Date.now();
        const result = await verifyAllChains(eventStore, (position, head) => {
          bar.setTotal(head);
          bar.update(position, { rate: Math.round(position / Math.max((Date.now() - started) / 1000, 0.001)) });
        });
        bar.stop();
        console.log(
          `${result.valid ? 'OK' : 'BROKEN'}: ${result.streamsByKind.complaint} complaints, ${result.streamsByKind.survey} surveys, ` +
            `${result.streamsByKind.warning} early warnings, ${result.events} events in ${result.seconds.toFixed(1)} s` +
            ` (${Math.round(result.events / Math.max(result.seconds, 0.001))} events/s)`,
        );
        for (const broken of result.breaks)
          console.log(`  ${broken.streamId} breaks at revision ${broken.revision}: ${broken.reason}`);
        if (!result.valid) process.exitCode = 3;
      });
    });
}
