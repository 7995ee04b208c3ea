import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidArgumentError, type Command } from 'commander';
import {
  auditPackCsv,
  buildAuditPack,
  ComplaintQueryService,
  complaintStreamId,
  renderAuditPackPdf,
  verifyChain,
  type AuditPack,
} from '@redress/application';
import { loadConfig, type Persistence } from '@redress/config';
import type { SqlClient } from '@redress/event-store';
import { loadSlaTracking, SlaTrackingQueries } from '@redress/projections';
import { ATTR_EVENTS_PROCESSED, inOperationSpan } from './operation-span';
import { activeSlaGeneration, SLA_PROJECTION, SLA_READ_MODEL_MISSING } from './sla-read-model';
import { withPersistence } from './with-persistence';

const FORMATS = ['json', 'csv', 'pdf'] as const;
type PackFormat = (typeof FORMATS)[number];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How long the export waits for the SLA read model to reach the complaint's last event (the API waits as long). */
const READ_MODEL_WAIT_MS = 5_000;
const READ_MODEL_POLL_MS = 200;

interface ExportOptions {
  format?: PackFormat;
  out?: string;
}

/**
 * `audit export <complaintId>`: the complaint's evidence pack, the one
 * `GET /complaints/:id/audit-pack` answers (history, state timeline, SLA
 * outcomes, hash-chain verification), as JSON, CSV or PDF, to a file or to
 * standard output.
 */
export function registerAuditExportCommand(audit: Command, open: () => Promise<Persistence>): void {
  audit
    .command('export')
    .description(
      "Write a complaint's evidence pack (history, state timeline, SLA outcomes, hash-chain verification) " +
        'as GET /complaints/:id/audit-pack gives it',
    )
    .argument('<complaintId>', 'the complaint', complaintIdArgument)
    .option('--format <format>', `${FORMATS.join(', ')} (default: from --out's extension, else json)`, formatOption)
    .option('--out <file>', 'write to this file instead of standard output (a PDF needs one unless piped)')
    .action(async (complaintId: string, options: ExportOptions) => {
      const format = options.format ?? formatOfFile(options.out) ?? 'json';
      if (format === 'pdf' && options.out === undefined && process.stdout.isTTY) {
        throw new Error('a PDF is not written to a terminal: give --out <file>, or redirect standard output');
      }
      await inOperationSpan(
        'audit export',
        { 'redress.aggregate.id': complaintId, 'redress.audit.format': format },
        (span) =>
          withPersistence(open, async ({ eventStore, readModels }) => {
            const events = await new ComplaintQueryService(eventStore).history(complaintId);
            span.setAttribute(ATTR_EVENTS_PROCESSED, events.length);
            await waitForSlaReadModel(readModels, events[events.length - 1].position);
            const generatedAt = new Date();
            const sla = await new SlaTrackingQueries(
              readModels,
              loadSlaTracking(loadConfig(process.env).sla.policySelectionFile),
            ).complaintSla(complaintId, generatedAt);
            const pack = buildAuditPack({
              complaintId,
              events,
              verification: verifyChain(complaintStreamId(complaintId), events),
              sla: sla && { policy: sla.policy, at: sla.at, clocks: sla.clocks },
              generatedAt,
            });
            const rendered = await render(pack, format);
            if (options.out === undefined) {
              process.stdout.write(rendered);
              return;
            }
            await writeFile(options.out, rendered);
            const chain = pack.verification.valid ? 'valid' : 'BROKEN';
            console.error(`wrote ${options.out}: ${format}, ${events.length} events, hash chain ${chain}`);
          }),
      );
    });
}

async function render(pack: AuditPack, format: PackFormat): Promise<string | Buffer> {
  if (format === 'csv') return auditPackCsv(pack);
  if (format === 'pdf') return renderAuditPackPdf(pack);
  return `${JSON.stringify(pack, null, 2)}\n`;
}

/**
 * The pack's SLA outcomes come from the tracking read model; they describe the
 * same moment as the history only once it has applied the complaint's last event.
 */
async function waitForSlaReadModel(readModels: SqlClient, position: number): Promise<void> {
  const deadline = Date.now() + READ_MODEL_WAIT_MS;
  for (;;) {
    const active = await activeSlaGeneration(readModels);
    if (!active) throw new Error(SLA_READ_MODEL_MISSING);
    if (active.position >= position) return;
    if (Date.now() >= deadline) {
      throw new Error(
        `the SLA read model is at log position ${active.position}, behind the complaint's last event at ${position}: ` +
          `is the API or a worker running its projections? (or run: redress projections rebuild ${SLA_PROJECTION})`,
      );
    }
    await sleep(READ_MODEL_POLL_MS);
  }
}

function complaintIdArgument(value: string): string {
  if (!UUID.test(value)) throw new InvalidArgumentError(`a complaint id is a UUID, not "${value}"`);
  return value;
}

function formatOption(value: string): PackFormat {
  if (!(FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${FORMATS.join(', ')}`);
  }
  return value as PackFormat;
}

function formatOfFile(file: string | undefined): PackFormat | undefined {
  const extension = file === undefined ? '' : extname(file).slice(1).toLowerCase();
  return (FORMATS as readonly string[]).includes(extension) ? (extension as PackFormat) : undefined;
}
