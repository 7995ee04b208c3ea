import { randomUUID } from 'node:crypto';
import {
  CHANNELS,
  GRADES,
  PRIORITIES,
  type Category,
  type ComplaintEvent,
  type ComplaintObjectKind,
} from '@redress/domain';
import type { EventMetadata } from '@redress/event-store';
import { exponential, pick, pickWeighted, seededRandom } from './seeded-random';

/**
 * A year of complaint handling as the event log would hold it: complaints
 * arrive evenly over the year, and each is then classified, triaged and
 * assigned (or not, or not yet) after delays like a service desk's, so the
 * events of one complaint are spread over the log and interleaved with other
 * complaints' the way live traffic leaves them. Every event is a valid domain
 * event of the current schema version (typed against `ComplaintEvent`).
 */

/** What share of complaints reach each step; the rest stop before it. */
export const LIFECYCLE_SHARES = {
  /** Classified by the intake channel itself, in the same append as the receipt. */
  classifiedAtIntake: 0.4,
  /** Classified later by the desk; the remaining 10 % are still waiting. */
  classifiedLater: 0.5,
  triagedOfClassified: 0.88,
  assignedOfTriaged: 0.8,
};

/** Mean hours from the previous step to this one. */
export const MEAN_DELAY_HOURS = { classify: 6, triage: 10, assign: 16 };

export const DEPARTMENTS = [
  'after-sales',
  'billing',
  'network',
  'retail',
  'customer-care',
  'logistics',
  'it-support',
  'legal',
] as const;
export const AGENTS_PER_DEPARTMENT = 25;
/** About five complaints per customer over the year, so repeat complaints occur. */
export const COMPLAINTS_PER_CUSTOMER = 5;

/** Complaints per customer tier: every seventh customer is high-value. */
export const HIGH_VALUE_CUSTOMER_EVERY = 7;

type EventOf<Type extends ComplaintEvent['type']> = Extract<ComplaintEvent, { type: Type }>;
type FollowUpStep = 'classify' | 'triage' | 'assign';

/** One event of the generated log, in log order; the writer gives it its position. */
export interface GeneratedEvent {
  streamId: string;
  revision: number;
  event: ComplaintEvent;
  metadata: EventMetadata;
  /** When it happened (and was recorded), epoch ms. */
  at: number;
}

interface PlannedComplaint {
  id: string;
  streamId: string;
  category: Category;
  /** Steps still to come, in order. */
  steps: FollowUpStep[];
  /** Revision the next event gets. */
  nextRevision: number;
}

interface ScheduledStep {
  at: number;
  complaint: PlannedComplaint;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const OBJECTS: readonly [ComplaintObjectKind, readonly string[]][] = [
  ['PRODUCT', ['ROUTER-X200', 'MODEM-M5', 'PHONE-P9', 'TV-BOX-4K', 'MESH-KIT-3']],
  ['SERVICE', ['FIBRE-500', 'MOBILE-PLAN-S', 'ROAMING-EU', 'HOME-INSTALL', 'TV-SPORTS']],
  ['STAFF', ['EMP-1042', 'EMP-2310', 'EMP-3377', 'EMP-4581']],
  ['DEPARTMENT', ['BRANCH-CENTRAL', 'BRANCH-NORTH', 'CALL-CENTRE-2']],
  ['POLICY', ['REFUND-POLICY', 'CANCELLATION-TERMS', 'LOYALTY-RULES']],
  ['SYSTEM', ['MOBILE-APP', 'WEB-PORTAL', 'BILLING-SYSTEM']],
];
const PROBLEMS = [
  'stops working every evening',
  'was charged twice this month',
  'never arrived although the tracking says delivered',
  'drops the connection every hour',
  'shows a fee nobody explained',
  'crashes when I try to log in',
  'was promised a callback that never came',
  'was rude on the phone and hung up',
  'is much slower than the contract says',
  'refund has been pending for three weeks',
];
const CONTEXTS = [
  'since the last update',
  'after the technician visit',
  'despite two earlier calls',
  'for the third time this year',
  'while I was abroad',
  'right after I renewed my contract',
];
const REMEDIES = ['Replace it', 'Refund the charge', 'Fix the service', 'An apology and compensation', 'Cancel it'];
const CHANNEL_WEIGHTS = CHANNELS.map((channel, i) => [channel, i < 4 ? 4 : 1] as const);
const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = [
  ['SERVICE_QUALITY', 35],
  ['PRODUCT_FUNCTION', 25],
  ['SYSTEM_TECHNICAL', 15],
  ['POLICY_PROCESS', 15],
  ['OTHER', 10],
];

/** A binary min-heap of scheduled steps by time: the follow-ups waiting to happen. */
class StepQueue {
  private readonly items: ScheduledStep[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): ScheduledStep | undefined {
    return this.items[0];
  }

  push(item: ScheduledStep): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent].at <= item.at) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = item;
  }

  pop(): ScheduledStep | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const child = left + 1 < items.length && items[left + 1].at < items[left].at ? left + 1 : left;
      if (items[child].at >= last.at) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }
}

export interface ComplaintLogProfile {
  complaints: number;
  /** The year ends here (epoch ms); nothing is dated later. */
  until: number;
  seed: number;
}

