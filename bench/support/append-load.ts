import { randomUUID } from 'node:crypto';
import type { EventStore, ExpectedRevision, NewEvent } from '@redress/event-store';
import { LatencyRecorder } from './latency';

export interface AppendLoad {
  /** Concurrent callers, each awaiting its append before the next (a closed loop). */
  appenders: number;
  eventsPerAppend: number;
  /** Streams each appender owns and cycles through, so appenders never contend for a stream. */
  streamsPerAppender: number;
  warmupSeconds: number;
  seconds: number;
}

export interface AppendLoadResult {
  appends: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  appendsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Drives appends from `appenders` concurrent callers for a warm-up and then a
 * measured window; counts the appends that complete inside the window and the
 * latency of each one that started in it.
 */
export async function runAppendLoad(store: EventStore, load: AppendLoad, label: string): Promise<AppendLoadResult> {
  const latencies = new LatencyRecorder();
  const startsAt = performance.now();
  const measureFrom = startsAt + load.warmupSeconds * 1000;
  const measureUntil = measureFrom + load.seconds * 1000;
  let appends = 0;
  let events = 0;

  const appender = async (index: number) => {
    const streams = Array.from(
      { length: load.streamsPerAppender },
      (_, i) => `bench-${label}-${index}-${i}-${randomUUID()}`,
    );
    const revisions = new Map<string, number>();
    for (let turn = 0; performance.now() < measureUntil; turn++) {
      const streamId = streams[turn % streams.length];
      const expected: ExpectedRevision = revisions.get(streamId) ?? 'no_stream';
      const batch = Array.from({ length: load.eventsPerAppend }, (_, i) => complaintEvent(streamId, turn, i));
      const started = performance.now();
      const result = await store.append(streamId, batch, expected);
      const finished = performance.now();
      revisions.set(streamId, result.revision);
      if (started >= measureFrom && finished <= measureUntil) latencies.record(finished - started);
      if (finished >= measureFrom && finished <= measureUntil) {
        appends++;
        events += load.eventsPerAppend;
      }
    }
  };
  await Promise.all(Array.from({ length: load.appenders }, (_, i) => appender(i)));

  return {
    appends,
    events,
    seconds: load.seconds,
    eventsPerSecond: Math.round(events / load.seconds),
    appendsPerSecond: Math.round(appends / load.seconds),
    ...latencies.summary(),
  };
}

const COMPLAINT_TEXT = 'The parcel arrived damaged and the replacement has not been sent despite two calls.';

/** A complaint-shaped event: about 220 bytes of data and 240 of metadata as JSON, like the domain's. */
export function complaintEvent(streamId: string, turn: number, index: number): NewEvent {
  const eventId = randomUUID();
  return {
    eventId,
    type: 'ComplaintNoteAdded',
    schemaVersion: 1,
    data: { complaintId: streamId, note: COMPLAINT_TEXT, sequence: turn, index, channel: 'email', priority: 'normal' },
    metadata: {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: eventId,
      actor: { id: 'agent-42', role: 'agent' },
      occurredAt: new Date().toISOString(),
    },
  };
}

/** Size of one such event's data and metadata as JSON, for the record. */
export function complaintEventBytes(): number {
  const event = complaintEvent(`bench-single-0-0-${randomUUID()}`, 0, 0);
  return JSON.stringify(event.data).length + JSON.stringify(event.metadata).length;
}
