import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const LOOPBACK_HOSTS = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Benchmarks load the server hard, so they only ever target one on this machine. */
export function assertLoopback(connectionString: string): void {
  const host = new URL(connectionString).hostname;
  if (!LOOPBACK_HOSTS.test(host)) throw new Error(`benchmarks target PostgreSQL on this machine only, not ${host}`);
}

export function benchSchemaName(): string {
  return `redress_bench_${randomBytes(6).toString('hex')}`;
}

/** A plain connection whose unqualified names resolve in `schema`. */
export async function connect(schema?: string): Promise<Client> {
  const client = new Client({
    connectionString: POSTGRES_URL,
    options: schema ? `-c search_path=${schema}` : undefined,
    application_name: 'redress-bench',
  });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL not reachable at ${POSTGRES_URL}; start it with pg_ctlcluster --skip-systemctl-redirect 15 main start (${(error as Error).message})`,
      { cause: error },
    );
  }
  return client;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = await connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Server facts that decide how fast commits can be. */
export async function serverFacts(): Promise<Record<string, string>> {
  const client = await connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings
       WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'commit_delay', 'shared_buffers')
       ORDER BY name`,
    );
    return Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  } finally {
    await client.end();
  }
}
