import { randomUUID } from 'node:crypto';
import type { ComplaintCommandService, UnstampedComplaintCommand } from '@redress/application';
import { CHANNELS, GRADES, PRIORITIES } from '@redress/domain';
import { DEPARTMENTS, assigneeName } from './complaint-log';
import { pick, seededRandom } from './seeded-random';

export interface CommandLoad {
  /** Commands started per second (an open loop: they start on schedule, whether or not earlier ones finished). */
  ratePerSecond: number;
  warmupSeconds: number;
  seconds: number;
  /** Share of commands that receive a new complaint; the rest move an open one a step along its lifecycle. */
  receiveShare: number;
  /** At most this many commands in flight; a schedule the store cannot keep up with is cut here, and shows as a lower rate. */
  maxInFlight: number;
}

/** A command acknowledged inside the measured window: its append's log position and when execute() resolved. */
export interface Acknowledgement {
  position: number;
  at: number;
}

export interface CommandLoadResult {
  acknowledgements: Acknowledgement[];
  commandsPerSecond: number;
  byType: Record<string, number>;
  failures: number;
  firstFailure: string | null;
  /** Commands the schedule asked for in the measured window that were not started: maxInFlight were still running. */
  skipped: number;
}

const ACTOR = { id: 'bench-agent', role: 'agent' };
const TICK_MS = 5;

/** The lifecycle the driver walks each complaint along, one command per step, after its receipt. */
const LIFECYCLE: readonly ((random: () => number) => UnstampedComplaintCommand)[] = [
  () => ({ type: 'ClassifyComplaint', category: 'SERVICE_QUALITY' }),
  (random) => ({
    type: 'TriageComplaint',
    grade: pick(random, GRADES),
    priority: pick(random, PRIORITIES),
    isComplex: false,
  }),
  (random) => {
    const department = Math.floor(random() * DEPARTMENTS.length);
    return { type: 'AssignComplaint', department: DEPARTMENTS[department], assignee: assigneeName(department, random) };
  },
  () => ({
    type: 'RecordRootCause',
    rootCause: 'Firmware regression in the last update',
    category: 'COMMUNICATION',
    responsibleDepartment: 'network',
    responsiblePerson: 'lead-7',
  }),
  () => ({ type: 'ProposeResolution', plan: 'Replace the device', measures: ['Ship a replacement'] }),
  () => ({ type: 'ExecuteResolution', outcome: 'Replacement delivered' }),
  () => ({ type: 'InformCustomerOfResult', result: 'Your replacement is on its way', channel: 'EMAIL' }),
  () => ({ type: 'RecordCustomerResponse', accepted: true }),
];

interface OpenComplaint {
  id: string;
  /** Index into LIFECYCLE of its next command. */
  step: number;
}

/**
 * Drives commands through the command service at a steady rate: receipts of
 * new complaints, and lifecycle commands on complaints received earlier in
 * the run (each complaint has at most one command in flight, as with a
 * person working it). Every command acknowledged in the measured window is
 * returned with its position, for the caller to time against the read model.
 */
export async function runCommandLoad(service: ComplaintCommandService, load: CommandLoad): Promise<CommandLoadResult> {
  const random = seededRandom(4);
  const idle: OpenComplaint[] = [];
  const acknowledgements: Acknowledgement[] = [];
  const byType: Record<string, number> = {};
  let inFlight = 0;
  let started = 0;
  let skipped = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  let acknowledgedInWindow = 0;

  const startsAt = performance.now();
  const measureFrom = startsAt + load.warmupSeconds * 1000;
  const measureUntil = measureFrom + load.seconds * 1000;

  const execute = async (complaint: OpenComplaint | null) => {
    const command: UnstampedComplaintCommand = complaint ? LIFECYCLE[complaint.step](random) : receipt(random);
    const id = complaint?.id ?? (command as { complaintId: string }).complaintId;
    inFlight++;
    try {
      const result = await service.execute({
        complaintId: id,
        command,
        commandId: randomUUID(),
        correlationId: randomUUID(),
        actor: ACTOR,
      });
      const at = performance.now();
      if (at >= measureFrom && at <= measureUntil) {
        acknowledgements.push({ position: result.position, at });
        acknowledgedInWindow++;
        byType[command.type] = (byType[command.type] ?? 0) + 1;
      }
      const step = complaint ? complaint.step + 1 : 0;
      if (step < LIFECYCLE.length) idle.push({ id, step });
    } catch (error) {
      failures++;
      firstFailure ??= error instanceof Error ? error.message : String(error);
    } finally {
      inFlight--;
    }
  };

  const running = new Set<Promise<void>>();
  while (performance.now() < measureUntil) {
    const due = Math.floor(((performance.now() - startsAt) / 1000) * load.ratePerSecond);
    for (; started < due; started++) {
      if (inFlight >= load.maxInFlight) {
        if (performance.now() >= measureFrom) skipped++;
        continue;
      }
      // Oldest idle complaint first, so complaints move through their lifecycle rather than pile up.
      const complaint = random() >= load.receiveShare ? (idle.shift() ?? null) : null;
      const command = execute(complaint);
      running.add(command);
      void command.then(() => running.delete(command));
    }
    await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
  await Promise.all(running);

  return {
    acknowledgements,
    commandsPerSecond: Math.round(acknowledgedInWindow / load.seconds),
    byType,
    failures,
    firstFailure,
    skipped,
  };
}

function receipt(random: () => number): UnstampedComplaintCommand {
  const complaintId = randomUUID();
  return {
    type: 'ReceiveComplaint',
    complaintId,
    channel: pick(random, CHANNELS),
    customer: { id: `CUST-${Math.floor(random() * 200_000)}`, tier: random() < 0.15 ? 'HIGH_VALUE' : 'ORDINARY' },
    content: 'The router drops the connection every hour since the last update.',
    reason: 'Broken product',
    object: { kind: 'PRODUCT', reference: 'ROUTER-X200' },
    remedySought: 'Replace it',
    occurredAt: new Date().toISOString(),
  };
}
