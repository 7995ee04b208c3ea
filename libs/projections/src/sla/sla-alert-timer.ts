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
  /** How many due timers one look at the read model reads: a pass pages through all of them. */
  batchSize?: number;
  /**
   * How many complaints' alerts are recorded at once. Each append waits for
   * its commit; appended side by side, the store commits them together, so a
   * burst of deadlines is recorded at the store's batched rate rather than one
   * commit after another. One complaint's alerts are recorded in order.
   */
  concurrency?: number;
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
  /** fire_at at the database's full precision: where the next page starts. */
  fire_at_text: string;
  escalations: { key: string; level: EscalationLevel; team: EscalationTeam | null; reason: string }[];
}

const DEFAULT_MAX_SLEEP_MS = 1_000;
const DEFAULT_BATCH_SIZE = 200;
const DEFAULT_CONCURRENCY = 32;

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
  private readonly concurrency: number;
  private readonly onError: (error: unknown) => void;
  /** Alerts this timer found recorded or refused: skipped until their row leaves the read model. */
  private readonly settled = new Set<string>();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  /** The instant of the latest look at the due timers: any timer due later has not been seen yet. */
  private lastLook: Date | null = null;

  constructor(
    private readonly db: SqlExecutor,
    private readonly commands: ComplaintCommandService,
    options: SlaAlertTimerOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.maxSleepMs = options.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
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

  /**
   * One pass: records every alert due by now, a page of timers at a time;
   * returns how many this timer appended. The pages follow each other by
   * position (due instant, complaint, key), not from the start again, so
   * recorded alerts whose rows the projection has yet to remove cannot hide
   * the due ones behind them however many there are.
   */
  async fireDue(): Promise<number> {
    let appended = 0;
    const stillListed = new Set<string>();
    let after: TimerRow | null = null;
    for (;;) {
      const rows = await this.dueTimers(after);
      for (const row of rows) stillListed.add(settledKey(row));
      appended += await this.recordAll(rows.filter((row) => !this.settled.has(settledKey(row))));
      // A stopping timer ends its pass here: with a large backlog a pass lasts as long as the backlog, and the
      // process's shutdown (its drain) waits for it. The next start picks the rest up from the read model.
      if (this.stopping) return appended;
      if (rows.length < this.batchSize) break;
      after = rows[rows.length - 1];
    }
    this.forgetProjected(stillListed);
    return appended;
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

  private async dueTimers(after: TimerRow | null): Promise<TimerRow[]> {
    const now = this.clock();
    this.lastLook = now;
    const { rows } = await this.db.query<TimerRow>(
      `SELECT complaint_id, key, kind, clock, cycle, threshold, policy_id, policy_version, fire_at,
              fire_at::text AS fire_at_text, escalations
       FROM sla_alert_timers
       WHERE fire_at <= $1::timestamptz
         AND ($3::text IS NULL OR (fire_at, complaint_id, key) > ($3::timestamptz, $4::uuid, $5::text))
       ORDER BY fire_at, complaint_id, key LIMIT $2`,
      [now.toISOString(), this.batchSize, after?.fire_at_text ?? null, after?.complaint_id ?? null, after?.key ?? null],
    );
    return rows;
  }

  /**
   * Records the alerts of different complaints side by side, each
   * complaint's in order (an escalation precedes its alert's event, an
   * earlier alert a later one). A failure leaves the rest of that complaint's
   * alerts to the next pass and is thrown once the others are recorded.
   */
  private async recordAll(rows: readonly TimerRow[]): Promise<number> {
    const byComplaint = new Map<string, TimerRow[]>();
    for (const row of rows) {
      const own = byComplaint.get(row.complaint_id);
      if (own) own.push(row);
      else byComplaint.set(row.complaint_id, [row]);
    }
    const queue = [...byComplaint.values()];
    let next = 0;
    let appended = 0;
    const failures: unknown[] = [];
    const recorder = async () => {
      while (next < queue.length && !this.stopping) {
        const own = queue[next++];
        try {
          for (const row of own) if (await this.record(row)) appended++;
        } catch (error) {
          failures.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, recorder));
    if (failures.length > 0) throw failures[0];
    return appended;
  }

  /** Until the first timer not yet seen falls due, at most maxSleepMs; 0 when one fell due during the pass. */
  private async msToNextTimer(): Promise<number> {
    const { rows } = await this.db.query<{ next: Date | string | null }>(
      'SELECT min(fire_at) AS next FROM sla_alert_timers WHERE fire_at > $1::timestamptz',
      [(this.lastLook ?? this.clock()).toISOString()],
    );
    const now = this.clock();
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
