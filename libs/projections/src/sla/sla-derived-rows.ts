import {
  alertsOfCycle,
  escalationsOnAlert,
  evaluateClocks,
  type CycleState,
  type SlaEvent,
  type SlaPolicy,
  warningLabel,
} from '@redress/sla';
import { clockHistoryOf } from './merged-receipt';
import type { SlaComplaintRow } from './sla-tracking.projection';

/**
 * The rows SLA tracking derives from a complaint's row: its clock cycles
 * (`sla_clocks`) and the alerts still to fire (`sla_alert_timers`). They are
 * a function of the row and its policy version alone (evaluated at the
 * latest event's instant, never the wall clock), which is what lets a
 * rebuild reproduce them and a live batch write only the rows an event
 * changed: the rows the stored complaint implied are the rows stored.
 */

/** An `sla_alert_timers` row. */
export interface AlertTimerRow {
  complaint_id: string;
  key: string;
  kind: 'BREACH' | 'WARNING';
  clock: string;
  cycle: number;
  threshold: string | null;
  policy_id: string;
  policy_version: number;
  fire_at: string;
  escalations: Pick<ReturnType<typeof escalationsOnAlert>[number], 'key' | 'level' | 'team' | 'reason'>[];
}

/** An `sla_clocks` row. */
export interface ClockRow {
  complaint_id: string;
  clock: string;
  cycle: number;
  policy_id: string;
  policy_version: number;
  phase: CycleState['phase'];
  breached: boolean;
  started_at: string | null;
  due_at: string | null;
  ended_at: string | null;
  target_seconds: number | undefined;
  received_at: string;
  department: string | null;
  grade: string | null;
  category: string | null;
}

export interface SlaDerivedRows {
  timers: AlertTimerRow[];
  clocks: ClockRow[];
}

/** The clock and timer rows `row` implies under `policy`. */
export function derivedRowsOf(row: SlaComplaintRow, policy: SlaPolicy): SlaDerivedRows {
  const cycles = cyclesOf(row, policy);
  return { timers: alertTimerRowsOf(row, policy, cycles), clocks: clockRowsOf(row, policy, cycles) };
}

/** The merge standing a row records. */
export function standingOf(row: Pick<SlaComplaintRow, 'merged_into' | 'effective_received_at'>) {
  return { mergedInto: row.merged_into, effectiveReceivedAt: new Date(row.effective_received_at).toISOString() };
}

/** The instant a history is complete up to: its latest event's. */
export function latestInstantOf(history: readonly SlaEvent[]): string {
  return history.reduce(
    (latest, event) => (Date.parse(event.occurredAt) > Date.parse(latest) ? event.occurredAt : latest),
    history[0].occurredAt,
  );
}

/** Every started cycle of every clock, as of the complaint's latest event. */
function cyclesOf(row: SlaComplaintRow, policy: SlaPolicy): CycleState[] {
  const history = clockHistoryOf(row.history, standingOf(row));
  if (history.length === 0) return [];
  // Evaluated as of the latest event of the whole history, merge events included.
  return evaluateClocks(policy, history, latestInstantOf(row.history))
    .flatMap((state): CycleState[] => [...state.previousCycles, state])
    .filter((cycle) => cycle.phase !== 'pending' && cycle.target !== null && cycle.startedAt !== null);
}

const SLA_ALERT_EVENT_TYPES = new Set(['SlaWarningReached', 'SlaBreached']);

/**
 * The alerts still to record: those of running or paused cycles (a paused
 * cycle keeps the ones it already reached; its later instants are unknown
 * until it resumes) and those an ended cycle reached before it ended, minus
 * every alert the complaint's history already records. The timer fires each
 * at `fire_at`; a recorded alert's event removes its row here.
 */
function alertTimerRowsOf(row: SlaComplaintRow, policy: SlaPolicy, cycles: readonly CycleState[]): AlertTimerRow[] {
  const recorded = new Set(
    row.history
      .filter((event) => SLA_ALERT_EVENT_TYPES.has(event.type))
      .map((event) => (event.data as { key: string }).key),
  );
  return cycles.flatMap((cycle) =>
    alertsOfCycle(cycle)
      .filter(({ reached }) => reached || cycle.phase === 'running' || cycle.phase === 'paused')
      .filter(({ alert }) => !recorded.has(alert.key))
      .map(({ alert }) => ({
        complaint_id: row.complaint_id,
        key: alert.key,
        kind: alert.kind === 'breach' ? ('BREACH' as const) : ('WARNING' as const),
        clock: alert.clock,
        cycle: alert.cycle,
        threshold: alert.threshold === null ? null : warningLabel(alert.threshold),
        policy_id: policy.id,
        policy_version: policy.version,
        fire_at: alert.at,
        // The policy's auto-escalations on this alert, issued by the timer through the ordinary escalate command.
        escalations: escalationsOnAlert(policy, alert, cycle).map(({ key, level, team, reason }) => ({
          key,
          level,
          team,
          reason,
        })),
      })),
  );
}

function clockRowsOf(row: SlaComplaintRow, policy: SlaPolicy, cycles: readonly CycleState[]): ClockRow[] {
  return cycles.map((cycle) => ({
    complaint_id: row.complaint_id,
    clock: cycle.clock,
    cycle: cycle.cycle,
    policy_id: policy.id,
    policy_version: policy.version,
    phase: cycle.phase,
    breached: cycle.breached,
    started_at: cycle.startedAt,
    due_at: cycle.dueAt,
    ended_at: cycle.endedAt,
    target_seconds: cycle.target?.seconds,
    received_at: row.received_at,
    department: row.segments.department,
    grade: row.segments.grade,
    category: row.segments.category,
  }));
}
