import type { EventStore, SubscriptionOptions } from '@redress/event-store';
import { ProjectionRunner, ReadModelBehindError, type BatchCommit, type ProjectionDefinition } from '../src';
import { countingProjection } from './counting-projection';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

describe('projection runtime', () => {
  let fx: ProjectionFixture;
  beforeAll(async () => {
    fx = await openProjectionFixture();
    for (let i = 0; i < 30; i++) await fx.receive();
  });
  afterAll(async () => {
    await fx.close();
  });

  const seen = async (table: string) => {
    const { rows } = await fx.client.query<{ total: unknown; distinct: unknown }>(
      `SELECT count(*) AS total, count(DISTINCT event_id) AS distinct FROM ${table}`,
    );
    return { total: Number(rows[0].total), distinct: Number(rows[0].distinct) };
  };

  it('neither loses nor double-applies events when batches fail part-way, and reports its lag and status', async () => {
    const projection = countingProjection('flaky', (attempt) => attempt % 3 === 1);
    const logs: string[] = [];
    const runner = new ProjectionRunner([projection], fx.store, fx.client, fx.catalog, {
      batchSize: 7,
      maxRetryDelayMs: 20,
      onLog: (m) => logs.push(m),
    });
    await runner.start();
    try {
      const head = await fx.store.headPosition();
      await runner.waitFor(head);
      expect(await seen(projection.tables[0])).toEqual({ total: head, distinct: head });
      expect((await fx.catalog.active('flaky')).position).toBe(head);
      expect(logs.some((m) => m.includes('simulated crash'))).toBe(true);

      const [status] = await runner.status();
      expect(status).toMatchObject({
        name: 'flaky',
        state: 'running',
        position: head,
        headPosition: head,
        lagEvents: 0,
        lagMs: 0,
      });
      expect(status.restarts).toBeGreaterThan(0);
    } finally {
      await runner.stop();
    }
  });

  it('resumes from its checkpoint after a restart, applying only what it had not', async () => {
    const projection = countingProjection('resumable');
    const first = new ProjectionRunner([projection], fx.store, fx.client, fx.catalog);
    await first.start();
    await first.waitFor(await fx.store.headPosition());
    await first.stop();

    for (let i = 0; i < 5; i++) await fx.receive();
    const second = new ProjectionRunner([projection], fx.store, fx.client, fx.catalog);
    await second.start();
    try {
      const head = await fx.store.headPosition();
      await second.waitFor(head);
      expect(await seen(projection.tables[0])).toEqual({ total: head, distinct: head });
    } finally {
      await second.stop();
    }
  });

  it('reports every committed batch with the checkpoint it reached', async () => {
    const projection = countingProjection('observed');
    const commits: BatchCommit[] = [];
    const runner = new ProjectionRunner([projection], fx.store, fx.client, fx.catalog, {
      batchSize: 4,
      onBatchCommitted: (commit) => commits.push(commit),
    });
    await runner.start();
    try {
      const head = await fx.store.headPosition();
      await runner.waitFor(head);
      expect(commits.at(-1)).toEqual({ projection: 'observed', position: head, events: expect.any(Number) });
      expect(commits.map((c) => c.position)).toEqual([...commits.map((c) => c.position)].sort((a, b) => a - b));
      expect(commits.reduce((sum, c) => sum + c.events, 0)).toBe(head);
      expect(commits.every((c) => c.events <= 4)).toBe(true);
    } finally {
      await runner.stop();
    }
  });

  it('takes what arrives at the head within its batch interval in one batch', async () => {
    const projection = countingProjection('gathering');
    const commits: BatchCommit[] = [];
    const runner = new ProjectionRunner([projection], fx.store, fx.client, fx.catalog, {
      minBatchIntervalMs: 400,
      onBatchCommitted: (commit) => commits.push(commit),
    });
    await runner.start();
    try {
      await runner.waitFor(await fx.store.headPosition());
      const before = commits.length;
      // One append at a time: without the interval, each would wake the projection for a batch of its own.
      for (let i = 0; i < 20; i++) {
        await fx.receive();
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      const head = await fx.store.headPosition();
      await runner.waitFor(head);
      expect(await seen(projection.tables[0])).toEqual({ total: head, distinct: head });
      expect(commits.length - before).toBeLessThanOrEqual(6);
    } finally {
      await runner.stop();
    }
  });

  it('never waits between full batches: a projection behind the head catches up at once', async () => {
    const projection = countingProjection('hurrying');
    const commits: BatchCommit[] = [];
    const runner = new ProjectionRunner([projection], fx.store, fx.client, fx.catalog, {
      batchSize: 3,
      minBatchIntervalMs: 60_000,
      onBatchCommitted: (commit) => commits.push(commit),
    });
    await runner.start();
    try {
      const head = await fx.store.headPosition();
      // Every batch but the last is full; waiting a minute after any of them would time this out.
      await runner.waitFor(head, 10_000);
      expect(commits.length).toBeGreaterThan(3);
      expect(await seen(projection.tables[0])).toEqual({ total: head, distinct: head });
    } finally {
      // The last batch was short and waits out its minute: stopping ends the wait (the test would time out).
      await runner.stop();
    }
  });

  it("gives a live generation's tables their first planner statistics once they hold rows", async () => {
    const projection = countingProjection('analysed');
    const runner = new ProjectionRunner([projection], fx.store, fx.client, fx.catalog, { statisticsCheckEvery: 10 });
    const rowsEstimate = async () => {
      const { generation } = await fx.catalog.active('analysed');
      const { rows } = await fx.client.query<{ reltuples: number }>(
        'SELECT reltuples FROM pg_class WHERE relname = $1',
        [`analysed_seen_g${generation}`],
      );
      return Number(rows[0].reltuples);
    };
    await runner.start();
    try {
      const head = await fx.store.headPosition();
      await runner.waitFor(head);
      const deadline = Date.now() + 10_000;
      while ((await rowsEstimate()) < 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // ANALYZE reads every row of a table this small: the estimate is exact.
      expect(await rowsEstimate()).toBe((await seen('analysed_seen')).total);
    } finally {
      await runner.stop();
    }
  });

  it('answers a wait for a position the read models have not reached in time with ReadModelBehindError', async () => {
    const runner = new ProjectionRunner([countingProjection('waited')], fx.store, fx.client, fx.catalog);
    await runner.start();
    try {
      const head = await fx.store.headPosition();
      await runner.waitFor(head);
      // The HTTP layer turns this error into 503 with Retry-After; any other error would be a 500.
      await expect(runner.waitFor(head + 1, 50)).rejects.toThrow(ReadModelBehindError);
    } finally {
      await runner.stop();
    }
  });

  it('commits its batches without waiting for the WAL flush, and nothing else', async () => {
    const settings: string[] = [];
    const projection: ProjectionDefinition = {
      ...countingProjection('unflushed'),
      async applyBatch(tx) {
        const { rows } = await tx.query<{ mode: string }>("SELECT current_setting('synchronous_commit') AS mode");
        settings.push(rows[0].mode);
      },
    };
    const runner = new ProjectionRunner([projection], fx.store, fx.client, fx.catalog, { batchSize: 10 });
    await runner.start();
    try {
      await runner.waitFor(await fx.store.headPosition());
      expect(settings.length).toBeGreaterThan(1);
      expect(new Set(settings)).toEqual(new Set(['off']));
      // Set for the batch's transaction only: the connection's own work after it commits durably again.
      const { rows } = await fx.client.query<{ mode: string }>("SELECT current_setting('synchronous_commit') AS mode");
      expect(rows[0].mode).toBe('on');
    } finally {
      await runner.stop();
    }
  });

  it("opens a batch with a checkpoint move that answers a row only from the checkpoint's position", async () => {
    await fx.catalog.install([countingProjection('opened')]);
    const { generation, position } = await fx.catalog.active('opened');
    const move = (from: number, to: number) =>
      fx.client.transaction(async (_tx, opened) => opened.length, {
        opening: fx.catalog.advanceOpening('opened', generation, from, to),
      });
    expect(await move(position + 1, position + 2)).toBe(0);
    expect(await move(position, position + 2)).toBe(1);
    expect((await fx.catalog.active('opened')).position).toBe(position + 2);
    // Written into the statement, a position must be an integer: anything else would change its text.
    expect(() => fx.catalog.advanceOpening('opened', generation, 0.5, 1)).toThrow(/integer/);
    expect(() => fx.catalog.advanceOpening('opened', generation, Number.NaN, 1)).toThrow(/integer/);
  });

  it('lets only one of two runners apply each batch of the same projection', async () => {
    const projection = countingProjection('contended');
    const runners = [0, 1].map(
      () => new ProjectionRunner([projection], fx.store, fx.client, fx.catalog, { batchSize: 3, maxRetryDelayMs: 10 }),
    );
    await Promise.all(runners.map((r) => r.start()));
    try {
      const head = await fx.store.headPosition();
      await Promise.all(runners.map((r) => r.waitFor(head, 20_000).catch(() => undefined)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fx.catalog.active('contended')).position).toBe(head);
      expect(await seen(projection.tables[0])).toEqual({ total: head, distinct: head });
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
  });

  it('flags a projection whose checkpoint stands still while the log moves, and restarts its subscription', async () => {
    // The first subscription goes silent (a dropped notification channel, a wedged consumer); later ones work.
    let subscriptions = 0;
    const silentOnce: EventStore = Object.create(fx.store, {
      subscribeToAll: {
        value: (options: SubscriptionOptions) => {
          if (subscriptions++ === 0) return { position: options.after, stop: async () => undefined };
          return fx.store.subscribeToAll(options);
        },
      },
    });
    const projection = countingProjection('stalling');
    const logs: string[] = [];
    const runner = new ProjectionRunner([projection], silentOnce, fx.client, fx.catalog, {
      stallAfterMs: 150,
      watchdogIntervalMs: 50,
      onLog: (m) => logs.push(m),
    });
    await runner.start();
    try {
      const head = await fx.store.headPosition();
      await runner.waitFor(head, 5_000);
      expect(logs.some((m) => m.startsWith('projection stalling stalled at 0'))).toBe(true);
      expect(subscriptions).toBe(2);
      expect(await seen(projection.tables[0])).toEqual({ total: head, distinct: head });
    } finally {
      await runner.stop();
    }
  });
});
