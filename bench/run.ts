import { runAuditBench } from './audit.bench';
import { runImportBench } from './import.bench';
import { runProjectionsBench } from './projections.bench';
import { runSatisfactionBench } from './satisfaction.bench';
import { runSlaBench } from './sla.bench';
import { runKafkaBench } from './kafka.bench';
import { runStoreBench } from './store.bench';
import { runSystemBench } from './system.bench';

/**
 * Benchmark runner: `npm run bench -- <name> [options]`. Each benchmark is
 * bounded in time, talks only to servers on this machine, and writes its
 * results to bench/results/.
 */
const BENCHMARKS: Record<string, (args: string[]) => Promise<void>> = {
  store: runStoreBench,
  kafka: runKafkaBench,
  projections: runProjectionsBench,
  satisfaction: runSatisfactionBench,
  sla: runSlaBench,
  audit: runAuditBench,
  import: runImportBench,
  system: runSystemBench,
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const benchmark = name === undefined ? undefined : BENCHMARKS[name];
  if (!benchmark) {
    console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}> [options]`);
    process.exitCode = 2;
    return;
  }
  await benchmark(args);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
