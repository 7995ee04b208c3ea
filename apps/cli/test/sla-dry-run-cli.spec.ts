import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComplaintCommandService, type UnstampedComplaintCommand } from '@redress/application';
import type { PostgresEventStore } from '@redress/event-store';
import { SHIPPED_POLICIES_DIR, type ClockDiff, type PolicyDiff } from '@redress/sla';
import {
  adminQuery,
  dropSchema,
  openTestStore,
  POSTGRES_URL,
  randomSchemaName,
} from '../../../libs/event-store/test/support/postgres-test-schema';
import { ApiHarness } from '../../../test/support/api-harness';
import { receiveBody } from '../../../test/support/complaint-requests';
import { buildCli, postgresStoreEnv, type CliBuild, type CliResult } from './support/cli-process';

const HOUR_MS = 3_600_000;
const reason = 'The customer moved to the priority service';
const actor = { id: 'supervisor-3', role: 'supervisor' };

/**
 * `sla policy dry-run` end to end: complaints seeded through the command
 * service into PostgreSQL, the API running on the same store (its projections
 * build the SLA read model), and the CLI compiled and run as its own process.
 * Its plan must be the HTTP dry run's, and it must write nothing.
 */
describe('sla policy dry-run', () => {
  const schema = randomSchemaName();
  let build: CliBuild;
  let store: PostgresEventStore;
  let api: ApiHarness;
  let files: string;
  let head = 0;
  /** By e-mail two hours ago, acknowledged now; then by phone: both under the standard pack (the default). */
  let emailed: string;
  let phoned: string;
  /** On site: the walk-in rule puts it under the rapid pack. */
  let walkIn: string;
  let withdrawn: string;

  const cli = (...args: string[]): Promise<CliResult> =>
    build.run(['sla', 'policy', 'dry-run', ...args], postgresStoreEnv(POSTGRES_URL, schema));
  const jsonOf = (result: CliResult) => {
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    return JSON.parse(result.stdout);
  };
  const storedEvents = async () =>
    adminQuery(`SELECT position, stream_id, event_type FROM ${schema}.redress_events ORDER BY position`);

  beforeAll(async () => {
    [build, store, files] = await Promise.all([
      buildCli(),
      openTestStore(schema),
      mkdtemp(join(tmpdir(), 'redress-dry-run-')),
    ]);
    const commands = new ComplaintCommandService(store);
    const run = async (complaintId: string, command: UnstampedComplaintCommand) => {
      const result = await commands.execute({
        complaintId,
        command,
        commandId: randomUUID(),
        correlationId: randomUUID(),
        actor,
      });
      head = Math.max(head, result.position);
    };
    const receive = async (overrides: Record<string, unknown>) => {
      const complaintId = randomUUID();
      await run(complaintId, { type: 'ReceiveComplaint', complaintId, ...receiveBody(overrides) } as never);
      return complaintId;
    };
    const receivedAt = new Date(Math.floor((Date.now() - 2 * HOUR_MS) / 1000) * 1000).toISOString();
    emailed = await receive({ channel: 'EMAIL', receivedAt, occurredAt: receivedAt });
    await run(emailed, { type: 'AcknowledgeComplaint', channel: 'EMAIL' });
    phoned = await receive({ channel: 'PHONE' });
    walkIn = await receive({ channel: 'ON_SITE' });
    withdrawn = await receive({ channel: 'EMAIL' });
    await run(withdrawn, { type: 'WithdrawComplaint', reason: 'Sorted out by phone' });

    api = await ApiHarness.start({ kind: 'postgres', postgres: { url: POSTGRES_URL, schema, poolSize: 4 } });
    // The SLA read model has every complaint once the API's projections reach the seeded head.
    const projected = await api.get(`/complaints/${walkIn}/sla?minPosition=${head}`);
    expect(projected.status).toBe(200);
  });
  afterAll(async () => {
    await api?.dispose();
    await store?.close();
    await build?.remove();
    await rm(files, { recursive: true, force: true });
    await dropSchema(schema);
  });

  it('plans every open complaint under a policy exactly as POST /sla/recompute?dryRun=true, writing nothing', async () => {
    const before = await storedEvents();
    const result = await cli('--from-policy', 'guides-standard', '--policy', 'guides-rapid', '--json');
    const planned = jsonOf(result);
    const http = await api.post(
      `/sla/recompute?dryRun=true&minPosition=${head}`,
      { fromPolicyId: 'guides-standard', policyId: 'guides-rapid', reason },
      { 'x-actor-id': actor.id, 'x-actor-role': actor.role },
    );
    expect(http.status).toBe(200);

    expect(planned.complaints.map((entry: { complaintId: string }) => entry.complaintId)).toEqual([emailed, phoned]);
    expect(comparable(planned)).toEqual(comparable(http.body));
    // Acknowledged two hours after receipt: late under the rapid pack's 30-minute respond clock.
    const respond = clockOf(planned.complaints[0].diff, 'respond');
    expect(respond).toMatchObject({ change: 'added', after: { status: 'breached' } });
    expect(await storedEvents()).toEqual(before);
  });

  it('summarises each complaint for a person, refusing what the command would refuse (exit 3)', async () => {
    const result = await cli('--policy', 'guides-rapid', '--complaint', emailed, '--complaint', withdrawn);
    expect(result.code).toBe(3);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^dry run: 2 complaint\(s\) re-evaluated under guides-rapid v1 \([0-9a-f]{12}\); nothing/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^${emailed}: guides-standard v1 .* -> guides-rapid v1 .*: 7 of 7 clocks change$`),
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}\+ respond: breached, due /));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}- firstResponse: was met/));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${withdrawn}: would be refused \\(COMMAND_NOT_ALLOWED\\)`)),
    );
    expect(lines).toContainEqual('2 complaint(s): 1 would change, 0 unchanged, 1 refused');
  });

  it('plans under an edited policy file standing in for a new version, as the recompute then does', async () => {
    const shipped = await readFile(join(SHIPPED_POLICIES_DIR, 'guides-rapid.v1.yaml'), 'utf8');
    const edited = join(files, 'guides-rapid.v2.yaml');
    await writeFile(
      edited,
      shipped
        .replace(/^version: 1$/m, 'version: 2')
        .replace('default: { kind: duration, minutes: 30 }', 'default: { kind: duration, minutes: 45 }'),
    );
    const planned = jsonOf(await cli(edited, '--complaint', walkIn, '--json'));
    const [entry] = planned.complaints;
    expect(entry).toMatchObject({
      complaintId: walkIn,
      changed: true,
      diff: { from: { policyId: 'guides-rapid', version: 1 }, to: { policyId: 'guides-rapid', version: 2 } },
    });
    const respond = clockOf(entry.diff, 'respond');
    expect(respond.change).toBe('changed');
    expect(respond.changes).toContainEqual({ field: 'targetSeconds', before: 1800, after: 2700 });
    expect(clockOf(entry.diff, 'resolve').change).toBe('unchanged');
  });

  it('matches the outcome of the recompute it previews', async () => {
    const planned = jsonOf(await cli('--policy', 'guides-rapid', '--complaint', phoned, '--json'));
    const done = await api.post(
      `/complaints/${phoned}/sla/recompute`,
      { policyId: 'guides-rapid', reason },
      { 'x-actor-id': actor.id, 'x-actor-role': actor.role },
    );
    expect(done.status).toBe(200);
    expect(comparableDiff(planned.complaints[0].diff)).toEqual(comparableDiff(done.body.diff));
    // The dry run of the same move now reports what the command says: already there.
    const again = await cli('--policy', 'guides-rapid', '--complaint', phoned, '--json');
    expect(again.code).toBe(3);
    expect(JSON.parse(again.stdout).complaints[0].error).toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('refuses bad input with a clear message and a non-zero exit, touching nothing', async () => {
    const before = await storedEvents();
    const unknownPolicy = await cli('--policy', 'gold', '--complaint', emailed);
    expect(unknownPolicy.code).toBe(1);
    expect(unknownPolicy.stderr).toContain('no SLA policy gold; known: asic-rg271, cfpb');

    const unknownVersion = await cli('--policy', 'guides-rapid', '--policy-version', '9', '--complaint', emailed);
    expect(unknownVersion.code).toBe(1);
    expect(unknownVersion.stderr).toContain('SLA policy guides-rapid has no version 9; loaded: 1');

    const missing = randomUUID();
    const unknownComplaint = await cli('--policy', 'guides-rapid', '--complaint', missing);
    expect(unknownComplaint.code).toBe(1);
    expect(unknownComplaint.stderr).toContain(`complaint ${missing} does not exist`);

    const broken = join(files, 'broken.yaml');
    await writeFile(broken, 'id: guides-rapid\nversion: zero\n');
    const invalidFile = await cli(broken, '--complaint', emailed);
    expect(invalidFile.code).toBe(1);
    expect(invalidFile.stderr).toContain(`${broken}`);
    expect(invalidFile.stderr).toContain('1 of the files did not validate');

    const unknownFrom = await cli('--policy', 'guides-rapid', '--from-policy', 'gold');
    expect(unknownFrom.code).toBe(1);
    expect(unknownFrom.stderr).toContain('no SLA policy gold to move from; known: asic-rg271, cfpb');

    const neither = await cli('--policy', 'guides-rapid');
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain('give --complaint <id> (one or more) or --from-policy <id>');

    const badLimit = await cli('--policy', 'guides-rapid', '--from-policy', 'guides-standard', '--limit', '0');
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toContain('must be a whole number from 1');
    expect(await storedEvents()).toEqual(before);
  });

  it('says when the SLA read model it lists complaints from has not been built, and creates nothing', async () => {
    const bare = randomSchemaName();
    const bareStore = await openTestStore(bare);
    try {
      const tables = () =>
        adminQuery(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`, [bare]);
      const before = await tables();
      const result = await build.run(
        ['sla', 'policy', 'dry-run', '--from-policy', 'guides-standard', '--policy', 'guides-rapid'],
        postgresStoreEnv(POSTGRES_URL, bare),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('the SLA read model (projection sla-tracking) has not been built in this store');
      expect(await tables()).toEqual(before);
    } finally {
      await bareStore.close();
      await dropSchema(bare);
    }
  });

  it('explains itself with --help', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: redress sla policy dry-run [options] [files...]');
    expect(help.stdout).toContain('--from-policy <id>');
  });
});

function clockOf(diff: PolicyDiff, name: string): ClockDiff {
  const clock = diff.clocks.find((candidate) => candidate.clock === name);
  if (!clock) throw new Error(`no clock ${name} in ${diff.clocks.map((c) => c.clock).join(', ')}`);
  return clock;
}

/** What a diff says that does not depend on the instant it was taken at (the seconds elapsed and remaining do). */
function comparableDiff(diff: PolicyDiff) {
  const instantFree = new Set(['elapsedSeconds', 'remainingSeconds']);
  const state = (clock: ClockDiff['before']) =>
    clock && { status: clock.status, dueAt: clock.dueAt, cycle: clock.cycle };
  return {
    from: diff.from,
    to: diff.to,
    changed: diff.changed,
    clocks: diff.clocks.map((clock) => ({
      clock: clock.clock,
      change: clock.change,
      before: state(clock.before),
      after: state(clock.after),
      changes: clock.changes.filter((change) => !instantFree.has(change.field)),
    })),
  };
}

function comparable(answer: { complaints: { complaintId: string; changed?: boolean; diff?: PolicyDiff }[] }) {
  return {
    ...answer,
    complaints: answer.complaints.map((entry) => ({ ...entry, diff: entry.diff && comparableDiff(entry.diff) })),
  };
}
