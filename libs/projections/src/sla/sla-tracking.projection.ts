import { upcastComplaintEvent } from '@redress/domain';
import type { RecordedEvent, SqlExecutor } from '@redress/event-store';
import {
  loadPolicySelectionFile,
  loadShippedPolicies,
  SHIPPED_POLICY_SELECTION_FILE,
  toSlaEvents,
  type SlaEvent,
} from '@redress/sla';
import type { PhysicalTableName, ProjectionDefinition } from '../projection';
import { evolveComplaintSegments, NO_SEGMENTS, type ComplaintSegments } from '../satisfaction/complaint-segments';
import {
  affectsAppliedPolicy,
  appliedPolicy,
  type AppliedPolicy,
  type PolicySource,
  type SlaTrackingOptions,
} from './applied-policy';
import { evolveMergeStanding, isMergeEvent } from './merged-receipt';
import { rowChanges } from '../row-changes';
import { derivedRowsOf, standingOf, type AlertTimerRow, type ClockRow } from './sla-derived-rows';
import { writeSlaBatch } from './sla-tracking-writes';
import { fastCompressionClause } from '../toast-compression';

/** One complaint as the SLA read model keeps it: the policy version applied, its segments and its history. */
export interface SlaComplaintRow {
  complaint_id: string;
  policy_id: string;
  policy_version: number;
  /** The digest recorded for the version: the loaded file's at receipt, the recompute event's after one. */
  policy_digest: string;
  policy_source: PolicySource;
  /** Not closed, withdrawn or archived: the complaints a bulk recompute may move. */
  open: boolean;
  received_at: string;
  /** The receipt the clocks start from: the earliest of its own and its merged duplicates' (merged-receipt.ts). */
  effective_received_at: string;
  /** The primary it is merged into while it is; a merged duplicate has no clocks of its own. */
  merged_into: string | null;
  segments: ComplaintSegments;
  /** The complaint's events as the SLA engine reads them, so a query can evaluate the clocks at any instant. */
  history: SlaEvent[];
  last_position: number;
}

const COMPLAINT_STREAM = /^complaint-(.+)$/;

/**
 * SLA tracking: per complaint, the policy version it is tracked under (chosen
 * by the selection rules at receipt, or set by an audited recompute, in which
 * case the whole history is evaluated under the new version) and its history (`sla_complaints`), and per clock cycle its state as of the
 * complaint's latest event (`sla_clocks`). A running clock's due instant
 * cannot move until the complaint's next event, so "at risk" is a plain
 * index scan over `due_at`; everything time-dependent (elapsed, remaining,
 * breached by now) is computed when asked. Evaluation happens at the latest
 * event's instant, never the wall clock, so a rebuild reproduces every row.
 */
