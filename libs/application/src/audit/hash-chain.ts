import { createHash } from 'node:crypto';
import type { EventMetadata, NewEvent, RecordedEvent } from '@redress/event-store';
import { canonicalJson } from './canonical-json';

/**
 * Tamper evidence: every event of a stream records the hash of its own
 * canonical content and the hash of its predecessor, so changing, removing or
 * reordering any stored event breaks the chain from that point on
 * (traceability of 002 §6.3 / REQ-45, integrity of REQ-49).
 */
export interface ChainLink {
  /** SHA-256 of the predecessor's `contentHash`, or of nothing for the first event. */
  previousHash: string;
  /** SHA-256 over the canonical event content including `previousHash`. */
  contentHash: string;
}

export const GENESIS_HASH = sha256('redress:genesis');

/** What the hash covers: everything that describes the event, except the link fields themselves and the store's commit time. */
function hashedContent(streamId: string, revision: number, event: NewEvent, previousHash: string): string {
  const { chain: _chain, ...metadata } = event.metadata as EventMetadata & { chain?: ChainLink };
  return canonicalJson({
    streamId,
    revision,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata,
    previousHash,
  });
}

/** The link of the event at `revision` of a stream, after the event whose content hash is `previousHash`. */
export function linkEvent(streamId: string, revision: number, event: NewEvent, previousHash: string): ChainLink {
  return { previousHash, contentHash: sha256(hashedContent(streamId, revision, event, previousHash)) };
}

/** Adds chain links to events about to be appended after `previous` (null for a new stream). */
export function chainEvents(
  streamId: string,
  previous: Pick<RecordedEvent, 'revision' | 'metadata'> | null,
  events: NewEvent[],
): NewEvent[] {
  let previousHash = previous ? (linkOf(previous)?.contentHash ?? GENESIS_HASH) : GENESIS_HASH;
  let revision = previous ? previous.revision + 1 : 0;
  return events.map((event) => {
    const chain = linkEvent(streamId, revision++, event, previousHash);
    previousHash = chain.contentHash;
    return { ...event, metadata: { ...event.metadata, chain } };
  });
}

export interface ChainBreak {
  revision: number;
  eventId: string;
  reason: 'missing-link' | 'previous-hash-mismatch' | 'content-hash-mismatch' | 'revision-gap';
}

export interface ChainVerification {
  streamId: string;
  events: number;
  valid: boolean;
  /** The first event at which the chain does not hold; everything before it is intact. */
  firstBreak: ChainBreak | null;
  /** contentHash of the last event: a fingerprint of the whole history. */
  headHash: string | null;
}

/**
 * Checks one stream's chain event by event, so a whole log can be verified in
 * a single pass without holding any stream in memory.
 */
export class StreamChainVerifier {
  private previousHash = GENESIS_HASH;
  private expectedRevision = 0;

  constructor(readonly streamId: string) {}

  /** The next event of the stream; returns the break it reveals, or null while the chain holds. */
  next(event: RecordedEvent): ChainBreak | null {
    const broken = (reason: ChainBreak['reason']): ChainBreak => ({
      revision: event.revision,
      eventId: event.eventId,
      reason,
    });
    if (event.revision !== this.expectedRevision) return broken('revision-gap');
    const link = linkOf(event);
    if (!link) return broken('missing-link');
    if (link.previousHash !== this.previousHash) return broken('previous-hash-mismatch');
    if (sha256(hashedContent(this.streamId, event.revision, event, this.previousHash)) !== link.contentHash) {
      return broken('content-hash-mismatch');
    }
    this.previousHash = link.contentHash;
    this.expectedRevision++;
    return null;
  }

  get headHash(): string | null {
    return this.expectedRevision > 0 ? this.previousHash : null;
  }
}

/** Recomputes a stream's chain from its stored events and reports the first break. */
export function verifyChain(streamId: string, events: readonly RecordedEvent[]): ChainVerification {
  const verifier = new StreamChainVerifier(streamId);
  for (const event of events) {
    const firstBreak = verifier.next(event);
    if (firstBreak) return { streamId, events: events.length, valid: false, firstBreak, headHash: null };
  }
  return { streamId, events: events.length, valid: true, firstBreak: null, headHash: verifier.headHash };
}

function linkOf(event: Pick<NewEvent, 'metadata'>): ChainLink | undefined {
  const chain = (event.metadata as { chain?: Partial<ChainLink> }).chain;
  return typeof chain?.previousHash === 'string' && typeof chain.contentHash === 'string'
    ? { previousHash: chain.previousHash, contentHash: chain.contentHash }
    : undefined;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
