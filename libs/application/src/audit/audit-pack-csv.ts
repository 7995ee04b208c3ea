import { stringify } from 'csv-stringify/sync';
import type { ClockState, CycleState } from '@redress/sla';
import type { AuditPack } from './audit-pack';

/**
 * The columns of the CSV form of an audit pack. One table for everything, told
 * apart by `record` (complaint, verification, event, sla-clock), so a
 * spreadsheet filter on that column gives each section; event rows carry the
 * history entry and the state right after it side by side.
 */
export const AUDIT_PACK_CSV_COLUMNS = [
  'record',
  'revision',
  'position',
  'event_id',
  'event_type',
  'occurred_at',
  'recorded_at',
  'actor_id',
  'actor_role',
  'command_id',
  'correlation_id',
  'causation_id',
  'status_after',
  'department_after',
  'assignee_after',
  'escalation_after',
  'content_hash',
  'previous_hash',
  'clock',
  'clock_cycle',
  'clock_status',
  'clock_started_at',
  'clock_due_at',
  'clock_ended_at',
  'clock_elapsed_seconds',
  'clock_breached',
  'complaint_content',
  'complaint_reason',
  'description',
] as const;

type Column = (typeof AUDIT_PACK_CSV_COLUMNS)[number];
type CsvRow = Partial<Record<Column, string | number | boolean | null>>;

/** RFC 4180 CSV (CRLF, quoted where needed) with a header row. */
export function auditPackCsv(pack: AuditPack): string {
  const rows: CsvRow[] = [complaintRow(pack), verificationRow(pack), ...eventRows(pack), ...clockRows(pack)];
  return stringify(
    rows.map((row) => AUDIT_PACK_CSV_COLUMNS.map((column) => cell(row[column]))),
    { header: true, columns: [...AUDIT_PACK_CSV_COLUMNS], record_delimiter: 'windows' },
  );
}

function complaintRow(pack: AuditPack): CsvRow {
  const c = pack.complaint;
  return {
    record: 'complaint',
    revision: c.revision,
    status_after: c.status,
    complaint_content: c.content,
    complaint_reason: c.reason,
    description:
      `Complaint ${c.id}, ${c.status}, received ${c.receivedAt ?? 'never'} via ${c.channel ?? 'unknown'}` +
      `${c.customerId ? ` from customer ${c.customerId}` : ''}; pack generated ${pack.generatedAt}`,
  };
}

function verificationRow(pack: AuditPack): CsvRow {
  const v = pack.verification;
  return {
    record: 'verification',
    revision: v.firstBreak?.revision ?? null,
    event_id: v.firstBreak?.eventId ?? null,
    content_hash: v.headHash,
    description: v.valid
      ? `Hash chain intact over ${v.events} events`
      : `Hash chain broken at revision ${v.firstBreak?.revision}: ${v.firstBreak?.reason}`,
  };
}

function eventRows(pack: AuditPack): CsvRow[] {
  return pack.history.map((entry, i) => {
    const after = pack.timeline[i];
    const chain = entry.metadata.chain as { contentHash?: string; previousHash?: string } | undefined;
    return {
      record: 'event',
      revision: entry.revision,
      position: entry.position,
      event_id: entry.eventId,
      event_type: entry.type,
      occurred_at: entry.occurredAt,
      recorded_at: entry.recordedAt,
      actor_id: entry.actor.id,
      actor_role: entry.actor.role,
      command_id: entry.commandId,
      correlation_id: entry.correlationId,
      causation_id: entry.causationId,
      status_after: after.status,
      department_after: after.department,
      assignee_after: after.assignee,
      escalation_after: after.escalationLevel,
      content_hash: chain?.contentHash ?? null,
      previous_hash: chain?.previousHash ?? null,
      description: entry.description,
    };
  });
}

function clockRows(pack: AuditPack): CsvRow[] {
  const { sla } = pack;
  if (!sla) return [];
  const policy = `${sla.policy.policyId} v${sla.policy.version}`;
  return sla.clocks.flatMap((clock: ClockState) =>
    [...clock.previousCycles, clock].map((cycle: CycleState) => ({
      record: 'sla-clock',
      clock: cycle.clock,
      clock_cycle: cycle.cycle,
      clock_status: cycle.status,
      clock_started_at: cycle.startedAt,
      clock_due_at: cycle.dueAt,
      clock_ended_at: cycle.endedAt,
      clock_elapsed_seconds: cycle.elapsedSeconds,
      clock_breached: cycle.breached,
      description: `${cycle.title} (${policy}, as of ${sla.at})`,
    })),
  );
}

/**
 * Text that a spreadsheet would run as a formula (=, +, -, @, or a leading tab
 * or carriage return) is prefixed with an apostrophe: complaint text is
 * written by customers, and an auditor opening the pack must not execute it.
 */
function cell(value: string | number | boolean | null | undefined): string | number | boolean | null {
  if (typeof value !== 'string') return value ?? null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
