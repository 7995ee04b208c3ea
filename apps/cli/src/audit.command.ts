import type { Span } from '@opentelemetry/api';
import type { Command } from 'commander';
import { ComplaintQueryService, verifyAllChains } from '@redress/application';
import type { Persistence } from '@redress/config';
import { registerAuditExportCommand } from './audit-export.command';
import { ATTR_EVENTS_PROCESSED, inOperationSpan } from './operation-span';
import { createProgressBar } from './progress-bar';
import { withPersistence } from './with-persistence';

/** `audit verify <complaint-id>`, `audit verify --all` and `audit export <complaint-id>`. */
export function registerAuditCommands(program: Command, open: () => Promise<Persistence>): void {
  const audit = program.command('audit').description('Audit the event log');

  audit
    .command('verify')
    .description('Recompute hash chains and report the first break of each broken stream; exits 3 when any is broken')
    .argument('[complaintId]', 'one complaint')
    .option('--all', 'every complaint, survey and early-warning stream, in one pass over the log')
    .action(async (complaintId: string | undefined, options: { all?: boolean }) => {
      const scope = options.all ? { 'redress.audit.scope': 'all' } : { 'redress.audit.scope': 'complaint' };
      const target = complaintId ? { 'redress.aggregate.id': complaintId } : {};
      await inOperationSpan(
        'audit verify',
        { ...scope, ...target },
        (span) => verify(open, span, complaintId, options.all === true),
        (valid) => (valid ? 'valid' : 'broken'),
      );
    });
  registerAuditExportCommand(audit, open);
}

/** Verifies one complaint's chain or every stream's; whether all held. Exits 3 when any is broken. */
async function verify(
  open: () => Promise<Persistence>,
  span: Span,
  complaintId: string | undefined,
  all: boolean,
): Promise<boolean> {
  if (!complaintId === !all) throw new Error('give a complaint id or --all');
  let valid = true;
  await withPersistence(open, async ({ eventStore }) => {
    if (complaintId) {
      const result = await new ComplaintQueryService(eventStore).verify(complaintId);
      span.setAttribute(ATTR_EVENTS_PROCESSED, result.events);
      console.log(JSON.stringify(result, null, 2));
      valid = result.valid;
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
    span.setAttributes({ [ATTR_EVENTS_PROCESSED]: result.events, 'redress.audit.breaks': result.breaks.length });
    console.log(
      `${result.valid ? 'OK' : 'BROKEN'}: ${result.streamsByKind.complaint} complaints, ${result.streamsByKind.survey} surveys, ` +
        `${result.streamsByKind.warning} early warnings, ${result.events} events in ${result.seconds.toFixed(1)} s` +
        ` (${Math.round(result.events / Math.max(result.seconds, 0.001))} events/s)`,
    );
    for (const broken of result.breaks)
      console.log(`  ${broken.streamId} breaks at revision ${broken.revision}: ${broken.reason}`);
    valid = result.valid;
  });
  if (!valid) process.exitCode = 3;
  return valid;
}
