import type { ProjectionDefinition } from '../projection';
import { complaintKpiProjection } from '../kpis/complaint-kpi.projection';
import { earlyWarningListProjection } from '../kpis/early-warning-list.projection';
import { satisfactionProjection } from './satisfaction.projection';

/** The read models of issue 6 (satisfaction indices, complaint KPIs, early warnings), for ALL_PROJECTIONS. */
export const SATISFACTION_PROJECTIONS: readonly ProjectionDefinition[] = [
  satisfactionProjection,
  complaintKpiProjection,
  earlyWarningListProjection,
];
