import type { Command } from 'commander';
import { ACCESS_ROLES, ApiKeys, SqlApiKeyStore, type ApiKeyRecord } from '@redress/access';
import type { Persistence } from '@redress/config';
import { withPersistence } from './with-persistence';

/**
 * `keys create`, `keys revoke <id>` and `keys list`: API keys in the same
 * key store the API reads (the configured persistence). A new key is printed
 * once; only its hash is kept, and `list` shows no secret.
 */
export function registerKeyCommands(
  program: Command,
  open: () => Promise<Persistence>,
  print: (line: string) => void = (line) => console.log(line),
): void {
  const keys = program.command('keys').description('Create, list and revoke API keys');
  const withKeys = (work: (keys: ApiKeys) => Promise<void>) =>
    withPersistence(open, async ({ readModels }) => work(new ApiKeys(await SqlApiKeyStore.open(readModels))));

  keys
    .command('create')
    .description('Create an API key and print it once (it cannot be shown again)')
    .requiredOption('--role <role>', `one of ${ACCESS_ROLES.join(', ')}`)
    .option('--department <department>', 'the department of an agent or supervisor (required for those roles)')
    .option('--name <name>', 'who or what the key is for, e.g. "crm-integration"')
    .action(async (options: { role: string; department?: string; name?: string }) => {
      await withKeys(async (apiKeys) => {
        const { key, record } = await apiKeys.issue(options);
        print(`created ${describe(record)}`);
        print(`key (shown once, store it now): ${key}`);
      });
    });

  keys
    .command('revoke')
    .description('Revoke an API key by its id (see keys list); requests with it are refused from then on')
    .argument('<id>', 'the key id')
    .action(async (id: string) => {
      await withKeys(async (apiKeys) => print(`revoked ${describe(await apiKeys.revoke(id))}`));
    });

  keys
    .command('list')
    .description('List API keys: id, name, role, department, created and revoked (never the key)')
    .option('--json', 'print JSON instead of lines')
    .action(async (options: { json?: boolean }) => {
      await withKeys(async (apiKeys) => {
        const records = (await apiKeys.list()).map(({ secretHash: _hash, ...shown }) => shown);
        if (options.json) print(JSON.stringify(records, null, 2));
        else if (records.length === 0) print('no API keys');
        else for (const record of records) print(describe(record));
      });
    });
}

function describe(record: Omit<ApiKeyRecord, 'secretHash'>): string {
  const department = record.department === null ? '' : ` department=${record.department}`;
  const revoked = record.revokedAt === null ? '' : ` revoked ${record.revokedAt}`;
  return `${record.id} "${record.name}" role=${record.role}${department} created ${record.createdAt}${revoked}`;
}
