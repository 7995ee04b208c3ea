import { PersonalDataVault, SqlCustomerKeyStore } from '@redress/privacy';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAllChains } from '@redress/application';
import { openPersistence, type EventStoreConfig } from '@redress/config';
import {
  IMPORT_FORMATS,
  importTickets,
  parseMappingOptions,
  TICKET_FORMATS,
  type ImportFormat,
  type ImportSummary,
} from '@redress/migration';
import { FIXTURE_CATEGORY_MAP, writeTicketExport } from './import-fixtures';
import { round } from './support/latency';
import { withLoadAverage, type LoadAverageSummary } from './support/load-average';
import { assertLoopback, benchSchemaName, dropSchema, POSTGRES_URL, serverFacts } from './support/local-postgres';
import { numberOption, stringOption } from './support/options';
import { writeBenchResults } from './support/results';

/**
 * `npm run bench -- import [--records=N] [--format=zendesk|zammad|csv] [--concurrency=N]`
 *
 * Issue 11's import target on PostgreSQL, in a schema of its own that is
 * dropped afterwards: a generated export of N tickets (every 37th malformed)
 * imported by importTickets, what `import` runs, from the first byte read
 * (checksum, record count, parse, map, decide, chain) to the last append;
 * then the same file again (the idempotent re-run) and a verification of
 * every hash chain.
 */
export const TARGETS = { complaintsPerMinute: 20_000 };

export interface ImportBenchResults {
  benchmark: 'import';
  at: string;
  machine: { cpus: number; cpuModel: string; node: string };
  server: Record<string, string>;
  targets: typeof TARGETS;
  file: { format: ImportFormat; records: number; bytes: number; malformed: number };
  concurrency: number;
  firstRun: RunResult;
  reRun: RunResult;
  verification: { valid: boolean; streams: number; events: number; seconds: number };
}

interface RunResult {
  imported: number;
  alreadyImported: number;
  refused: number;
  events: number;
  seconds: number;
  complaintsPerMinute: number;
  eventsPerSecond: number;
  load: LoadAverageSummary;
  meetsTarget: boolean;
}

export async function runImportBench(args: string[]): Promise<void> {
  const records = numberOption(args, 'records', 30_000);
  const format = stringOption(args, 'format', 'zendesk') as ImportFormat;
  if (!IMPORT_FORMATS.includes(format)) throw new Error(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  const concurrency = numberOption(args, 'concurrency', 128);
  assertLoopback(POSTGRES_URL);
  const server = await serverFacts();
  const directory = await mkdtemp(join(tmpdir(), 'redress-import-bench-'));
  const schema = benchSchemaName();
  const config: EventStoreConfig = { kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 4 } };
  try {
    console.log(`import bench on ${POSTGRES_URL} (PostgreSQL ${server.server_version}): ${records} ${format} tickets`);
    const fixture = await writeTicketExport(format, join(directory, `tickets.${format}`), records);
    const bytes = (await stat(fixture.file)).size;
    const persistence = await openPersistence(config, 'redress-bench');
    try {
      const ticketFormat = TICKET_FORMATS[format];
      const vault = new PersonalDataVault(await SqlCustomerKeyStore.open(persistence.readModels));
      const importOnce = async (): Promise<RunResult> => {
        const { result, load } = await withLoadAverage(() =>
          importTickets(persistence.eventStore, {
            personalData: vault,
            file: fixture.file,
            format: ticketFormat,
            mapping: parseMappingOptions({ categoryMap: FIXTURE_CATEGORY_MAP, defaultCategory: 'OTHER' }, format),
            dryRun: false,
            concurrency,
          }),
        );
        return runResult(result, load);
      };
      const firstRun = await importOnce();
      console.log(`  first run: ${firstRun.imported} complaints in ${firstRun.seconds} s`);
      if (firstRun.imported !== fixture.valid.length) {
        throw new Error(`imported ${firstRun.imported} complaints, expected ${fixture.valid.length}`);
      }
      const reRun = await importOnce();
      console.log(`  re-run: ${reRun.alreadyImported} complaints found imported in ${reRun.seconds} s`);
      const check = await verifyAllChains(persistence.eventStore);
      const results: ImportBenchResults = {
        benchmark: 'import',
        at: new Date().toISOString(),
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
        server,
        targets: TARGETS,
        file: { format, records, bytes, malformed: fixture.malformed.length },
        concurrency,
        firstRun,
        reRun,
        verification: {
          valid: check.valid,
          streams: check.streams,
          events: check.events,
          seconds: round(check.seconds),
        },
      };
      await writeBenchResults('import', results, renderImportReport(results));
    } finally {
      await persistence.close();
    }
  } finally {
    await dropSchema(schema);
    await rm(directory, { recursive: true, force: true });
  }
}

function runResult(summary: ImportSummary, load: LoadAverageSummary): RunResult {
  const handled = summary.imported + summary.alreadyImported;
  const complaintsPerMinute = Math.round((handled / summary.seconds) * 60);
  return {
    imported: summary.imported,
    alreadyImported: summary.alreadyImported,
    refused: summary.refused.length,
    events: summary.events,
    seconds: round(summary.seconds),
    complaintsPerMinute,
    eventsPerSecond: Math.round(summary.events / summary.seconds),
    load,
    meetsTarget: complaintsPerMinute >= TARGETS.complaintsPerMinute,
  };
}

function renderImportReport(results: ImportBenchResults): string {
  const { firstRun: first, reRun: again, file } = results;
  const mark = (met: boolean) => (met ? '✅' : '❌');
  const loadText = (load: LoadAverageSummary) => `${load.mean} (${load.min}–${load.max})`;
  return [
    `# Import benchmark (PostgreSQL ${results.server.server_version}), ${results.at}`,
    '',
    `${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${results.machine.node}; fsync=${results.server.fsync}, synchronous_commit=${results.server.synchronous_commit}. The load average (1 minute; mean, min–max) shows how much of the machine other jobs took.`,
    '',
    '| run | complaints | events | seconds | complaints/min | target | met | load average |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- | --- |',
    `| first import | ${first.imported} imported, ${first.refused} refused | ${first.events} (${first.eventsPerSecond}/s) | ${first.seconds} | ${first.complaintsPerMinute} | ≥ ${TARGETS.complaintsPerMinute}/min | ${mark(first.meetsTarget)} | ${loadText(first.load)} |`,
    `| re-run of the same file | ${again.alreadyImported} found imported, ${again.imported} appended | ${again.events} | ${again.seconds} | ${again.complaintsPerMinute} |  |  | ${loadText(again.load)} |`,
    '',
    `A generated ${file.format} export of ${file.records} tickets (${(file.bytes / 1_048_576).toFixed(1)} MiB, ${file.malformed} of them malformed), imported by importTickets, what \`npm run cli -- import\` runs, with ${results.concurrency} complaints appended at once, into a fresh schema. The time runs from the first byte read (checksum pass, then the streaming parse, mapping, the API's body rules and the decider for every command, hash-chaining) to the last append. Afterwards every chain was recomputed: ${results.verification.valid ? 'valid' : 'BROKEN'}, ${results.verification.streams} streams, ${results.verification.events} events.`,
    '',
  ].join('\n');
}
