import { randomUUID } from 'node:crypto';
import { LeasedTask, PostgresAdvisoryLeases, type Lease, type LeasedWork } from '@redress/event-store';
import { adminQuery, POSTGRES_URL, randomSchemaName, waitUntil } from './support/postgres-test-schema';

/**
 * Leases on the real PostgreSQL server. Each manager stands for a process:
 * it has a session of its own, and ending that session (a crash, a server
 * restart) frees its locks.
 */
const namespace = randomSchemaName(); // a lease lives in a namespace only, no schema is created
const managers: PostgresAdvisoryLeases[] = [];

function openLeases(applicationName = `redress-lease-${randomUUID().slice(0, 8)}`): PostgresAdvisoryLeases {
  const leases = new PostgresAdvisoryLeases({
    connectionString: POSTGRES_URL,
    namespace,
    applicationName,
    heartbeatIntervalMs: 100,
  });
  managers.push(leases);
  return leases;
}

/** Ends a manager's session from the server side, as a crash or a server restart would. */
async function terminateSession(applicationName: string): Promise<void> {
  const rows = await adminQuery<{ terminated: boolean }>(
    'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = $1',
    [applicationName],
  );
  expect(rows).toEqual([{ terminated: true }]);
}

beforeAll(() => adminQuery('SELECT 1')); // fails with a hint when PostgreSQL is down
afterAll(async () => {
  await Promise.all(managers.map((m) => m.close()));
});

describe('PostgreSQL advisory leases', () => {
  it('admits one holder of a name at a time, also within one process, and hands it on when released', async () => {
    const first = openLeases();
    const second = openLeases();
    const lease = (await first.tryAcquire('publisher')) as Lease;
    expect(lease).not.toBeNull();
    expect(await second.tryAcquire('publisher')).toBeNull();
    expect(await first.tryAcquire('publisher')).toBeNull(); // advisory locks are re-entrant; leases are not
    expect(await second.tryAcquire('projection:complaint-list')).not.toBeNull(); // other names are independent

    await lease.release();
    expect(lease.lost.aborted).toBe(false); // given up, not lost
    expect(await second.tryAcquire('publisher')).not.toBeNull();
  });

  it('keeps namespaces apart: two deployments sharing a server each have their own publisher', async () => {
    const here = openLeases();
    const elsewhere = new PostgresAdvisoryLeases({ connectionString: POSTGRES_URL, namespace: `${namespace}_other` });
    managers.push(elsewhere);
    expect(await here.tryAcquire('ns-check')).not.toBeNull();
    expect(await elsewhere.tryAcquire('ns-check')).not.toBeNull();
  });

  it("frees a dead holder's lease at once, and tells a holder whose session ended that it lost it", async () => {
    const name = `holder-${randomUUID().slice(0, 8)}`;
    const holder = openLeases(name);
    const standby = openLeases();
    const lease = (await holder.tryAcquire('timer')) as Lease;
    expect(await standby.tryAcquire('timer')).toBeNull();

    await terminateSession(name);
    await waitUntil(() => lease.lost.aborted, 5_000, 'the holder notices its session ended');
    expect(await standby.tryAcquire('timer')).not.toBeNull();
    // The old holder reconnects with a new session, and finds the lease taken.
    expect(await holder.tryAcquire('timer')).toBeNull();
  });

  it('answers "not yours" rather than failing when the database cannot be reached', async () => {
    const unreachable = new PostgresAdvisoryLeases({
      connectionString: 'postgres://postgres@127.0.0.1:1/none',
      namespace,
    });
    managers.push(unreachable);
    expect(await unreachable.tryAcquire('anything')).toBeNull();
  });
});

/** Work that records when it runs, to see where it is active and that it never runs twice at once in one place. */
function recordingWork(label: string, timeline: string[]): LeasedWork & { running: boolean } {
  const work = {
    running: false,
    async start() {
      if (work.running) throw new Error(`${label} started twice`);
      work.running = true;
      timeline.push(`${label} start`);
    },
    async stop() {
      work.running = false;
      timeline.push(`${label} stop`);
    },
  };
  return work;
}

describe('a leased task', () => {
  it('runs in one process, moves to the standby when the holder dies, and back to trying when it lost the lease', async () => {
    const timeline: string[] = [];
    const name = `task-holder-${randomUUID().slice(0, 8)}`;
    const a = recordingWork('a', timeline);
    const b = recordingWork('b', timeline);
    const taskA = new LeasedTask(openLeases(name), 'sla-alert-timer', a, { retryIntervalMs: 100 });
    const taskB = new LeasedTask(openLeases(), 'sla-alert-timer', b, { retryIntervalMs: 100 });
    taskA.start();
    await waitUntil(() => taskA.active, 5_000, 'a takes the lease');
    taskB.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([taskA.active, taskB.active]).toEqual([true, false]);

    const died = Date.now();
    await terminateSession(name);
    await waitUntil(() => taskB.active, 5_000, 'b takes over');
    const takeoverMs = Date.now() - died;
    expect(takeoverMs).toBeLessThan(5_000);
    await waitUntil(() => !a.running, 5_000, 'a stops');
    expect(taskA.active).toBe(false);

    // a keeps trying, and gets the work back once b gives the lease up.
    await taskB.stop();
    await waitUntil(() => taskA.active, 5_000, 'a takes the lease back');
    await taskA.stop();
    // When a session ends the server frees the lock before the old holder hears of it, so b may start just
    // before a stops (the work is fenced on its own for that); everything else is in this order.
    expect(timeline[0]).toBe('a start');
    expect(timeline.slice(1, 3).sort()).toEqual(['a stop', 'b start']);
    expect(timeline.slice(3)).toEqual(['b stop', 'a start', 'a stop']);
    expect(a.running || b.running).toBe(false);
  });
});
