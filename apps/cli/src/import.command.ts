import { PersonalDataVault, SqlCustomerKeyStore } from '@redress/privacy';
import type { Command } from 'commander';
import type { Persistence } from '@redress/config';
import {
  IMPORT_FORMATS,
  importTickets,
  parseMappingOptions,
  TICKET_FORMATS,
  validationReportLines,
  type ImportFormat,
  type ImportSummary,
  type RawMappingOptions,
} from '@redress/migration';
import { createProgressBar } from './progress-bar';
import { withPersistence } from './with-persistence';

interface ImportCommandOptions extends RawMappingOptions {
  format: string;
  dryRun?: boolean;
  concurrency: string;
  json?: boolean;
}

/** Exit status when any record was refused (the run itself completed). */
export const REFUSED_RECORDS_EXIT_CODE = 3;
/** Exit status of a run stopped by a signal before the end of the file. */
export const INTERRUPTED_EXIT_CODE = 130;

/** `import --format <csv|zendesk|zammad> FILE`: historical tickets from another helpdesk become complaints. */
export function registerImportCommand(program: Command, open: () => Promise<Persistence>): void {
  program
    .command('import')
    .description(
      'Import historical tickets from another helpdesk as complaint histories, with their original timestamps and ' +
        'provenance (libs/migration/README.md). Re-running a file appends nothing twice; an interrupted run resumes. ' +
        `Exits ${REFUSED_RECORDS_EXIT_CODE} when any record was refused (skipped and listed).`,
    )
    .argument('<file>', 'the export file')
    .requiredOption('--format <format>', `one of: ${IMPORT_FORMATS.join(', ')}`)
    .option('--dry-run', 'validate every record and print the report; append nothing')
    .option('--source <name>', 'name of the source system in provenance and ids (default: the format), e.g. zendesk-eu')
    .option(
      '--category-map <value=CATEGORY>',
      'a source value (tag, ticket type, group, CSV category) and the category it means; repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--default-category <category>', 'category of tickets no mapping matches (default: none)')
    .option('--default-channel <channel>', 'intake channel when the source has none Redress knows (default WEB_FORM)')
    .option('--default-tier <tier>', 'customer tier, which helpdesks do not record (default ORDINARY)')
    .option('--default-priority <priority>', 'priority of tickets without one (default P3)')
    .option('--default-object-kind <kind>', 'what complaints are about, which helpdesks do not record (default OTHER)')
    .option('--default-department <name>', 'department of an assigned ticket without a group (default imported)')
    .option(
      '--root-cause-category <category>',
      'root-cause category of solved tickets, which helpdesks do not record (default SERVICE_DISSATISFACTION)',
    )
    .option('--concurrency <n>', 'complaints appended at once (the store commits them together)', '128')
    .option('--json', 'print the summary and the report as JSON')
    .action(async (file: string, options: ImportCommandOptions) => {
      const format = TICKET_FORMATS[options.format as ImportFormat];
      if (!format) throw new Error(`--format must be one of: ${IMPORT_FORMATS.join(', ')}; not "${options.format}"`);
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
        throw new Error(`--concurrency must be a whole number from 1 to 256, not "${options.concurrency}"`);
      }
      const mapping = parseMappingOptions(options, format.format);
      const run = async (persistence: Persistence | null) => {
        const bar = createProgressBar(options.dryRun ? `check ${file}` : `import ${file}`, 'complaints');
        let started = false;
        // Ctrl-C (or a TERM) stops after the complaints being appended; running the command again resumes.
        const interrupt = new AbortController();
        const stop = () => interrupt.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          // Contact details in the export are sealed with each customer's key, as an intake's are.
          const personalData = persistence
            ? new PersonalDataVault(await SqlCustomerKeyStore.open(persistence.readModels))
            : undefined;
          const summary = await importTickets(persistence?.eventStore ?? null, {
            personalData,
            file,
            format,
            mapping,
            dryRun: options.dryRun === true,
            concurrency,
            signal: interrupt.signal,
            onProgress: ({ records, total, seconds }) => {
              if (!started) bar.start(Math.max(total, 1), 0, { rate: 0 });
              started = true;
              bar.setTotal(Math.max(total, 1));
              bar.update(records, { rate: Math.round(records / Math.max(seconds, 0.001)) });
            },
          });
          if (started) bar.stop();
          report(summary, options.json === true);
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          if (started) bar.stop();
        }
      };
      if (options.dryRun) await run(null);
      else await withPersistence(open, run);
    });
}

function report(summary: ImportSummary, json: boolean): void {
  if (json) console.log(JSON.stringify(summary, null, 2));
  else {
    const verb = summary.dryRun ? 'would import' : 'imported';
    console.log(
      `${summary.file} (${summary.format}, source ${summary.sourceSystem}, sha256 ${summary.fileSha256}): ` +
        `${summary.records} records; ${verb} ${summary.imported} complaints (${summary.events} events), ` +
        `${summary.alreadyImported} imported before, ${summary.refused.length} refused; ${summary.seconds.toFixed(1)} s` +
        (summary.imported > 0 ? ` (${Math.round((summary.imported / summary.seconds) * 60)} complaints/min)` : ''),
    );
    if (summary.interrupted) console.log('interrupted: run the same command again to resume');
    if (summary.refused.length > 0) {
      console.log(`refused records${summary.dryRun ? '' : ' (skipped)'}: where | field | problem`);
      for (const line of validationReportLines(summary.refused)) console.log(`  ${line}`);
    }
  }
  if (summary.interrupted) process.exitCode = INTERRUPTED_EXIT_CODE;
  else if (summary.refused.length > 0) process.exitCode = REFUSED_RECORDS_EXIT_CODE;
}
