import type { EventStore, RecordedEvent } from '@redress/event-store';
import { COMPLAINT_STREAM_PREFIX } from '../complaint-stream';
import { EARLY_WARNING_STREAM_PREFIX } from '../early-warning-command.service';
import { SURVEY_STREAM_PREFIX } from '../survey-command.service';
import { StreamChainVerifier, type ChainBreak } from './hash-chain';

/** The streams the command services write, every one hash-chained (AggregateCommandService), by kind. */
export const HASH_CHAINED_STREAMS = {
  complaint: COMPLAINT_STREAM_PREFIX,
  survey: SURVEY_STREAM_PREFIX,
  warning: EARLY_WARNING_STREAM_PREFIX,
} as const;
type StreamKind = keyof typeof HASH_CHAINED_STREAMS;

export interface LogVerification {
  streams: number;
  streamsByKind: Record<StreamKind, number>;
  events: number;
  valid: boolean;
  /** Every stream with a break, each with its first break. */
  breaks: (ChainBreak & { streamId: string })[];
  seconds: number;
}

/**
 * Verifies the hash chain of every complaint, survey and early-warning stream
 * in one pass over the global log, reporting progress as it goes.
 */
export async function verifyAllChains(
  store: EventStore,
  onProgress?: (position: number, head: number) => void,
  batchSize = 5000,
): Promise<LogVerification> {
  const started = Date.now();
  const head = await store.headPosition();
  const verifiers = new Map<string, StreamChainVerifier | null>(); // null once a stream has broken
  const breaks: LogVerification['breaks'] = [];
  const streamsByKind: Record<StreamKind, number> = { complaint: 0, survey: 0, warning: 0 };
  let events = 0;
  let position = 0;
  let next: Promise<RecordedEvent[]> | null = store.readAll({ after: position, maxCount: batchSize });
  while (next) {
    const batch: RecordedEvent[] = await next;
    if (batch.length === 0) break;
    // The next page is read while this one is hashed; a short page was the end of the log.
    next =
      batch.length === batchSize
        ? store.readAll({ after: batch[batch.length - 1].position, maxCount: batchSize })
        : null;
    for (const event of batch) {
      let verifier = verifiers.get(event.streamId);
      if (verifier === undefined) {
        const kind = kindOf(event.streamId);
        if (!kind) continue;
        streamsByKind[kind]++;
        verifiers.set(event.streamId, (verifier = new StreamChainVerifier(event.streamId)));
      }
      events++;
      if (verifier === null) continue;
      const broken = verifier.next(event);
      if (broken) {
        breaks.push({ streamId: event.streamId, ...broken });
        verifiers.set(event.streamId, null);
      }
    }
    position = batch[batch.length - 1].position;
    onProgress?.(position, Math.max(head, position));
  }
  return {
    streams: verifiers.size,
    streamsByKind,
    events,
    valid: breaks.length === 0,
    breaks,
    seconds: (Date.now() - started) / 1000,
  };
}

function kindOf(streamId: string): StreamKind | null {
  for (const [kind, prefix] of Object.entries(HASH_CHAINED_STREAMS)) {
    if (streamId.startsWith(prefix)) return kind as StreamKind;
  }
  return null;
}
