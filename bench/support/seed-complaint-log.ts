import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import type { EventMetadata, NewEvent } from '@redress/event-store';
import { GENESIS_HASH, linkEvent } from '@redress/application';
import { COMPLAINT_EVENT_SCHEMA_VERSIONS } from '@redress/domain';
import { generateComplaintLog, type ComplaintLogProfile } from './complaint-log';
import { round } from './latency';
import { connect } from './local-postgres';

export interface SeedOptions extends ComplaintLogProfile {
  /** Concurrent connections inserting. */
  writers: number;
  eventsPerInsert: number;
  /** Link every event into its stream's audit hash chain, as the command service does (costs a hash per event). */
  hashChain?: boolean;
}

export interface SeedResult {
  complaints: number;
  events: number;
  eventsByType: Record<string, number>;
  seconds: number;
  eventsPerSecond: number;
  receivedFrom: string;
  receivedUntil: string;
}

/**
 * Writes the generated log straight into the store's tables of `schema`, the
 * rows the store's own appends would have left: gap-free positions in log
 * order, revisions per stream, one row per stream in `redress_streams` and
 * the head in `redress_log_head`, `recorded_at` at the event's instant (as if
 * appended live over the year). The audit hash chain in the metadata is left
 * out unless asked for: no projection reads it.
 *
 * Appending 3 million events through the store takes minutes on this machine
 * (see its batched-append benchmark); bulk inserts take a fraction of that,
 * the more so as the unique indexes on event ids and stream revisions are
 * built once after the load rather than maintained row by row (the same
 * constraints, recreated from their own definitions). The log is vacuumed and
 * analysed at the end, as autovacuum would long have done to a year-old log.
 */
export async function seedComplaintLog(schema: string, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const log = generateComplaintLog(options);
  const eventsByType: Record<string, number> = {};
  let position = 0;
  /** Each stream's last content hash, while chaining. */
  const chainHeads = new Map<string, string>();
  const chained = (streamId: string, revision: number, event: NewEvent): EventMetadata => {
    const chain = linkEvent(streamId, revision, event, chainHeads.get(streamId) ?? GENESIS_HASH);
    chainHeads.set(streamId, chain.contentHash);
    return { ...event.metadata, chain };
  };

  // One JSON document per insert, parsed once by PostgreSQL, as the store's own batch write does.
  const nextInsert = (): string | null => {
    const rows: unknown[] = [];
    // next() rather than for…of: leaving a for…of early would close the generator for the next slice.
    for (let next = log.next(); !next.done; next = log.next()) {
      const generated = next.value;
      position++;
      eventsByType[generated.event.type] = (eventsByType[generated.event.type] ?? 0) + 1;
      const event: NewEvent = {
        eventId: randomUUID(),
        type: generated.event.type,
        schemaVersion: COMPLAINT_EVENT_SCHEMA_VERSIONS[generated.event.type],
        data: generated.event.data,
        metadata: generated.metadata,
      };
      rows.push({
        p: position,
        s: generated.streamId,
        r: generated.revision,
        e: event.eventId,
        t: event.type,
        v: event.schemaVersion,
        d: event.data,
        m: options.hashChain ? chained(generated.streamId, generated.revision, event) : event.metadata,
        at: new Date(generated.at).toISOString(),
      });
      if (rows.length === options.eventsPerInsert) break;
    }
    return rows.length ? JSON.stringify(rows) : null;
  };

  const clients = await Promise.all(Array.from({ length: options.writers }, () => connect(schema)));
  try {
    const uniqueConstraints = await dropUniqueConstraints(clients[0]);
    // Each writer pulls the next slice of the log when its insert returns; generation is synchronous, so slices never overlap.
    await Promise.all(
      clients.map(async (client) => {
        for (let rows = nextInsert(); rows !== null; rows = nextInsert()) {
          await client.query(
            `INSERT INTO redress_events (position, stream_id, revision, event_id, event_type, schema_version, data, metadata, recorded_at)
             SELECT p, s, r, e, t, v, d, m, at
             FROM jsonb_to_recordset($1::jsonb)
               AS batch(p bigint, s text, r bigint, e uuid, t text, v int, d jsonb, m jsonb, at timestamptz)`,
            [rows],
          );
        }
      }),
    );
    const [client] = clients;
    await restoreConstraints(client, uniqueConstraints);
    await client.query(
      'INSERT INTO redress_streams (stream_id, revision) SELECT stream_id, max(revision) FROM redress_events GROUP BY stream_id',
    );
    await client.query('UPDATE redress_log_head SET position = $1', [position]);
    await client.query('VACUUM ANALYZE redress_events, redress_streams');
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }

  const seconds = (performance.now() - started) / 1000;
  const until = new Date(options.until);
  return {
    complaints: options.complaints,
    events: position,
    eventsByType,
    seconds: round(seconds),
    eventsPerSecond: Math.round(position / seconds),
    receivedFrom: new Date(options.until - 365 * 86_400_000).toISOString(),
    receivedUntil: until.toISOString(),
  };
}

interface ConstraintDefinition {
  name: string;
  definition: string;
}

async function dropUniqueConstraints(client: Client): Promise<ConstraintDefinition[]> {
  const { rows } = await client.query<ConstraintDefinition>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = 'redress_events'::regclass AND contype = 'u'`,
  );
  for (const { name } of rows) await client.query(`ALTER TABLE redress_events DROP CONSTRAINT ${name}`);
  return rows;
}

async function restoreConstraints(client: Client, constraints: ConstraintDefinition[]): Promise<void> {
  await client.query("SET maintenance_work_mem = '256MB'");
  for (const { name, definition } of constraints) {
    await client.query(`ALTER TABLE redress_events ADD CONSTRAINT ${name} ${definition}`);
  }
}
