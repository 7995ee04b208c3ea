import type { SqlExecutor } from '@redress/event-store';
import { COMPLAINT_SEGMENT_DIMENSIONS, type ComplaintSegmentDimension } from '../satisfaction/complaint-segments';

/**
 * SLA compliance per clock, for the KPIs: for complaints *received* in
 * [start, end) (the KPIs' cohort), per segment value and clock, how many
 * clocks were met and how many breached. The KPI report turns the counts
 * into a compliance % with a Wilson interval. `SlaTrackingCompliance` reads
 * the SLA tracking read model; `ComplaintKpiQueries` takes any source.
 */
export interface SlaComplianceSource {
  compliance(query: SlaComplianceQuery): Promise<SlaComplianceCount[]>;
}

export interface SlaComplianceQuery {
  /** Received at or after (ISO instant). */
  start: string;
  /** Received before (ISO instant). */
  end: string;
  /** Group by this complaint dimension; null for one group over all complaints. */
  segment: ComplaintSegmentDimension | null;
}

export interface SlaComplianceCount {
  /** The group's value on `segment`; null for the unsegmented group or complaints without a value. */
  segmentValue: string | null;
  /** The clock's name, e.g. "first-response", "resolution", "nfra-15-days". */
  clock: string;
  met: number;
  breached: number;
}

/** A source without clocks (for deployments or tests that run no SLA tracking): `slaCompliance` is empty. */
export const NO_SLA_CLOCKS: SlaComplianceSource = { compliance: async () => [] };

/**
 * Compliance from the SLA tracking read model (`sla_complaints`, `sla_clocks`).
 * A clock cycle is *met* when it stopped without a breach, *breached* when it
 * breached, or when it is still running past its due instant now; a cycle
 * still within its target (or pending, paused short of it, or cancelled) is
 * not decided yet and counts in neither.
 */
export class SlaTrackingCompliance implements SlaComplianceSource {
  constructor(
    private readonly db: SqlExecutor,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async compliance(query: SlaComplianceQuery): Promise<SlaComplianceCount[]> {
    const segment = query.segment;
    if (segment !== null && !COMPLAINT_SEGMENT_DIMENSIONS.includes(segment)) {
      throw new RangeError(`unknown segment dimension ${String(segment)}`);
    }
    // The dimension names are the keys of the stored segments (ComplaintSegments), checked just above.
    const segmentValue = segment === null ? 'NULL::text' : `s.segments->>'${segment}'`;
    const { rows } = await this.db.query<{
      segment_value: string | null;
      clock: string;
      met: number;
      breached: number;
    }>(
      `SELECT ${segmentValue} AS segment_value, c.clock,
              (count(*) FILTER (WHERE c.phase = 'stopped' AND NOT c.breached))::int AS met,
              (count(*) FILTER (WHERE c.phase <> 'cancelled'
                                  AND (c.breached OR (c.phase = 'running' AND c.due_at <= $3))))::int AS breached
       FROM sla_complaints s JOIN sla_clocks c ON c.complaint_id = s.complaint_id
       WHERE s.received_at >= $1 AND s.received_at < $2
       GROUP BY 1, 2
       ORDER BY 2, 1`,
      [query.start, query.end, this.clock().toISOString()],
    );
    return rows
      .filter((row) => row.met + row.breached > 0)
      .map((row) => ({ segmentValue: row.segment_value, clock: row.clock, met: row.met, breached: row.breached }));
  }
}