export function createSlaTrackingProjection(options: SlaTrackingOptions): ProjectionDefinition {
  const { catalog } = options;
  return {
    name: 'sla-tracking',
    // 2: policy selection rules and audited recomputes (policy_source, open).
    // 3: merges (effective_received_at, merged_into; clocks from the earliest receipt).
    version: 3,
    tables: ['sla_complaints', 'sla_clocks', 'sla_alert_timers'],

    async createTables(tx: SqlExecutor, table: PhysicalTableName): Promise<void> {
      // Every event of a complaint rewrites its row, and only the primary key indexes it: with room left in each
      // page the new version goes beside the old one (a HOT update) and the key's index is not touched. Full pages
      // made 90 % of the updates write an index entry too; with this room 38 % do (system benchmark). The history is
      // what makes a row large, and it is compressed again at each rewrite: LZ4 took a fifth off the upsert.
      const compression = await fastCompressionClause(tx);
      await tx.query(`CREATE TABLE ${table('sla_complaints')} (
        complaint_id UUID PRIMARY KEY,
        policy_id TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        policy_digest TEXT NOT NULL,
        policy_source TEXT NOT NULL,
        open BOOLEAN NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        effective_received_at TIMESTAMPTZ NOT NULL,
        merged_into UUID,
        segments JSONB NOT NULL,
        history JSONB ${compression} NOT NULL,
        last_position BIGINT NOT NULL
      ) WITH (fillfactor = 70)`);
      const clocks = table('sla_clocks');
      await tx.query(`CREATE TABLE ${clocks} (
        complaint_id UUID NOT NULL,
        clock TEXT NOT NULL,
        cycle INTEGER NOT NULL,
        policy_id TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        phase TEXT NOT NULL,
        breached BOOLEAN NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        due_at TIMESTAMPTZ,
        ended_at TIMESTAMPTZ,
        target_seconds BIGINT NOT NULL,
        received_at TIMESTAMPTZ NOT NULL,
        department TEXT,
        grade TEXT,
        category TEXT,
        PRIMARY KEY (complaint_id, clock, cycle)
      )`);
      await tx.query(`CREATE INDEX ${clocks}_running ON ${clocks} (due_at) WHERE phase = 'running'`);
      const timers = table('sla_alert_timers');
      await tx.query(`CREATE TABLE ${timers} (
        complaint_id UUID NOT NULL,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        clock TEXT NOT NULL,
        cycle INTEGER NOT NULL,
        threshold TEXT,
        policy_id TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        fire_at TIMESTAMPTZ NOT NULL,
        escalations JSONB NOT NULL,
        PRIMARY KEY (complaint_id, key)
      )`);
      await tx.query(`CREATE INDEX ${timers}_fire_at ON ${timers} (fire_at)`);
    },

    async applyBatch(tx: SqlExecutor, events: readonly RecordedEvent[], table: PhysicalTableName): Promise<void> {
      const batch = groupByComplaint(events);
      if (batch.size === 0) return;
      const complaints = table('sla_complaints');
      const continuing = [...batch].filter(([, own]) => own[0].revision > 0).map(([id]) => id);
      const stored = continuing.length
        ? (
            await tx.query<SlaComplaintRow>(
              `SELECT complaint_id, policy_id, policy_version, policy_digest, policy_source, open, received_at,
                      effective_received_at, merged_into, segments, history, last_position::float8 AS last_position
               FROM ${complaints} WHERE complaint_id = ANY($1::uuid[])`,
              [continuing],
            )
          ).rows
        : [];
      const rows = new Map(
        stored.map((row) => [row.complaint_id, { ...row, last_position: Number(row.last_position) }]),
      );
      const complaintRows: SlaComplaintRow[] = [];
      const timers: { before: AlertTimerRow[]; after: AlertTimerRow[] } = { before: [], after: [] };
      const clocks: { before: ClockRow[]; after: ClockRow[] } = { before: [], after: [] };
      for (const [id, own] of batch) {
        const before = rows.get(id) ?? null;
        const row = own.reduce<SlaComplaintRow | null>((current, event) => evolveRow(current, event, id), before);
        // Untracked (received under no policy in effect), or nothing here it had not seen.
        if (row === null || row === before) continue;
        complaintRows.push(row);
        // What the stored row implied is what is stored: only the difference is written.
        const previous = before ? derivedRowsOf(before, catalog.get(before.policy_id, before.policy_version)) : null;
        const current = derivedRowsOf(row, catalog.get(row.policy_id, row.policy_version));
        if (previous) {
          timers.before.push(...previous.timers);
          clocks.before.push(...previous.clocks);
        }
        timers.after.push(...current.timers);
        clocks.after.push(...current.clocks);
      }
      if (complaintRows.length === 0) return;
      await writeSlaBatch(tx, table, {
        complaints: complaintRows,
        timers: rowChanges(timers.before, timers.after, (timer) => `${timer.complaint_id} ${timer.key}`),
        clocks: rowChanges(
          clocks.before,
          clocks.after,
          (clock) => `${clock.complaint_id} ${clock.clock} ${clock.cycle}`,
        ),
      });
    },
  };

  function evolveRow(row: SlaComplaintRow | null, recorded: RecordedEvent, id: string): SlaComplaintRow | null {
    // A batch commits with its checkpoint, so an event at or before the row's position cannot come again;
    // the guard keeps a replayed batch harmless should that ever change.
    if (row && recorded.position <= row.last_position) return row;
    const event = upcastComplaintEvent(recorded);
    const [slaEvent] = toSlaEvents([recorded]);
    if (event.type === 'ComplaintReceived') {
      const applied = appliedPolicy([slaEvent], options);
      if (!applied) return null; // received under no policy in effect: not tracked
      return {
        complaint_id: id,
        ...appliedColumns(applied),
        open: true,
        received_at: event.data.receivedAt,
        effective_received_at: event.data.receivedAt,
        merged_into: null,
        segments: evolveComplaintSegments(NO_SEGMENTS, event),
        history: [slaEvent],
        last_position: recorded.position,
      };
    }
    if (row === null) return null;
    if (isMergeEvent(event.type)) {
      const standing = evolveMergeStanding(standingOf(row), slaEvent);
      return {
        ...row,
        open: OPENING_EVENTS.has(event.type) || (row.open && !ENDING_EVENTS.has(event.type)),
        effective_received_at: standing.effectiveReceivedAt,
        merged_into: standing.mergedInto,
        last_position: recorded.position,
      };
    }
    const history = [...row.history, slaEvent];
    const applied = affectsAppliedPolicy(row.history, slaEvent) ? appliedPolicy(history, options) : null;
    return {
      ...row,
      ...(applied && appliedColumns(applied)),
      open: OPENING_EVENTS.has(event.type) || (row.open && !ENDING_EVENTS.has(event.type)),
      segments: evolveComplaintSegments(row.segments, event),
      history,
      last_position: recorded.position,
    };
  }
}

function appliedColumns({ policy, digest, source }: AppliedPolicy) {
  return { policy_id: policy.id, policy_version: policy.version, policy_digest: digest, policy_source: source };
}

// A merge takes only an open complaint and an unmerge gives it back open, so they end and reopen it here.
const ENDING_EVENTS = new Set(['ComplaintClosed', 'ComplaintWithdrawn', 'ComplaintArchived', 'ComplaintMergedInto']);
const OPENING_EVENTS = new Set(['ComplaintReopened', 'ComplaintUnmerged']);

/** Loads the shipped policy packs and the selection rules in `selectionFile`. */
export function loadSlaTracking(selectionFile: string = SHIPPED_POLICY_SELECTION_FILE): SlaTrackingOptions {
  const catalog = loadShippedPolicies();
  return { catalog, selection: loadPolicySelectionFile(selectionFile, catalog) };
}

/** The shipped packs with the shipped selection rules. */
export const SHIPPED_SLA_TRACKING: SlaTrackingOptions = loadSlaTracking();

export const slaTrackingProjection = createSlaTrackingProjection(SHIPPED_SLA_TRACKING);

function groupByComplaint(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const groups = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const id = COMPLAINT_STREAM.exec(event.streamId)?.[1];
    if (id === undefined) continue;
    const own = groups.get(id);
    if (own) own.push(event);
    else groups.set(id, [event]);
  }
  return groups;
}
