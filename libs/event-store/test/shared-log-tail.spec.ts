import type { ReadAllOptions, RecordedEvent } from '../src/port';
import { SharedLogTail } from '../src/shared-log-tail';

/**
 * A log in memory whose reads answer when the test lets them, so the tests
 * decide what a read sees and when readers arrive. The tail's only
 * collaborator is this read function (the store's readAll).
 */
class ControlledLog {
  readonly events: RecordedEvent[] = [];
  readonly reads: ReadAllOptions[] = [];
  private held: (() => void)[] = [];
  holding = false;
  failNext: Error | undefined;

  append(count: number): void {
    for (let i = 0; i < count; i++) {
      const position = this.events.length + 1;
      this.events.push({
        eventId: `event-${position}`,
        type: 'Happened',
        schemaVersion: 1,
        data: { position, nested: { list: [position] } },
        metadata: { commandId: `command-${position}` } as RecordedEvent['metadata'],
        streamId: `stream-${position % 7}`,
        revision: 0,
        position,
        recordedAt: new Date(0).toISOString(),
      });
    }
  }

  /** Answers with the log as it was when the read began (a query's snapshot), once the test releases it. */
  readonly readAll = async (options: ReadAllOptions): Promise<RecordedEvent[]> => {
    this.reads.push(options);
    const after = options.after ?? 0;
    const snapshot = this.events
      .filter((event) => event.position > after)
      .slice(0, options.maxCount ?? 1000)
      .map((event) => structuredClone(event));
    if (this.holding) await new Promise<void>((release) => this.held.push(release));
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    return snapshot;
  };

  releaseAll(): void {
    this.holding = false;
    for (const release of this.held.splice(0)) release();
  }
}

