import { randomUUID } from 'node:crypto';
import { ComplaintCommandService, deterministicId, type UnstampedComplaintCommand } from '@redress/application';
import type { SlaAlertKind } from '@redress/domain';
import type { AppendResult, EventStore, NewEvent, RecordedEvent, Subscription } from '@redress/event-store';
import { appliedPolicy, SLA_TIMER_ACTOR, type SlaTrackingOptions } from '@redress/projections';
import { alertsReached, nextDueInstants, toSlaEvents, warningLabel, type SlaAlert, type SlaPolicy } from '@redress/sla';
import { round } from './support/latency';
import { seededRandom } from './support/seeded-random';

/** The alert of a clock that falls due inside the measured window: the timer must record it then, once. */
export interface ExpectedAlert {
  complaintId: string;
  key: string;
  kind: SlaAlertKind;
  dueMs: number;
}

export interface SlaSeedPlan {
  /** Complaints, each with one running clock (the policy's first clock). */
  clocks: number;
  /** The window the chosen alerts fall due in, epoch ms. */
  windowStartMs: number;
  windowMs: number;
  /** How many of the clocks have an alert due in the window; the others' next alert falls due after `quietUntilMs`. */
  dueClocks: number;
  /** No background clock falls due before this instant (epoch ms): after the run has ended. */
  quietUntilMs: number;
  /** Concurrent appenders. */
  appenders: number;
  seed: number;
}

export interface SlaSeedResult {
  /** The policy the SLA read model's selection rules apply to the seeded complaints. */
  policy: string;
  complaints: number;
  events: number;
  eventsByType: Record<string, number>;
  /** How many clocks have which alert inside the window. */
  windowAlertsByKey: Record<string, number>;
  /** Alerts already past at seeding, recorded as the timer would have recorded them. */
  pastAlertsRecorded: number;
  seconds: number;
  eventsPerSecond: number;
  expected: ExpectedAlert[];
}

const ACTOR = { id: 'intake', role: 'agent' };

/**
 * Seeds `clocks` complaints. `dueClocks` of them are received so that exactly
 * one alert of their first clock falls due inside the window; the rest keep
 * running in the background, their next alert due after the run (the timer
 * holds them all the same). The alerts due in the window (the warnings and
 * the breach, drawn in turn) are the mix a steady flow of complaints spreads
 * over any stretch of time. Everything the clock reached before now is recorded in the
 * stream as the timer would have recorded it, so the timer starts without a
 * backlog and its rows hold only what is still to come.
 *
 * Every stream is written by the real command path (ComplaintCommandService:
 * decide, event envelope, hash chain) into an in-memory stream, then appended
 * to the store in one append per complaint, many appends at once, which the
 * store's group commit batches.
 */
