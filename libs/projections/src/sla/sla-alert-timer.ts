import { deterministicId, type ComplaintCommandService } from '@redress/application';
import {
  CommandNotAllowedError,
  PreconditionFailedError,
  type EscalationLevel,
  type EscalationTeam,
  type SlaAlertKind,
} from '@redress/domain';
import type { SqlExecutor } from '@redress/event-store';

export interface SlaAlertTimerOptions {
  clock?: () => Date;
  /** The longest sleep between two looks at the timers: bounds how late an alert is recorded. */
  maxSleepMs?: number;
  /** How many due alerts one pass records at most before looking again. */
  batchSize?: number;
  onError?: (error: unknown) => void;
}

/** Who the alert events are recorded as. */
export const SLA_TIMER_ACTOR = { id: 'sla-timer', role: 'system' } as const;

interface TimerRow {
  complaint_id: string;
  key: string;
  kind: SlaAlertKind;
  clock: string;
  cycle: number;
  threshold: string | null;
  policy_id: string;
  policy_version: number;
  fire_at: Date | string;
  escalations: { key: string; level: EscalationLevel; team: EscalationTeam | null; reason: string }[];
}

const DEFAULT_MAX_SLEEP_MS = 1_000;
const DEFAULT_BATCH_SIZE = 200;

/**
 * Records SLA warnings and breaches into the complaints' own streams when
 * they fall due. The timers themselves are rows of the SLA read model
 * (`sla_alert_timers`), derived from the events, so they survive any restart
 * and a rebuild reproduces them; an alert's row disappears once its event is
 * projected. Exactly once: the command id is derived from complaint and alert
 * key, so timers that race or retry append it once (the store is idempotent
 * by command id), and the decider refuses a key already recorded.
 */
export class SlaAlertTimer {
  private readonly clock: () => Date;
  private readonly maxSleepMs: number;
  private readonly batchSize: number;
  private readonly onError: (error: unknown) => void;
  /** Alerts this timer found recorded or refused: skipped until their row leaves the read model. */
  private readonly settled = new Set<string>();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly db: SqlExecutor,
    private readonly commands: ComplaintCommandService,
    options: SlaAlertTimerOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.maxSleepMs = options.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.onError = options.onError ?? (() => undefined);
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** One pass: records every alert due by now (in batches); returns how many this timer appended. */
  async fireDue(): Promise<number> {
    let appended = 0;
    const stillListed = new Set<string>();
    for (;;) {
      const rows = await this.dueTimers();
      for (const row of rows) stillListed.add(settledKey(row));
      const due = rows.filter((row) => !this.settled.has(settledKey(row)));
      for (const row of due) if (await this.record(row)) appended++;
      if (due.length < this.batchSize) {
        if (rows.length < this.batchSize) this.forgetProjected(stillListed);
        return appended;
      }
    }
  }

  /** Alerts recorded or refused by this timer whose rows are still in the read model. */
  get settledAwaitingProjection(): number {
    return this.settled.size;
  }

  /**
   * After a pass that saw every due row: a settled alert no longer listed has
   * been projected (its row is gone for good, alert keys are unique), so it
   * need not be remembered; without this the set grows for the life of the
   * process.
   */
  private forgetProjected(stillListed: ReadonlySet<string>): void {
    for (const key of this.settled) if (!stillListed.has(key)) this.settled.delete(key);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.fireDue();
      } catch (error) {
        // Typically the read model is not created yet, or the store is briefly unavailable: try again shortly.
        this.onError(error);
      }
      await this.sleep(await this.msToNextTimer().catch(() => this.maxSleepMs));
    }
  }

  private async dueTimers(): Promise<TimerRow[]> {
    const { rows } = await this.db.query<TimerRow>(
      `SELECT complaint_id, key, kind, clock, cycle, threshold, policy_id, policy_version, fire_at, escalations
       FROM sla_alert_timers WHERE fire_at <= $1::timestamptz ORDER BY fire_at, complaint_id, key LIMIT $2`,
      [this.clock().toISOString(), this.batchSize],
    );
    return rows;
  }

  private async msToNextTimer(): Promise<number> {
    const now = this.clock();
    const { rows } = await this.db.query<{ next: Date | string | null }>(
      'SELECT min(fire_at) AS next FROM sla_alert_timers WHERE fire_at > $1::timestamptz',
      [now.toISOString()],
    );
    const next = rows[0]?.next;
    if (next === null || next === undefined) return this.maxSleepMs;
    return Math.min(Math.max(new Date(next).getTime() - now.getTime(), 0), this.maxSleepMs);
  }

  private async record(row: TimerRow): Promise<boolean> {
    // Escalations first: the alert's event removes its timer, so issued after it, a crash in between would lose them.
    for (const escalation of row.escalations) await this.escalate(row, escalation);
    const commandId = deterministicId('sla-alert', row.complaint_id, row.key);
    try {
      const result = await this.commands.execute({
        complaintId: row.complaint_id,
        command: {
          type: 'RecordSlaAlert',
          policyId: row.policy_id,
          policyVersion: row.policy_version,
          clock: row.clock,
          cycle: row.cycle,
          key: row.key,
          kind: row.kind,
          ...(row.threshold !== null && { threshold: row.threshold }),
          at: new Date(row.fire_at).toISOString(),
        },
        commandId,
        correlationId: commandId,
        actor: SLA_TIMER_ACTOR,
      });
      this.settled.add(settledKey(row));
      return !result.replayed;
    } catch (error) {
      // Recorded under another command id, or the complaint is archived: there is nothing left to record.
      if (error instanceof PreconditionFailedError || error instanceof CommandNotAllowedError) {
        this.settled.add(settledKey(row));
        return false;
      }
      throw error;
    }
  }

  private async escalate(row: TimerRow, escalation: TimerRow['escalations'][number]): Promise<void> {
    const commandId = deterministicId('sla-escalation', row.complaint_id, escalation.key);
    try {
      await this.commands.execute({
        complaintId: row.complaint_id,
        command: {
          type: 'EscalateComplaint',
          level: escalation.level,
          reason: escalation.reason,
          ...(escalation.team !== null && { team: escalation.team }),
        },
        commandId,
        correlationId: deterministicId('sla-alert', row.complaint_id, row.key),
        actor: SLA_TIMER_ACTOR,
      });
    } catch (error) {
      // Already at that level or higher, or no longer open: the escalation the policy asks for has nothing to add.
      if (!(error instanceof PreconditionFailedError || error instanceof CommandNotAllowedError)) throw error;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timeout = setTimeout(done, ms);
      function done() {
        clearTimeout(timeout);
        resolve();
      }
      this.wake = done;
    });
  }
}

function settledKey(row: TimerRow): string {
  return `${row.complaint_id}/${row.key}`;
}
