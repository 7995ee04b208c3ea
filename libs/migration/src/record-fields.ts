import type { RecordProblem } from './historical-ticket';

const ZONED = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Reads the fields of one source record, collecting every problem instead of
 * stopping at the first, so the validation report lists all that is wrong
 * with a record at once. Each problem names the field as the file names it.
 */
export class RecordFields {
  readonly problems: RecordProblem[] = [];

  add(field: string, problem: string): void {
    this.problems.push({ field, problem });
  }

  /** A required text; numbers (JSON ids) are taken as their decimal text. */
  text(field: string, value: unknown): string {
    const text = this.optionalText(field, value);
    if (text === null) {
      this.add(field, 'is required and must not be blank');
      return '';
    }
    return text;
  }

  /** An optional text: absent, null and blank are all "not given". */
  optionalText(field: string, value: unknown): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value !== 'string') {
      this.add(field, `must be a text, not ${describe(value)}`);
      return null;
    }
    return value.trim().length === 0 ? null : value;
  }

  /** A required instant with a time zone, returned in canonical UTC form. */
  instant(field: string, value: unknown): string {
    const instant = this.optionalInstant(field, value);
    if (instant === null && !this.problems.some((p) => p.field === field)) this.add(field, 'is required');
    return instant ?? '';
  }

  optionalInstant(field: string, value: unknown): string | null {
    const text = this.optionalText(field, value);
    if (text === null) return null;
    const millis = Date.parse(text);
    if (!ZONED.test(text.trim()) || Number.isNaN(millis)) {
      this.add(field, `must be an ISO-8601 date-time with a time zone, e.g. 2024-01-31T09:30:00Z; not "${text}"`);
      return null;
    }
    return new Date(millis).toISOString();
  }

  /** Refuses an instant in the future: history cannot have happened yet. */
  notFuture(field: string, instant: string | null, now: Date): void {
    if (instant && Date.parse(instant) > now.getTime()) this.add(field, `${instant} is in the future`);
  }

  /** Refuses `later` before `earlier`: a ticket cannot be solved before it was created. */
  notBefore(field: string, later: string | null, earlierField: string, earlier: string | null): void {
    if (later && earlier && Date.parse(later) < Date.parse(earlier)) {
      this.add(field, `${later} is earlier than ${earlierField} (${earlier})`);
    }
  }

  oneOf<T extends string>(field: string, values: readonly T[], value: unknown): T | null {
    const text = this.optionalText(field, value);
    if (text === null) return null;
    const normalised = text.trim().toLowerCase();
    const found = values.find((candidate) => candidate.toLowerCase() === normalised);
    if (found === undefined) this.add(field, `must be one of: ${values.join(', ')}; not "${text}"`);
    return found ?? null;
  }

  optionalBoolean(field: string, value: unknown): boolean | null {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
    this.add(field, `must be true or false, not ${describe(value)}`);
    return null;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/** The fields of `record` not named in `carried`, i.e. the ones no event's data holds: kept as attributes. */
export function attributesBesides(
  record: Record<string, unknown>,
  carried: readonly string[],
): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (!carried.includes(key) && value !== undefined && value !== null && value !== '') attributes[key] = value;
  }
  return attributes;
}

/** Helpdesk priorities (Zendesk's, Zammad's words, Redress's own) → Redress priority and grade. */
const PRIORITY_WORDS: Readonly<
  Record<string, { priority: 'P1' | 'P2' | 'P3' | 'P4'; grade: 'URGENT' | 'SERIOUS' | 'GENERAL' }>
> = {
  urgent: { priority: 'P1', grade: 'URGENT' },
  high: { priority: 'P2', grade: 'SERIOUS' },
  normal: { priority: 'P3', grade: 'GENERAL' },
  low: { priority: 'P4', grade: 'GENERAL' },
  p1: { priority: 'P1', grade: 'URGENT' },
  p2: { priority: 'P2', grade: 'SERIOUS' },
  p3: { priority: 'P3', grade: 'GENERAL' },
  p4: { priority: 'P4', grade: 'GENERAL' },
};

/**
 * Priority and grade from a helpdesk priority ("high", Zammad's "3 high",
 * "P2"); the default priority when the source has none. Grade follows the
 * priority: urgent is URGENT, high SERIOUS, the rest GENERAL.
 */
export function priorityAndGrade(
  fields: RecordFields,
  field: string,
  value: unknown,
  fallback: 'P1' | 'P2' | 'P3' | 'P4',
): (typeof PRIORITY_WORDS)[string] {
  const text = fields.optionalText(field, value);
  if (text === null) return PRIORITY_WORDS[fallback.toLowerCase()];
  const word = text
    .trim()
    .toLowerCase()
    .replace(/^\d+\s+/, '');
  const found = PRIORITY_WORDS[word];
  if (!found) fields.add(field, `must be urgent, high, normal, low or P1-P4; not "${text}"`);
  return found ?? PRIORITY_WORDS[fallback.toLowerCase()];
}
