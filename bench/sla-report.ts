import type { DelaySummary, ProcessCpu, SlaBenchResults, UsageSummary } from './sla.bench';
import type { LoadAverageSummary } from './support/load-average';

const mark = (ok: boolean) => (ok ? '✅' : '❌');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const load = (summary: LoadAverageSummary) => `${summary.mean} (${summary.min}–${summary.max})`;
const counts = (byKey: Record<string, number>) =>
  Object.entries(byKey)
    .map(([key, count]) => `${count} ${key}`)
    .join(', ');
const delays = (name: string, delay: DelaySummary) =>
  row([name, delay.count, delay.p50Ms, delay.p95Ms, delay.p99Ms, delay.maxMs]);
const postgres = (name: string, cpu: ProcessCpu) =>
  row([`${name} (${cpu.processes}), window`, cpu.cpuCores, cpu.cpuSeconds, '', '', '']);
const usage = (name: string, summary: UsageSummary) =>
  row([name, summary.cpuCores, summary.cpuSeconds, summary.rssMeanMb, summary.rssMaxMb, summary.heapUsedMaxMb]);

const timerOptions = (options: object) =>
  Object.keys(options).length === 0
    ? 'the options the API runs it with'
    : Object.entries(options)
        .map(([name, value]) => `${name} ${String(value)}`)
        .join(', ');

/** The Markdown summary of an SLA timer benchmark run. */
export function renderSlaReport(results: SlaBenchResults): string {
  const { seed, catchUp, window, usage: used, options, targets } = results;
  const recordedAll =
    window.missing === 0 && window.unexpected === 0 && window.duplicates === 0 && window.timerRowsLeft === 0;
  return [
    `# SLA timer benchmark (PostgreSQL ${results.server.server_version ?? ''}), ${results.at}`,
    '',
    `${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${results.machine.node}; ` +
      `fsync=${results.server.fsync}, synchronous_commit=${results.server.synchronous_commit}. The machine is ` +
      'shared: the load average (1 minute; mean, min–max) shows how much of its 2 cores other jobs took.',
    '',
    row(['target', 'measured', 'met', 'load average']),
    row(['---', '---:', '---', '---']),
    row([
      `${targets.clocks} running clocks, deadline → breach event p99 ≤ ${targets.breachDelayP99Ms} ms`,
      `p99 ${window.breachDelay.p99Ms} ms over ${window.breachDelay.count} breaches, ${catchUp.runningClocks} running clocks`,
      mark(window.meetsTarget),
      load(window.load),
    ]),
    row([
      'every alert due recorded exactly once',
      `${window.recorded.breaches} of ${window.expected.breaches} breaches, ${window.recorded.warnings} of ` +
        `${window.expected.warnings} warnings; ${window.missing} missing, ${window.unexpected} unexpected, ` +
        `${window.duplicates} duplicates`,
      mark(recordedAll),
      load(window.load),
    ]),
    '',
    '## Set-up',
    '',
    `${seed.complaints} complaints under ${seed.policy} (as the selection rules choose), each with its running first-response clock. ` +
      `${options.dueClocks} of them were received so that one alert of each falls due at a random instant of the ` +
      `${options.windowSeconds} s window opening ${options.leadSeconds} s after seeding began ` +
      `(${options.dueRate > 0 ? `--due-rate=${options.dueRate} a second` : 'every clock'}): ${counts(seed.windowAlertsByKey)}; ` +
      `the other ${seed.complaints - options.dueClocks} run in the background, their first alert due after the run. The alerts each clock ` +
      `reached before (${seed.pastAlertsRecorded}) are in its stream, recorded as the timer records them. ` +
      `${seed.events} events (${counts(seed.eventsByType)}) written through the command path into memory and ` +
      `appended one stream per append, 64 at a time, in ${seed.seconds} s (${seed.eventsPerSecond} events/s; ` +
      `load average ${load(seed.load)}). The sla-tracking projection was then rebuilt over the log in ` +
      `${Math.round(catchUp.seconds)} s (${catchUp.eventsPerSecond} events/s): ${catchUp.runningClocks} running ` +
      `clocks, ${catchUp.timerRows} timer rows. Neither is part of any target.`,
    '',
    '## Window',
    '',
    `SlaAlertTimer (${timerOptions(options.timer)}) and the sla-tracking projection (ProjectionRunner) each in a process of its own, ` +
      `as in the API. ${window.timer.alertsAppended} alerts appended (${window.alertsPerSecond} a second over the ` +
      `window) and ${window.timer.escalations} escalations issued by the timer (${window.recorded.escalations} ` +
      `ComplaintEscalated in the log); ${window.timer.alertsReplayed} answered as already appended, ` +
      `${window.timer.alertsRefused} refused, ${window.timer.errors} timer errors` +
      `${window.timer.lastError ? ` (last: ${window.timer.lastError})` : ''}. The last alert due in the window was ` +
      `recorded ${window.drainSeconds} s after its end; ${window.timerRowsLeft} due timer rows were left once the ` +
      'projection had caught up.',
    '',
    'Delay from the due instant to the store acknowledging the append, as the timer saw it (ms); the last line ' +
      "times breaches to their event's `recorded_at` (the start of the append's transaction) instead:",
    '',
    row(['alerts', 'count', 'p50', 'p95', 'p99', 'max']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    delays('breaches', window.breachDelay),
    delays('warnings', window.warningDelay),
    delays('breaches, to recorded_at', window.breachDelayRecordedAt),
    '',
    '## CPU and memory of the timer subsystem',
    '',
    `CPU in cores (CPU seconds ÷ wall seconds; 1 = one core busy). Idle: the ${used.idleSeconds} s between the ` +
      `timer's start and the window, ${catchUp.timerRows} timers waiting and none due. Window: from its start until ` +
      'the last alert was recorded.',
    '',
    row(['process', 'CPU cores', 'CPU s', 'RSS mean MB', 'RSS max MB', 'heap used max MB']),
    row(['---', '---:', '---:', '---:', '---:', '---:']),
    usage('timer, idle', used.idle.timer),
    usage('sla-tracking projection, idle', used.idle.projection),
    usage('timer, window', used.window.timer),
    usage('sla-tracking projection, window', used.window.projection),
    postgres("PostgreSQL backends of the timer's connections", used.window.postgresBackends.timer),
    postgres("PostgreSQL backends of the projection's connections", used.window.postgresBackends.projection),
    postgres("all PostgreSQL processes, other users' included", used.window.postgresAll),
    '',
  ].join('\n');
}
