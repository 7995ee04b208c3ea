/**
 * Instants. The SLA engine counts time to the whole second, so every instant
 * is an integer number of seconds since the Unix epoch (UTC). ISO-8601
 * strings appear only at the edges (event payloads in, clock states out).
 */
export type EpochSeconds = number;

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3_600;
export const SECONDS_PER_DAY = 86_400;

/** Anything the public API accepts as an instant. Sub-second parts are dropped (floored). */
export type InstantInput = string | Date | EpochSeconds;

export function toEpochSeconds(input: InstantInput): EpochSeconds {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new RangeError(`Not a finite instant: ${input}`);
    return Math.floor(input);
  }
  const millis = typeof input === 'string' ? Date.parse(input) : input.getTime();
  if (Number.isNaN(millis)) throw new RangeError(`Not an ISO-8601 instant: ${String(input)}`);
  return Math.floor(millis / 1_000);
}

/** The instant as ISO-8601 UTC, e.g. `2026-03-02T09:00:00.000Z` (the format the domain writes). */
export function toIsoInstant(seconds: EpochSeconds): string {
  return new Date(seconds * 1_000).toISOString();
}

export function isoOrNull(seconds: EpochSeconds | null): string | null {
  return seconds === null ? null : toIsoInstant(seconds);
}
