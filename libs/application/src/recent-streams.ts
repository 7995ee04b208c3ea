import type { RecordedEvent } from '@redress/event-store';

/** What deciding a command needs of a stream, besides its events. */
export interface KnownStream<State> {
  /** Revision of the stream's last event. */
  revision: number;
  /** The aggregate's state after that event. */
  state: State;
  /** That event's revision and metadata: the next event's chain link hashes them. */
  head: Pick<RecordedEvent, 'revision' | 'metadata'>;
  /** The id of every command in the stream, so a retried command is recognised without reading it. */
  commandIds: Set<string>;
}

/**
 * The streams this process wrote last, as they stood after its append, so
 * the next command on one is decided without reading the stream again: an
 * agent works a complaint through several commands in a row. Another
 * process may have appended since; the append at the remembered revision
 * then fails, and the command service reads the stream and decides again,
 * exactly as for any concurrent writer. Least recently used streams are
 * forgotten beyond `capacity`.
 */
export class RecentStreams<State> {
  private readonly streams = new Map<string, KnownStream<State>>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): KnownStream<State> | undefined {
    const known = this.streams.get(streamId);
    if (known) {
      // Map keeps insertion order: re-inserting marks the stream as the most recently used.
      this.streams.delete(streamId);
      this.streams.set(streamId, known);
    }
    return known;
  }

  remember(streamId: string, known: KnownStream<State>): void {
    if (this.capacity <= 0) return;
    this.streams.delete(streamId);
    this.streams.set(streamId, known);
    if (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.streams.delete(streamId);
  }
}
