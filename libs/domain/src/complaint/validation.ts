import { InvalidCommandError, type FieldViolation } from '../errors';

/**
 * How far in the future a caller-supplied instant of the past (a receipt, an
 * incident) may lie, to absorb clock skew between the caller and this service.
 */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * Collects every violation of a command before refusing it, so a caller
 * learns all that is wrong in one answer rather than one field per retry.
 */
export class Violations {
  private readonly found: FieldViolation[] = [];

  add(field: string, message: string): this {
    this.found.push({ field, message });
    return this;
  }

  text(field: string, value: unknown): this {
    if (typeof value !== 'string' || value.trim().length === 0) this.add(field, 'must be a non-empty text');
    return this;
  }

  texts(field: string, values: unknown): this {
    if (!Array.isArray(values) || values.length === 0) return this.add(field, 'must list at least one item');
    values.forEach((value, index) => this.text(`${field}[${index}]`, value));
    return this;
  }

  /** Parses an ISO-8601 instant with an explicit offset; records a violation and returns NaN otherwise. */
  instant(field: string, value: unknown): number {
    const millis = parseInstant(value);
    if (Number.isNaN(millis))
      this.add(field, 'must be an ISO-8601 date-time with a time zone, e.g. 2026-01-31T09:30:00Z');
    return millis;
  }

  oneOf(field: string, values: readonly string[], value: unknown, optional = false): this {
    if (optional && value === undefined) return this;
    if (typeof value !== 'string' || !values.includes(value)) this.add(field, `must be one of: ${values.join(', ')}`);
    return this;
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw new InvalidCommandError(this.found);
  }
}

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * Milliseconds since the epoch for a zoned ISO-8601 instant, NaN for anything
 * else. Impossible calendar days (30 February) are refused: `Date.parse` would
 * silently roll them over into another instant.
 */
export function parseInstant(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  const match = ISO_INSTANT.exec(value);
  if (!match) return Number.NaN;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return Number.NaN;
  return Date.parse(value);
}

/** Canonical UTC form, so equal instants are stored identically whatever offset the caller used. */
export function canonicalInstant(millis: number): string {
  return new Date(millis).toISOString();
}
