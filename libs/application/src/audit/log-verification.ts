import type { EventStore } from '@redress/event-store';
import { COMPLAINT_STREAM_PREFIX } from '../complaint-stream';
import { StreamChainVerifier, type ChainBreak } from './hash-chain';

export interface LogVerification {
  streams: number;
  events: number;
  valid: boolean;
  /** Every stream with a break, each with its first break. */
  breaks: (ChainBreak & { streamId: string })[];
  seconds: number;
}

/**
 * Verifies the hash chain of every complaint stream in one pass over the
 * global log, reporting progress as it goes.
 */
export async function verifyAllComplaintChains(
  store: EventStore,
  onProgress?: (position: number, head: number) => void,
  batchSize = 5000,
): Promise<LogVerification> {
  const started = Date.now();
  const head = await store.headPosition();
  const verifiers = new Map<string, StreamChainVerifier | null>(); // null once a stream has broken
  const breaks: LogVerification['breaks'] = [];
  let events = 0;
  let position = 0;
  for (;;) {
    const batch = await store.readAll({ after: position, maxCount: batchSize });
    if (batch.length === 0) break;
    for (const event of batch) {
      if (!event.streamId.startsWith(COMPLAINT_STREAM_PREFIX)) continue;
      events++;
      let verifier = verifiers.get(event.streamId);
      if (verifier === null) continue;
      if (verifier === undefined) verifiers.set(event.streamId, (verifier = new StreamChainVerifier(event.streamId)));
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
    events,
    valid: breaks.length === 0,
    breaks,
    seconds: (Date.now() - started) / 1000,
  };
}
