import type { EventStore, ReadAllOptions } from '@redress/event-store';
import { NewerProjectionVersionError, ProjectionRunner, type ProjectionDefinition } from '../src';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

const TABLE = 'versioned_seen';

/**
 * Version 1 records the position of every event; later versions also its
 * type, in a column version 1's table does not have: the two cannot share a
 * table.
 */
function versionedProjection(version: number): ProjectionDefinition {
  const typeColumn = version > 1 ? ', type TEXT NOT NULL' : '';
  return {
    name: 'versioned',
    version,
    tables: [TABLE],
    async createTables(tx, table) {
      await tx.query(`CREATE TABLE ${table(TABLE)} (position BIGINT PRIMARY KEY${typeColumn})`);
    },
    async applyBatch(tx, events, table) {
      for (const event of events) {
        if (version === 1) await tx.query(`INSERT INTO ${table(TABLE)} VALUES ($1)`, [event.position]);
        else await tx.query(`INSERT INTO ${table(TABLE)} VALUES ($1, $2)`, [event.position, event.type]);
      }
    },
  };
}

/**
 * Reads of `pageSize` events, a rebuild's pages, wait for `open()`: the
 * rebuild is held at a known point. Other reads (status, lag) go through.
 */
function gatedStore(store: EventStore, pageSize: number) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let waiting = 0;
  const gated: EventStore = Object.create(store, {
    readAll: {
      value: async (options: ReadAllOptions) => {
        if (options.maxCount !== pageSize) return store.readAll(options);
        waiting++;
        await gate;
        return store.readAll(options);
      },
    },
  });
  return { store: gated, open, waiting: () => waiting };
}

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('projection versions at start-up', () => {
  let fx: ProjectionFixture;
  let head: number;

  const columns = async () =>
    (
      await fx.client.query<{ column_name: string }>(
        'SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position',
        [TABLE],
      )
    ).rows.map((row) => row.column_name);
  const rowCount = async () =>
    Number((await fx.client.query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE}`)).rows[0].n);

  beforeAll(async () => {
    fx = await openProjectionFixture();
    for (let i = 0; i < 12; i++) await fx.receive();
    head = await fx.store.headPosition();
    const first = new ProjectionRunner([versionedProjection(1)], fx.store, fx.client, fx.catalog);
    await first.start();
    await first.waitFor(head);
    await first.stop();
  });
  afterAll(async () => {
    await fx.close();
  });

  it('rebuilds a generation of an older version blue-green, serving the old one until the swap', async () => {
    const logs: string[] = [];
    const gated = gatedStore(fx.store, 5);
    const runner = new ProjectionRunner([versionedProjection(2)], gated.store, fx.client, fx.catalog, {
      rebuildBatchSize: 5,
      onLog: (message) => logs.push(message),
    });
    await runner.start();
    try {
      await until(() => gated.waiting() > 0);
      const [rebuilding] = await runner.status();
      expect(rebuilding).toMatchObject({ name: 'versioned', version: 2, generation: 1, state: 'rebuilding' });
      expect(logs.join('\n')).toContain('the stored generation 1 has version 1');
      // Queries still read version 1's copy, whole, while version 2's is built beside it.
      expect(await columns()).toEqual(['position']);
      expect(await rowCount()).toBe(head);
      expect((await fx.catalog.generations('versioned')).map((g) => [g.generation, g.version, g.status])).toEqual([
        [1, 1, 'active'],
        [2, 2, 'building'],
      ]);

      gated.open();
      await until(async () => (await runner.status())[0].state === 'running');
      expect(await columns()).toEqual(['position', 'type']);
      expect(await rowCount()).toBe(head);
      expect(await fx.catalog.generations('versioned')).toEqual([
        expect.objectContaining({ generation: 2, version: 2, status: 'active', position: head }),
      ]);

      // Live from then on, with version 2's logic, into the new generation.
      await fx.receive();
      const newHead = await fx.store.headPosition();
      await runner.waitFor(newHead);
      const { rows } = await fx.client.query<{ type: string }>(`SELECT type FROM ${TABLE} WHERE position = $1`, [
        newHead,
      ]);
      expect(rows).toEqual([{ type: 'ComplaintReceived' }]);
      expect((await runner.status())[0]).toMatchObject({ generation: 2, state: 'running', rebuild: null });
    } finally {
      await runner.stop();
    }
  });

  it('resumes a start-up rebuild that a stop interrupted', async () => {
    const gated = gatedStore(fx.store, 4);
    const interrupted = new ProjectionRunner([versionedProjection(3)], gated.store, fx.client, fx.catalog, {
      rebuildBatchSize: 4,
    });
    await interrupted.start();
    await until(() => gated.waiting() > 0);
    const stopped = interrupted.stop();
    gated.open();
    await stopped;
    const [active, building] = await fx.catalog.generations('versioned');
    expect(active).toMatchObject({ generation: 2, version: 2, status: 'active' });
    expect(building).toMatchObject({ generation: 3, version: 3, status: 'building' });
    expect(building.position).toBeLessThan(await fx.store.headPosition());

    const resumed = new ProjectionRunner([versionedProjection(3)], fx.store, fx.client, fx.catalog, {
      rebuildBatchSize: 4,
    });
    await resumed.start();
    try {
      const headNow = await fx.store.headPosition();
      await until(async () => (await resumed.status())[0].state === 'running');
      await resumed.waitFor(headNow);
      expect(await fx.catalog.generations('versioned')).toEqual([
        expect.objectContaining({ generation: 3, version: 3, status: 'active', position: headNow }),
      ]);
      expect(await rowCount()).toBe(headNow);
    } finally {
      await resumed.stop();
    }
  });

  it('refuses to write into a generation of a newer version, and says what to do', async () => {
    const before = await fx.catalog.generations('versioned');
    const runner = new ProjectionRunner([versionedProjection(1)], fx.store, fx.client, fx.catalog);
    await runner.start();
    try {
      const [status] = await runner.status();
      expect(status).toMatchObject({ state: 'failed', generation: before[0].generation });
      expect(status.lastError).toBe(new NewerProjectionVersionError(versionedProjection(1), before[0]).message);
      expect(status.lastError).toContain('npm run projections -- rebuild versioned');
      await fx.receive();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await fx.catalog.generations('versioned')).toEqual(before);
    } finally {
      await runner.stop();
    }
  });
});