const positionsOf = (events: RecordedEvent[]) => events.map((event) => event.position);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SharedLogTail', () => {
  it('serves subscribers near the head from one read of the store', async () => {
    const log = new ControlledLog();
    log.append(10);
    const tail = new SharedLogTail(log.readAll);

    log.holding = true;
    const readers = [tail.read(0, 100), tail.read(0, 100), tail.read(0, 100)];
    await settle();
    log.releaseAll();
    for (const events of await Promise.all(readers)) expect(positionsOf(events)).toEqual(range(1, 10));
    expect(positionsOf(await tail.read(4, 3))).toEqual([5, 6, 7]);
    expect(log.reads).toHaveLength(1);

    log.append(5);
    expect(positionsOf(await tail.read(10, 100))).toEqual(range(11, 15));
    expect(positionsOf(await tail.read(7, 100))).toEqual(range(8, 15));
    expect(log.reads).toEqual([
      { after: 0, maxCount: 100 },
      { after: 10, maxCount: 100 },
    ]);
  });

  it('answers a reader at the head with nothing only from a read that started after it arrived', async () => {
    const log = new ControlledLog();
    log.append(3);
    const tail = new SharedLogTail(log.readAll);
    expect(positionsOf(await tail.read(0, 100))).toEqual([1, 2, 3]);

    // A read is under way when an append lands and wakes a second subscriber:
    // the first read's snapshot may not hold the new event, so the second must not settle for it.
    log.holding = true;
    const early = tail.read(3, 100);
    await settle();
    log.append(2);
    const woken = tail.read(3, 100);
    await settle();
    log.releaseAll();
    // The early reader armed its wait before the append, so the append's signal wakes it to read again.
    expect(await early).toEqual([]);
    expect(positionsOf(await woken)).toEqual([4, 5]);
    expect(positionsOf(await tail.read(3, 100))).toEqual([4, 5]);

    const idle = await tail.read(5, 100);
    expect(idle).toEqual([]);
  });

  it('lets a reader behind the window read the store itself, and keeps at most the capacity and a half', async () => {
    const log = new ControlledLog();
    const tail = new SharedLogTail(log.readAll, 10);
    for (let batch = 0; batch < 4; batch++) {
      log.append(5);
      await tail.read(batch * 5, 5);
    }
    expect(log.reads).toHaveLength(4);
    log.append(5);
    // 25 events were read through the tail: it kept 10 of them after passing 15.
    expect(positionsOf(await tail.read(20, 5))).toEqual(range(21, 25));
    const readsBefore = log.reads.length;
    expect(positionsOf(await tail.read(16, 3))).toEqual([17, 18, 19]);
    expect(log.reads).toHaveLength(readsBefore);
    const behind = await tail.read(2, 4);
    expect(positionsOf(behind)).toEqual([3, 4, 5, 6]);
    expect(log.reads.at(-1)).toEqual({ after: 2, maxCount: 4 });
    expect(Object.isFrozen(behind[0].data)).toBe(true);
  });

  it('moves its window to a reader ahead of it', async () => {
    const log = new ControlledLog();
    log.append(50);
    const tail = new SharedLogTail(log.readAll);
    expect(positionsOf(await tail.read(40, 5))).toEqual(range(41, 45));
    expect(positionsOf(await tail.read(42, 100))).toEqual([43, 44, 45]);
    expect(positionsOf(await tail.read(45, 100))).toEqual(range(46, 50));
    expect(positionsOf(await tail.read(10, 2))).toEqual([11, 12]);
    expect(log.reads).toEqual([
      { after: 40, maxCount: 5 },
      { after: 45, maxCount: 100 },
      { after: 10, maxCount: 2 },
    ]);
  });

  it('fails the reader whose read failed; one that was waiting on it reads again', async () => {
    const log = new ControlledLog();
    log.append(4);
    const tail = new SharedLogTail(log.readAll);
    log.failNext = new Error('connection lost');
    log.holding = true;
    const first = tail.read(0, 10);
    const second = tail.read(0, 10);
    await settle();
    log.releaseAll();
    await expect(first).rejects.toThrow('connection lost');
    expect(positionsOf(await second)).toEqual([1, 2, 3, 4]);
    expect(log.reads).toHaveLength(2);
    expect(positionsOf(await tail.read(0, 10))).toEqual([1, 2, 3, 4]);
    expect(log.reads).toHaveLength(2);
  });

  it('gives every subscriber the same frozen events, so none can change what the others see', async () => {
    const log = new ControlledLog();
    log.append(1);
    const tail = new SharedLogTail(log.readAll);
    const [event] = await tail.read(0, 1);
    const [again] = await tail.read(0, 1);
    expect(again).toBe(event);
    expect(() => {
      (event.data as { nested: { list: number[] } }).nested.list.push(2);
    }).toThrow(/not extensible/);
    expect(() => {
      (event as { type: string }).type = 'Changed';
    }).toThrow(/read.only/);
  });

  it('delivers the whole log in order to subscribers at different paces while it grows', async () => {
    const log = new ControlledLog();
    const tail = new SharedLogTail(log.readAll, 50);
    const total = 3_000;
    const appending = (async () => {
      while (log.events.length < total) {
        log.append(1 + (log.events.length % 13));
        await settle();
      }
    })();
    const subscriber = async (startAfter: number, batch: number, pause: number) => {
      const seen: number[] = [];
      let after = startAfter;
      while (after < total) {
        const events = await tail.read(after, batch);
        seen.push(...positionsOf(events));
        if (events.length) after = events[events.length - 1].position;
        // Caught up, a subscription sleeps until the next append; here, until the writer's next turn.
        for (let i = 0; i < (events.length ? pause : 1); i++) await settle();
      }
      return seen;
    };
    const [fast, slow, late] = await Promise.all([
      subscriber(0, 500, 0),
      subscriber(0, 7, 2),
      subscriber(1_000, 100, 1),
      appending,
    ]);
    expect(fast).toEqual(range(1, total));
    expect(slow).toEqual(range(1, total));
    expect(late).toEqual(range(1_001, total));
  });
});
