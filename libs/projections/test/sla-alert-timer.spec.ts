import { ComplaintCommandService } from '@redress/application';
import { ProjectionRunner, SlaAlertTimer, slaTrackingProjection } from '../src';
import { openProjectionFixture, type ProjectionFixture } from './projection-fixture';

describe('SLA alert timers', () => {
  let fx: ProjectionFixture;
  let runner: ProjectionRunner;
  let now: Date;
  const clock = () => now;
  /** A timer as a separate process would run it: its own command service, same store and read model. */
  const newTimer = () => new SlaAlertTimer(fx.client, new ComplaintCommandService(fx.store, clock), { clock });
  const settle = async () => runner.waitFor(await fx.store.headPosition());
  const alertsOf = async (id: string) =>
    (await fx.store.readStream(`complaint-${id}`))
      .filter((event) => event.type === 'SlaWarningReached' || event.type === 'SlaBreached')
      .map((event) => ({ type: event.type, data: event.data, actor: event.metadata.actor }));
  const escalationsOf = async (id: string) =>
    (await fx.store.readStream(`complaint-${id}`))
      .filter((event) => event.type === 'ComplaintEscalated')
      .map((event) => ({ data: event.data, actor: (event.metadata.actor as { id: string }).id }));
  const timersOf = async (id: string) =>
    (
      await fx.client.query<{ key: string }>('SELECT key FROM sla_alert_timers WHERE complaint_id = $1 ORDER BY key', [
        id,
      ])
    ).rows.map((row) => row.key);

  beforeEach(async () => {
    fx = await openProjectionFixture();
    runner = new ProjectionRunner([slaTrackingProjection], fx.store, fx.client, fx.catalog);
    await runner.start();
    now = new Date('2026-11-02T09:00:00Z');
    fx.setNow(now.toISOString());
  });
  afterEach(async () => {
    await runner.stop();
    await fx.close();
  });

  it('keeps a timer per alert to come, and records each alert when it falls due, as the timer', async () => {
    const id = await fx.receive();
    await settle();
    expect(await timersOf(id)).toEqual([
      'firstResponse#1/breach',
      'firstResponse#1/warning:50%',
      'firstResponse#1/warning:75%',
      'firstResponse#1/warning:90%',
    ]);
    const timer = newTimer();
    expect(await timer.fireDue()).toBe(0);

    now = new Date('2026-11-02T21:00:00Z');
    expect(await timer.fireDue()).toBe(1);
    expect(await alertsOf(id)).toEqual([
      {
        type: 'SlaWarningReached',
        data: {
          policyId: 'guides-standard',
          policyVersion: 1,
          clock: 'firstResponse',
          cycle: 1,
          key: 'firstResponse#1/warning:50%',
          threshold: '50%',
          reachedAt: '2026-11-02T21:00:00.000Z',
        },
        actor: { id: 'sla-timer', role: 'system' },
      },
    ]);
    await settle();
    expect(await timersOf(id)).not.toContain('firstResponse#1/warning:50%');
  });

  it('records nothing for a clock stopped before its alerts', async () => {
    const id = await fx.receive();
    fx.setNow('2026-11-02T10:00:00Z');
    await fx.run(id, { type: 'AcknowledgeComplaint', channel: 'PHONE' });
    await settle();
    expect(await timersOf(id)).toEqual([]);
    now = new Date('2026-11-05T00:00:00Z');
    expect(await newTimer().fireDue()).toBe(0);
    expect(await alertsOf(id)).toEqual([]);
  });

  it('records each alert once across a restart, including those that fell due while it was down', async () => {
    const id = await fx.receive();
    await settle();
    now = new Date('2026-11-02T21:00:00Z');
    expect(await newTimer().fireDue()).toBe(1);

    // The first timer is gone before the projection caught up; a new one starts after the deadline passed.
    now = new Date('2026-11-03T10:00:00Z');
    const restarted = newTimer();
    expect(await restarted.fireDue()).toBe(3);
    // All four alerts: the three it appended and the one the first timer had (answered as a replay).
    expect(restarted.settledAwaitingProjection).toBe(4);
    await settle();
    expect(await restarted.fireDue()).toBe(0);
    // Once projected, the recorded alerts' rows are gone, and the timer forgets them.
    expect(restarted.settledAwaitingProjection).toBe(0);
    expect((await alertsOf(id)).map((alert) => (alert.data as { key: string }).key)).toEqual([
      'firstResponse#1/warning:50%',
      'firstResponse#1/warning:75%',
      'firstResponse#1/warning:90%',
      'firstResponse#1/breach',
    ]);
    expect((await alertsOf(id)).at(-1)?.data).toMatchObject({ dueAt: '2026-11-03T09:00:00.000Z' });
    // The standard pack escalates a first-response breach to the supervisor, once, through the escalate command.
    expect(await escalationsOf(id)).toEqual([
      {
        data: {
          previousLevel: null,
          level: 'SUPERVISOR',
          team: null,
          reason:
            'SLA breached: First response within 24 hours was due 2026-11-03T09:00:00.000Z (policy guides-standard v1)',
        },
        actor: 'sla-timer',
      },
    ]);
    expect(await timersOf(id)).toEqual([]);
  });

  it('appends each alert exactly once when several timers race', async () => {
    const ids = [await fx.receive(), await fx.receive(), await fx.receive()];
    await settle();
    now = new Date('2026-11-03T10:00:00Z');
    const appended = await Promise.all([newTimer(), newTimer(), newTimer()].map((timer) => timer.fireDue()));
    expect(appended.reduce((sum, count) => sum + count, 0)).toBe(ids.length * 4);
    for (const id of ids) {
      const keys = (await alertsOf(id)).map((alert) => (alert.data as { key: string }).key);
      expect(keys.sort()).toEqual([
        'firstResponse#1/breach',
        'firstResponse#1/warning:50%',
        'firstResponse#1/warning:75%',
        'firstResponse#1/warning:90%',
      ]);
      expect(await escalationsOf(id)).toHaveLength(1);
    }
  });

  it('pages past recorded alerts whose timer rows the projection has not removed yet', async () => {
    const ids = [await fx.receive(), await fx.receive(), await fx.receive()];
    await settle();
    await runner.stop(); // the projection falls behind: recorded alerts keep their rows
    now = new Date('2026-11-02T21:00:00Z');
    const timer = new SlaAlertTimer(fx.client, new ComplaintCommandService(fx.store, clock), { clock, batchSize: 2 });
    expect(await timer.fireDue()).toBe(3);
    // The next pass reads the same three rows, all settled, in two pages, and appends nothing.
    expect(await timer.fireDue()).toBe(0);
    expect(timer.settledAwaitingProjection).toBe(3);
    for (const id of ids) expect((await alertsOf(id)).map((alert) => alert.type)).toEqual(['SlaWarningReached']);
  });

  it("records different complaints' alerts side by side, each complaint's in order", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await fx.receive());
    await settle();
    await runner.stop();
    now = new Date('2026-11-03T10:00:00Z');
    const timer = new SlaAlertTimer(fx.client, new ComplaintCommandService(fx.store, clock), {
      clock,
      batchSize: 10,
      concurrency: 4,
    });
    expect(await timer.fireDue()).toBe(ids.length * 4);
    for (const id of ids) {
      const stream = await fx.store.readStream(`complaint-${id}`);
      expect(
        stream
          .filter((event) => event.type !== 'ComplaintReceived')
          .map((event) => (event.type === 'ComplaintEscalated' ? 'escalated' : (event.data as { key: string }).key)),
      ).toEqual([
        'firstResponse#1/warning:50%',
        'firstResponse#1/warning:75%',
        'firstResponse#1/warning:90%',
        'escalated',
        'firstResponse#1/breach',
      ]);
    }
  });

  it('stops after the page in hand however large the backlog, and a restarted timer records the rest once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await fx.receive());
    await settle();
    await runner.stop();
    now = new Date('2026-11-03T10:00:00Z');
    const options = { clock, batchSize: 2, concurrency: 1 };
    /** Asks the timer to stop as soon as its first alert is recorded, as a shutdown in mid-pass would. */
    class StopAfterFirstCommand extends ComplaintCommandService {
      stopTimer: (() => void) | null = null;
      override async execute(...args: Parameters<ComplaintCommandService['execute']>) {
        const result = await super.execute(...args);
        this.stopTimer?.();
        this.stopTimer = null;
        return result;
      }
    }
    const commands = new StopAfterFirstCommand(fx.store, clock);
    const timer = new SlaAlertTimer(fx.client, commands, options);
    commands.stopTimer = () => void timer.stop();
    // Four alerts a complaint are due (three warnings, the breach): the pass ends with its first page of two.
    expect(await timer.fireDue()).toBeLessThanOrEqual(2);
    await new SlaAlertTimer(fx.client, new ComplaintCommandService(fx.store, clock), options).fireDue();
    for (const id of ids) expect(await alertsOf(id)).toHaveLength(4);
  });

  it('looks again at once when an alert fell due while it was recording others', async () => {
    const id = await fx.receive();
    await settle();
    const commands = new ComplaintCommandService(fx.store, clock);
    const execute = commands.execute.bind(commands);
    // Recording the 50 % warning takes until the 75 % one is due.
    commands.execute = async (request) => {
      const result = await execute(request);
      now = new Date('2026-11-03T03:00:00Z');
      return result;
    };
    now = new Date('2026-11-02T21:00:00Z');
    const timer = new SlaAlertTimer(fx.client, commands, { clock, maxSleepMs: 60_000 });
    timer.start();
    try {
      const deadline = Date.now() + 5_000;
      while ((await alertsOf(id)).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await alertsOf(id)).map((alert) => (alert.data as { key: string }).key)).toEqual([
        'firstResponse#1/warning:50%',
        'firstResponse#1/warning:75%',
      ]);
    } finally {
      await timer.stop();
    }
  });

  it('runs on its own, waking for the next alert, and stops cleanly', async () => {
    const id = await fx.receive();
    await settle();
    const timer = new SlaAlertTimer(fx.client, new ComplaintCommandService(fx.store, clock), { clock, maxSleepMs: 20 });
    timer.start();
    try {
      now = new Date('2026-11-03T09:00:00Z');
      const deadline = Date.now() + 5_000;
      while ((await alertsOf(id)).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await alertsOf(id)).map((alert) => alert.type)).toEqual([
        'SlaWarningReached',
        'SlaWarningReached',
        'SlaWarningReached',
        'SlaBreached',
      ]);
    } finally {
      await timer.stop();
    }
  });
});
