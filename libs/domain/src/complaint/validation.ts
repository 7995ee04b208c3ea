import { InvalidCommandError, type FieldViolation } from '../errors';

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

  throwIfAny(): void {
    if (this.found.length > 0) throw new InvalidCommandError(this.found);
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch for a zoned ISO-8601 instant, NaN for anything else. */
export function parseInstant(value: unknown): number {
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) return Number.NaN;
  return Date.parse(value);
}

/** Canonical UTC form, so equal instants are stored identically whatever offset the caller used. */
export function canonicalInstant(millis: number): string {
  return new Date(millis).toISOString();
}
