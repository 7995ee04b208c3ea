import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../bench/support/free-port';

const run = promisify(execFile);

/**
 * A PostgreSQL server of the test's own, in a temporary directory on a free
 * loopback port, so a fault test can stop and restart it without touching
 * the shared server every other test uses. Built from the installed
 * PostgreSQL binaries (the same version as the shared server); as root, the
 * server runs as the `postgres` user, which PostgreSQL insists on.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async start(): Promise<PrivatePostgres> {
    const bin = await postgresBinaries();
    const dir = await mkdtemp(join(tmpdir(), 'redress-pg-'));
    if (process.getuid?.() === 0) await chown(dir, ...(await postgresUser()));
    const server = new PrivatePostgres(bin, dir, await freePort());
    await server.pg('initdb', ['-D', server.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await server.resume();
    return server;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** Stops the server the way a crash or `kill -9` would: no checkpoint, connections cut. */
  async crash(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  /** Starts it (again), waiting until it accepts connections. */
  async resume(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await this.pg('pg_ctl', ['-D', this.dataDir, '-o', options, '-l', join(this.dir, 'server.log'), '-w', 'start']);
  }

  async remove(): Promise<void> {
    await this.crash().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  private async pg(tool: string, args: string[]): Promise<void> {
    const command = join(this.bin, tool);
    const [file, argv] =
      process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    await run(file, argv, { cwd: this.dir }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`${tool} ${args.join(' ')} failed: ${error.stderr ?? error.message}`);
    });
  }
}

/** The newest installed PostgreSQL's bin directory (Debian keeps them under /usr/lib/postgresql/<version>/bin). */
async function postgresBinaries(): Promise<string> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql: install the postgresql package');
  return join('/usr/lib/postgresql', newest, 'bin');
}

async function postgresUser(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}