/** The log, oldest event first. Follow-ups that would fall after `until` have simply not happened yet. */
export function* generateComplaintLog(profile: ComplaintLogProfile): Generator<GeneratedEvent> {
  const random = seededRandom(profile.seed);
  const from = profile.until - 365 * DAY_MS;
  const slot = (profile.until - from) / profile.complaints;
  const customers = Math.max(1, Math.round(profile.complaints / COMPLAINTS_PER_CUSTOMER));
  const waiting = new StepQueue();

  const metadata = (commandType: string, actorId: string, at: number): EventMetadata => {
    const commandId = randomUUID();
    return {
      commandId,
      commandType,
      correlationId: randomUUID(),
      causationId: commandId,
      actor: { id: actorId, role: 'agent' },
      occurredAt: new Date(at).toISOString(),
    };
  };
  const emit = (complaint: PlannedComplaint, event: ComplaintEvent, meta: EventMetadata, at: number) => ({
    streamId: complaint.streamId,
    revision: complaint.nextRevision++,
    event,
    metadata: meta,
    at,
  });
  const schedule = (complaint: PlannedComplaint, after: number) => {
    const step = complaint.steps[0];
    if (step === undefined) return;
    const at = after + exponential(random, MEAN_DELAY_HOURS[step] * HOUR_MS);
    if (at <= profile.until) waiting.push({ at, complaint });
  };

  function* followUp(scheduled: ScheduledStep): Generator<GeneratedEvent> {
    const { complaint, at } = scheduled;
    const step = complaint.steps.shift();
    const agent = `agent-${Math.floor(random() * 40)}`;
    if (step === 'classify') {
      const event: EventOf<'ComplaintClassified'> = {
        type: 'ComplaintClassified',
        data: { category: complaint.category },
      };
      yield emit(complaint, event, metadata('ClassifyComplaint', agent, at), at);
    } else if (step === 'triage') {
      const event: EventOf<'ComplaintTriaged'> = {
        type: 'ComplaintTriaged',
        data: { grade: pick(random, GRADES), priority: pick(random, PRIORITIES), isComplex: random() < 0.15 },
      };
      yield emit(complaint, event, metadata('TriageComplaint', agent, at), at);
    } else if (step === 'assign') {
      const department = Math.floor(random() * DEPARTMENTS.length);
      const event: EventOf<'ComplaintAssigned'> = {
        type: 'ComplaintAssigned',
        data: { department: DEPARTMENTS[department], assignee: assigneeName(department, random) },
      };
      yield emit(complaint, event, metadata('AssignComplaint', agent, at), at);
    }
    schedule(complaint, at);
  }

  for (let i = 0; i < profile.complaints; i++) {
    const arrival = from + (i + random()) * slot;
    while ((waiting.peek()?.at ?? Infinity) <= arrival) yield* followUp(waiting.pop() as ScheduledStep);

    const id = randomUUID();
    const roll = random();
    const classifiedAtIntake = roll < LIFECYCLE_SHARES.classifiedAtIntake;
    const classified = roll < LIFECYCLE_SHARES.classifiedAtIntake + LIFECYCLE_SHARES.classifiedLater;
    const triaged = classified && random() < LIFECYCLE_SHARES.triagedOfClassified;
    const assigned = triaged && random() < LIFECYCLE_SHARES.assignedOfTriaged;
    const steps: FollowUpStep[] = [];
    if (classified && !classifiedAtIntake) steps.push('classify');
    if (triaged) steps.push('triage');
    if (assigned) steps.push('assign');
    const complaint: PlannedComplaint = {
      id,
      streamId: `complaint-${id}`,
      category: pickWeighted(random, CATEGORY_WEIGHTS),
      steps,
      nextRevision: 0,
    };

    const customer = Math.floor(random() * customers);
    const [kind, references] = pick(random, OBJECTS);
    const reference = pick(random, references);
    const received: EventOf<'ComplaintReceived'> = {
      type: 'ComplaintReceived',
      data: {
        complaintId: id,
        channel: pickWeighted(random, CHANNEL_WEIGHTS),
        customer: {
          id: `CUST-${customer}`,
          tier: customer % HIGH_VALUE_CUSTOMER_EVERY === 0 ? 'HIGH_VALUE' : 'ORDINARY',
        },
        content: `The ${reference.toLowerCase()} ${pick(random, PROBLEMS)} ${pick(random, CONTEXTS)}.`,
        reason: pick(random, PROBLEMS),
        object: { kind, reference },
        remedySought: pick(random, REMEDIES),
        occurredAt: new Date(arrival - random() * 7 * DAY_MS).toISOString(),
        receivedAt: new Date(arrival).toISOString(),
      },
    };
    const intake = metadata('ReceiveComplaint', 'intake', arrival);
    yield emit(complaint, received, intake, arrival);
    if (classifiedAtIntake) {
      const event: EventOf<'ComplaintClassified'> = {
        type: 'ComplaintClassified',
        data: { category: complaint.category },
      };
      yield emit(complaint, event, intake, arrival);
    }
    schedule(complaint, arrival);
  }
  while (waiting.size > 0) yield* followUp(waiting.pop() as ScheduledStep);
}

export function assigneeName(department: number, random: () => number): string {
  return `agent-${department * 100 + Math.floor(random() * AGENTS_PER_DEPARTMENT)}`;
}
