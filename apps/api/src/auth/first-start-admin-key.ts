import type { ApiKeys } from '@redress/access';

/**
 * On a key store without any key (a fresh data directory), creates an admin
 * key and hands the one-time notice to `show`: the quick start then needs no
 * set-up step. The key exists nowhere else: only its hash is stored, and the
 * notice does not go through the logger.
 */
export async function issueFirstStartAdminKey(
  keys: ApiKeys,
  port: number,
  show: (notice: string) => void,
): Promise<void> {
  const issued = await keys.issueFirstAdminKey();
  if (!issued) return;
  show(
    [
      '',
      'Redress: no API key existed yet, so this admin key was created. It is shown this once; only its hash is stored.',
      '',
      `  ${issued.key}`,
      '',
      'Send it with every request, e.g.:',
      `  curl -H 'X-Api-Key: ${issued.key}' http://localhost:${port}/complaints`,
      '',
      'Keys for people and integrations: npm run cli -- keys create --role agent --department <department> --name <who>',
      '',
      '',
    ].join('\n'),
  );
}
