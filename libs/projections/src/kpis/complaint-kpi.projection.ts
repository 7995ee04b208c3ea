import type { ProjectionDefinition } from '../projection';
import { rowPerStreamProjection } from '../satisfaction/row-per-stream';
import { COMPLAINT_KPI_FACTS_SPEC, evolveComplaintKpiFacts, type ComplaintKpiFacts } from './complaint-kpi-facts';

export const COMPLAINT_KPI_TABLE = 'complaint_kpi_facts';

/**
 * Complaint KPI facts: one row per complaint, folded in memory per batch and
 * written with one upsert (the complaint list's pattern). The KPIs themselves
 * are computed by the queries over the window's rows, so percentiles are exact.
 */
export const complaintKpiProjection: ProjectionDefinition = rowPerStreamProjection({
  name: 'complaint-kpis',
  // 2: the acknowledgement and every other message to the customer count as a first response.
  version: 2,
  table: COMPLAINT_KPI_TABLE,
  streamPrefix: 'complaint-',
  spec: COMPLAINT_KPI_FACTS_SPEC,
  indexes: {
    received: '(received_at)',
    // Repeat complaints: the same customer in the same category shortly before (002 §5.3).
    customer: '(customer_id, category, received_at)',
  },
  evolve: evolveComplaintKpiFacts,
  normalise,
});

/** Rows read back carry JSON columns as text with some drivers; the fold works on parsed values. */
function normalise(row: ComplaintKpiFacts): ComplaintKpiFacts {
  const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
  return {
    ...row,
    pending_compensation: json(row.pending_compensation),
    redress: json(row.redress),
    last_position: Number(row.last_position),
    reopen_count: Number(row.reopen_count),
  };
}
