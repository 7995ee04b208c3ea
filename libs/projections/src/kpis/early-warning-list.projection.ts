import { upcastEarlyWarningEvent } from '@redress/domain';
import type { RecordedEvent } from '@redress/event-store';
import type { ProjectionDefinition } from '../projection';
import { rowPerStreamProjection } from '../satisfaction/row-per-stream';
import type { TableSpec } from '../satisfaction/sql-table';

export const EARLY_WARNING_TABLE = 'early_warning_list';

/** One row per early warning, for GET /warnings and for not raising the same warning twice. */
export interface EarlyWarningRow {
  warning_id: string;
  rule_id: string;
  indicator: string;
  window_kind: string;
  window_from: string;
  window_to: string;
  segment_dimension: string | null;
  segment_value: string | null;
  value: number;
  threshold: number;
  direction: string;
  owner: string;
  deadline: string;
  evidence: string[];
  status: string;
  triggered_at: string;
  acknowledged_at: string | null;
  acknowledgement_note: string | null;
  resolved_at: string | null;
  resolution: string | null;
  last_position: number;
}

export const EARLY_WARNING_SPEC: TableSpec<EarlyWarningRow> = {
  columns: [
    ['warning_id', 'TEXT'],
    ['rule_id', 'TEXT'],
    ['indicator', 'TEXT'],
    ['window_kind', 'TEXT'],
    ['window_from', 'DATE'],
    ['window_to', 'DATE'],
    ['segment_dimension', 'TEXT'],
    ['segment_value', 'TEXT'],
    ['value', 'DOUBLE PRECISION'],
    ['threshold', 'DOUBLE PRECISION'],
    ['direction', 'TEXT'],
    ['owner', 'TEXT'],
    ['deadline', 'TIMESTAMPTZ'],
    ['evidence', 'JSONB'],
    ['status', 'TEXT'],
    ['triggered_at', 'TIMESTAMPTZ'],
    ['acknowledged_at', 'TIMESTAMPTZ'],
    ['acknowledgement_note', 'TEXT'],
    ['resolved_at', 'TIMESTAMPTZ'],
    ['resolution', 'TEXT'],
    ['last_position', 'BIGINT'],
  ],
  key: ['warning_id'],
};

export function evolveEarlyWarningRow(row: EarlyWarningRow | null, recorded: RecordedEvent): EarlyWarningRow | null {
  const event = upcastEarlyWarningEvent(recorded);
  if (event.type === 'EarlyWarningTriggered') {
    const d = event.data;
    return {
      warning_id: d.warningId,
      rule_id: d.ruleId,
      indicator: d.indicator,
      window_kind: d.scope.window.kind,
      window_from: d.scope.window.from,
      window_to: d.scope.window.to,
      segment_dimension: d.scope.segment?.dimension ?? null,
      segment_value: d.scope.segment?.value ?? null,
      value: d.value,
      threshold: d.threshold,
      direction: d.direction,
      owner: d.owner,
      deadline: d.deadline,
      evidence: d.evidence,
      status: 'TRIGGERED',
      triggered_at: d.triggeredAt,
      acknowledged_at: null,
      acknowledgement_note: null,
      resolved_at: null,
      resolution: null,
      last_position: recorded.position,
    };
  }
  if (row === null) return null;
  const stamp = { last_position: recorded.position };
  if (event.type === 'EarlyWarningAcknowledged') {
    const { acknowledgedAt, note } = event.data;
    return { ...row, ...stamp, status: 'ACKNOWLEDGED', acknowledged_at: acknowledgedAt, acknowledgement_note: note };
  }
  return {
    ...row,
    ...stamp,
    status: 'RESOLVED',
    resolved_at: event.data.resolvedAt,
    resolution: event.data.resolution,
  };
}

/** The early-warning list read model. */
export const earlyWarningListProjection: ProjectionDefinition = rowPerStreamProjection({
  name: 'early-warnings',
  version: 1,
  table: EARLY_WARNING_TABLE,
  streamPrefix: 'warning-',
  spec: EARLY_WARNING_SPEC,
  indexes: { triggered: '(triggered_at)', open: "(rule_id) WHERE status <> 'RESOLVED'" },
  evolve: evolveEarlyWarningRow,
  normalise: (row) => ({
    ...row,
    evidence: typeof row.evidence === 'string' ? JSON.parse(row.evidence) : row.evidence,
  }),
});
