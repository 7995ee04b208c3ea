import { ComplaintCommandService, type ComplaintCommandRequest } from '@redress/application';
import { openPersistence, type EventStoreConfig, type Persistence } from '@redress/config';
import {
  ProjectionCatalog,
  ProjectionRunner,
  SlaAlertTimer,
  slaTrackingProjection,
  type SlaAlertTimerOptions,
} from '@redress/projections';

/**
 * One part of the timer subsystem in a process of its own, so that its CPU
 * and memory are its own: `timer` runs SlaAlertTimer as the API does (its
 * defaults, its own command service), `projection` runs the sla-tracking
 * projection, whose batches remove the rows of recorded alerts. Driven over
 * IPC by sla.bench.ts: `start` → `ready`, `usage` samples every second,
 * `stop` → `done` (the timer's appends, with the instant the store
 * acknowledged each).
 */

export type SlaWorkerRole = 'timer' | 'projection';

export type SlaWorkerRequest =
  { type: 'start'; role: SlaWorkerRole; config: EventStoreConfig; timer: SlaAlertTimerOptions } | { type: 'stop' };

export interface UsageSample {
  atMs: number;
  /** process.cpuUsage(), microseconds since the process started. */
  userUs: number;
  systemUs: number;
  rssBytes: number;
  heapUsedBytes: number;
}

/** One alert the timer appended: [kind, complaint id, key, due instant (epoch ms), acknowledged (epoch ms)]. */
export type AppendedAlert = [kind: string, complaintId: string, key: string, dueMs: number, ackMs: number];

export interface TimerCounts {
  alertsAppended: number;
  /** Alerts the store answered as appended before (another pass or timer got there first). */
  alertsReplayed: number;
  /** Alerts the decider refused (already recorded under another command id). */
  alertsRefused: number;
  escalations: number;
  errors: number;
  lastError: string | null;
}

export type SlaWorkerReport =
  | { type: 'ready'; pid: number }
  | { type: 'usage'; sample: UsageSample; progress: number }
  | { type: 'done'; alerts?: AppendedAlert[]; counts?: TimerCounts };

const USAGE_EVERY_MS = 1000;

/** The command service the timer uses, noting when the store acknowledged each alert. */
class AcknowledgedCommands extends ComplaintCommandService {
  readonly alerts: AppendedAlert[] = [];
  readonly counts: TimerCounts = {
    alertsAppended: 0,
    alertsReplayed: 0,
    alertsRefused: 0,
    escalations: 0,
    errors: 0,
    lastError: null,
  };

  override async execute(request: ComplaintCommandRequest) {
    const { command } = request;
    try {
      const result = await super.execute(request);
      const ackMs = Date.now();
      if (command.type === 'EscalateComplaint') this.counts.escalations++;
      else if (command.type === 'RecordSlaAlert' && result.replayed) this.counts.alertsReplayed++;
      else if (command.type === 'RecordSlaAlert') {
        this.counts.alertsAppended++;
        this.alerts.push([command.kind, request.complaintId, command.key, Date.parse(command.at), ackMs]);
      }
      return result;
    } catch (error) {
      if (command.type === 'RecordSlaAlert') this.counts.alertsRefused++;
      throw error;
    }
  }
}

function send(report: SlaWorkerReport): void {
  process.send?.(report);
}

function usage(): UsageSample {
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    atMs: Date.now(),
    userUs: cpu.user,
    systemUs: cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
  };
}

async function start(
  role: SlaWorkerRole,
  config: EventStoreConfig,
  timerOptions: SlaAlertTimerOptions,
): Promise<() => Promise<SlaWorkerReport>> {
  const persistence: Persistence = await openPersistence(config, `redress-bench-sla-${role}`);
  /** The projection's checkpoint, or how many alerts the timer appended. */
  let progress = () => 0;
  const sampler = setInterval(() => send({ type: 'usage', sample: usage(), progress: progress() }), USAGE_EVERY_MS);
  if (role === 'projection') {
    let checkpoint = 0;
    progress = () => checkpoint;
    const runner = new ProjectionRunner(
      [slaTrackingProjection],
      persistence.eventStore,
      persistence.readModels,
      new ProjectionCatalog(persistence.readModels),
      { onBatchCommitted: (commit) => (checkpoint = commit.position) },
    );
    await runner.start();
    return async () => {
      clearInterval(sampler);
      await runner.stop();
      await persistence.close();
      return { type: 'done' };
    };
  }
  const commands = new AcknowledgedCommands(persistence.eventStore);
  const timer = new SlaAlertTimer(persistence.readModels, commands, {
    ...timerOptions,
    onError: (error) => {
      commands.counts.errors++;
      commands.counts.lastError = String(error);
    },
  });
  timer.start();
  progress = () => commands.counts.alertsAppended;
  return async () => {
    clearInterval(sampler);
    await timer.stop();
    await persistence.close();
    return { type: 'done', alerts: commands.alerts, counts: commands.counts };
  };
}

let stop: (() => Promise<SlaWorkerReport>) | undefined;

process.on('message', (request: SlaWorkerRequest) => {
  if (request.type === 'start') {
    start(request.role, request.config, request.timer).then(
      (stopper) => {
        stop = stopper;
        send({ type: 'ready', pid: process.pid });
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  } else if (stop) {
    stop().then(
      (report) => process.send?.(report, () => process.disconnect()),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  }
});
