import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { complaintEvent } from './append-load';

export interface BaselineResult {
  events: number;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * The raw database's speed on this machine, without the store: inserts of the
 * same rows into a copy of the events table, either one row per transaction or
 * many rows per statement, from a single connection.
 */
export async function runInsertBaseline(
  client: Client,
  rowsPerInsert: number,
  seconds: number,
): Promise<BaselineResult> {
  await client.query('CREATE TABLE IF NOT EXISTS bench_baseline_events (LIKE redress_events INCLUDING ALL)');
  const { rows } = await client.query<{ next: string }>(
    'SELECT coalesce(max(position), 0) + 1 AS next FROM bench_baseline_events',
  );
  let position = Number(rows[0].next);
  let events = 0;
  const streamId = `baseline-${randomUUID()}`;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < until) {
    const params: unknown[] = [];
    const tuples: string[] = [];
    for (let i = 0; i < rowsPerInsert; i++) {
      const event = complaintEvent(streamId, position, i);
      const base = params.length;
      tuples.push(`(${Array.from({ length: 8 }, (_, k) => `$${base + k + 1}`).join(', ')})`);
      params.push(
        position,
        streamId,
        position,
        event.eventId,
        event.type,
        event.schemaVersion,
        event.data,
        event.metadata,
      );
      position++;
    }
    await client.query(
      `INSERT INTO bench_baseline_events (position, stream_id, revision, event_id, event_type, schema_version, data, metadata)
       VALUES ${tuples.join(', ')}`,
      params,
    );
    events += rowsPerInsert;
  }
  const elapsed = (performance.now() - started) / 1000;
  return { events, seconds: Math.round(elapsed * 100) / 100, eventsPerSecond: Math.round(events / elapsed) };
}
