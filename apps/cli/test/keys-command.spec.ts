import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { ApiKeys, SqlApiKeyStore } from '@redress/access';
import { openPersistence } from '@redress/config';
import { registerKeyCommands } from '../src/keys.command';

/** The keys subcommands against a real embedded data directory, as `npm run cli -- keys …` runs them. */
describe('keys command', () => {
  let dataDir: string;
  const open = () => openPersistence({ kind: 'embedded', dataDir });
  const run = async (...args: string[]) => {
    const printed: string[] = [];
    const program = new Command('redress').exitOverride();
    registerKeyCommands(program, open, (line) => printed.push(line));
    await program.parseAsync(['node', 'redress', 'keys', ...args]);
    return printed;
  };
  const check = async (key: string) => {
    const persistence = await open();
    try {
      return await new ApiKeys(await SqlApiKeyStore.open(persistence.readModels)).check(key);
    } finally {
      await persistence.close();
    }
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'redress-keys-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a key, prints it once, lists it without the secret, and revokes it', async () => {
    expect(await run('list')).toEqual(['no API keys']);
    const created = await run('create', '--role', 'agent', '--department', 'after-sales', '--name', 'agent 7');
    expect(created[0]).toMatch(/^created [0-9a-f]{16} "agent 7" role=agent department=after-sales created \S+Z$/);
    const key = /^key \(shown once, store it now\): (rdk_\S+)$/.exec(created[1])?.[1] as string;
    const id = created[0].split(' ')[1];
    expect(await check(key)).toMatchObject({ ok: true, principal: { role: 'agent', department: 'after-sales' } });

    const listed = await run('list', '--json');
    expect(JSON.parse(listed[0])).toEqual([
      { id, name: 'agent 7', role: 'agent', department: 'after-sales', createdAt: expect.any(String), revokedAt: null },
    ]);
    expect(listed.join('\n')).not.toContain(/^rdk_[0-9a-f]{16}_(.{43})$/.exec(key)![1]);

    expect((await run('revoke', id))[0]).toMatch(new RegExp(`^revoked ${id} .* revoked \\S+Z$`));
    expect(await check(key)).toEqual({ ok: false, reason: 'revoked' });
    expect((await run('list'))[0]).toContain(' revoked ');
  });

  it('names what is wrong with a request', async () => {
    await expect(run('create', '--role', 'agent')).rejects.toThrow('department is required for the agent role');
    await expect(run('create', '--role', 'owner')).rejects.toThrow(
      'role must be one of agent, supervisor, auditor, admin, service',
    );
    await expect(run('revoke', '0000000000000000')).rejects.toThrow('no API key has the id "0000000000000000"');
  });
});