export async function seedRunningClocks(
  store: EventStore,
  tracking: SlaTrackingOptions,
  plan: SlaSeedPlan,
): Promise<SlaSeedResult> {
  const started = performance.now();
  const random = seededRandom(plan.seed);
  const seededAt = Date.now();
  if (plan.windowStartMs <= seededAt) throw new Error('the window must start after seeding');
  const policy = await policyOfReceipts(tracking);
  const offsets = alertOffsetsOfFirstClock(policy);
  const eventsByType: Record<string, number> = {};
  const windowAlertsByKey: Record<string, number> = {};
  const expected: ExpectedAlert[] = [];
  let events = 0;
  let pastAlertsRecorded = 0;
  let next = 0;

  // A background clock waits for its first alert, received so that it falls due between the end of the run and
  // the latest instant a receipt before now allows.
  const [firstAlert] = offsets;
  const latestBackgroundDueMs = seededAt + firstAlert.offsetMs - 1000;
  if (plan.dueClocks < plan.clocks && latestBackgroundDueMs <= plan.quietUntilMs) {
    throw new Error(`the first alert comes ${firstAlert.offsetMs} ms after receipt: too soon for background clocks`);
  }

  const seedOne = async (index: number): Promise<void> => {
    const background = index >= plan.dueClocks;
    const target = background ? firstAlert : offsets[index % offsets.length];
    const [from, span] = background
      ? [plan.quietUntilMs, latestBackgroundDueMs - plan.quietUntilMs]
      : [plan.windowStartMs, plan.windowMs];
    // The SLA engine counts whole seconds.
    const dueMs = Math.round((from + random() * span) / 1000) * 1000;
    const receivedMs = dueMs - target.offsetMs;
    const stream = new CapturedStream();
    const now = { ms: receivedMs };
    const commands = new ComplaintCommandService(stream, () => new Date(now.ms));
    const complaintId = randomUUID();
    await commands.execute({
      complaintId,
      command: receipt(complaintId, receivedMs, index),
      commandId: randomUUID(),
      correlationId: randomUUID(),
      actor: ACTOR,
    });
    if (appliedPolicy(toSlaEvents(stream.events), tracking)?.policy !== policy) {
      throw new Error(`complaint ${index} is not tracked under ${policy.id} v${policy.version}`);
    }
    for (const alert of alertsReached(policy, toSlaEvents(stream.events), new Date(seededAt))) {
      now.ms = Date.parse(alert.at);
      const commandId = deterministicId('sla-alert', complaintId, alert.key);
      await commands.execute({
        complaintId,
        command: recordAlert(policy, alert),
        commandId,
        correlationId: commandId,
        actor: SLA_TIMER_ACTOR,
      });
      pastAlertsRecorded++;
    }
    const [nextAlert] = nextDueInstants(policy, toSlaEvents(stream.events), new Date(seededAt));
    if (nextAlert?.key !== target.key || Date.parse(nextAlert.at) !== dueMs) {
      throw new Error(`complaint ${index}: expected ${target.key} at ${new Date(dueMs).toISOString()} next`);
    }
    if (!background) {
      expected.push({ complaintId, key: target.key, kind: target.kind, dueMs });
      windowAlertsByKey[target.key] = (windowAlertsByKey[target.key] ?? 0) + 1;
    }
    for (const event of stream.events) eventsByType[event.type] = (eventsByType[event.type] ?? 0) + 1;
    events += stream.events.length;
    await store.append(stream.streamId, stream.newEvents, 'no_stream');
  };

  await Promise.all(
    Array.from({ length: plan.appenders }, async () => {
      while (next < plan.clocks) await seedOne(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    policy: `${policy.id} v${policy.version}`,
    complaints: plan.clocks,
    events,
    eventsByType,
    windowAlertsByKey,
    pastAlertsRecorded,
    seconds: round(seconds),
    eventsPerSecond: Math.round(events / seconds),
    expected,
  };
}

/** The policy the selection rules give the seeded receipts (all alike but for ids and instants). */
async function policyOfReceipts(tracking: SlaTrackingOptions): Promise<SlaPolicy> {
  const stream = new CapturedStream();
  const complaintId = randomUUID();
  await new ComplaintCommandService(stream).execute({
    complaintId,
    command: receipt(complaintId, Date.now(), 0),
    commandId: randomUUID(),
    correlationId: randomUUID(),
    actor: ACTOR,
  });
  const applied = appliedPolicy(toSlaEvents(stream.events), tracking);
  if (!applied) throw new Error('the SLA read model tracks the seeded complaints under no policy');
  return applied.policy;
}

interface AlertOffset {
  key: string;
  kind: SlaAlertKind;
  /** From receipt to the alert. */
  offsetMs: number;
}

/** The alerts of the policy's first clock, as offsets from the receipt (a 24x7 calendar keeps them constant). */
function alertOffsetsOfFirstClock(policy: SlaPolicy): AlertOffset[] {
  const receivedAt = '2026-06-01T00:00:00.000Z';
  const [first] = policy.clocks;
  const history = toSlaEvents([
    { type: 'ComplaintReceived', data: { receivedAt }, metadata: { occurredAt: receivedAt } },
  ]);
  const alerts = nextDueInstants(policy, history, receivedAt).filter((alert) => alert.clock === first.name);
  if (alerts.length === 0) throw new Error(`policy ${policy.id}: its first clock does not start on receipt`);
  return alerts.map((alert) => ({
    key: alert.key,
    kind: alert.kind === 'breach' ? 'BREACH' : 'WARNING',
    offsetMs: Date.parse(alert.at) - Date.parse(receivedAt),
  }));
}

function receipt(complaintId: string, receivedMs: number, index: number): UnstampedComplaintCommand {
  const at = new Date(receivedMs).toISOString();
  return {
    type: 'ReceiveComplaint',
    complaintId,
    channel: 'EMAIL',
    customer: { id: `CUST-${index % 20_000}`, tier: 'ORDINARY' },
    content: 'The router drops the connection every hour since the last update.',
    reason: 'Product does not work as advertised',
    object: { kind: 'PRODUCT', reference: 'ROUTER-X200' },
    remedySought: 'Replace the router',
    occurredAt: at,
    receivedAt: at,
  };
}

/** The command the timer issues for an alert (SlaAlertTimer.record). */
function recordAlert(policy: SlaPolicy, alert: SlaAlert): UnstampedComplaintCommand {
  return {
    type: 'RecordSlaAlert',
    policyId: policy.id,
    policyVersion: policy.version,
    clock: alert.clock,
    cycle: alert.cycle,
    key: alert.key,
    kind: alert.kind === 'breach' ? 'BREACH' : 'WARNING',
    ...(alert.threshold !== null && { threshold: warningLabel(alert.threshold) }),
    at: alert.at,
  };
}

/** One complaint's stream, held in memory while the command service writes it. */
class CapturedStream implements EventStore {
  streamId = '';
  readonly newEvents: NewEvent[] = [];
  readonly events: RecordedEvent[] = [];

  append(streamId: string, events: NewEvent[]): Promise<AppendResult> {
    this.streamId = streamId;
    for (const event of events) {
      this.newEvents.push(event);
      const revision = this.events.length;
      this.events.push({ ...event, streamId, revision, position: revision + 1, recordedAt: event.metadata.occurredAt });
    }
    return Promise.resolve({ revision: this.events.length - 1, position: this.events.length, alreadyAppended: false });
  }

  readStream(): Promise<RecordedEvent[]> {
    return Promise.resolve([...this.events]);
  }

  readAll(): Promise<RecordedEvent[]> {
    return Promise.resolve([...this.events]);
  }

  headPosition(): Promise<number> {
    return Promise.resolve(this.events.length);
  }

  subscribeToAll(): Subscription {
    throw new Error('a captured stream has no subscribers');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
