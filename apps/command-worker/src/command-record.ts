import type { IHeaders } from 'kafkajs';
import type { DeadLetterReason, RecordBytes } from '@redress/contracts';
import type { FieldViolation } from '@redress/domain';

/** A record of the command topic that names a command: its outcome can be correlated and answered. */
export interface ReadableCommand {
  kind: 'command';
  commandId: string;
  complaintId: string;
  /** The parsed value, every field as sent: validated like an HTTP request by commandRequestFrom. */
  fields: Record<string, unknown>;
}

/** A record nobody could be answered about: it goes to the dead-letter topic, after the configured attempts. */
export interface UnreadableCommand {
  kind: 'unreadable';
  reason: Exclude<DeadLetterReason, 'PROCESSING_FAILED'>;
  message: string;
  problems: FieldViolation[];
  /** The command id, when the value had a readable one (e.g. only the key was wrong). */
  commandId?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads one record of the command topic as far as correlating it needs: a
 * UTF-8 JSON object with a command id and a complaint id (UUIDs), keyed by
 * that complaint id. Everything else about the command (its name, body,
 * actor…) is judged afterwards, and refusing it is an answer on the results
 * topic, not a dead letter.
 */
export function readCommandRecord(key: Buffer | null, value: Buffer | null): ReadableCommand | UnreadableCommand {
  if (value === null || value.length === 0) return unparseable('the record has no value');
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return unparseable('the value is not UTF-8 text');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return unparseable(`the value is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return unparseable('the value must be a JSON object');
  }
  const fields = parsed as Record<string, unknown>;
  const problems: FieldViolation[] = [];
  const commandId = uuidField(fields, 'commandId', problems);
  const complaintId = uuidField(fields, 'complaintId', problems);
  const keyText = key === null ? null : key.toString('utf8');
  if (complaintId !== undefined && keyText !== complaintId) {
    // The key picks the partition: a command keyed otherwise could overtake the complaint's other commands.
    problems.push({
      field: 'key',
      message: `must be the complaint id ${complaintId}, not ${keyText === null ? 'absent' : JSON.stringify(keyText.slice(0, 100))}`,
    });
  }
  if (problems.length > 0 || commandId === undefined || complaintId === undefined) {
    return {
      kind: 'unreadable',
      reason: 'INVALID_ENVELOPE',
      message: 'the message cannot be correlated: ' + problems.map((p) => `${p.field} ${p.message}`).join('; '),
      problems,
      ...(commandId !== undefined && { commandId }),
    };
  }
  return { kind: 'command', commandId, complaintId, fields };
}

function uuidField(fields: Record<string, unknown>, name: string, problems: FieldViolation[]): string | undefined {
  const value = fields[name];
  if (value === undefined) problems.push({ field: name, message: 'is required' });
  else if (typeof value !== 'string' || !UUID.test(value)) problems.push({ field: name, message: 'must be a UUID' });
  else return value;
  return undefined;
}

function unparseable(message: string): UnreadableCommand {
  return { kind: 'unreadable', reason: 'UNPARSEABLE', message, problems: [] };
}

/** Bytes kept as they were: UTF-8 text when they are valid UTF-8, base64 otherwise. */
export function recordBytes(bytes: Buffer | null): RecordBytes | null {
  if (bytes === null) return null;
  try {
    return { encoding: 'utf8', data: utf8.decode(bytes) };
  } catch {
    return { encoding: 'base64', data: bytes.toString('base64') };
  }
}

/** Record headers as text; a header sent more than once keeps every value. */
export function headerText(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, (Array.isArray(value) ? value : [value]).map(String).join(', ')]),
  );
}
