import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Another live process has the embedded database open. */
export class DataDirectoryInUseError extends Error {
  readonly code = 'DATA_DIRECTORY_IN_USE';
  constructor(
    readonly directory: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${directory} is open in process ${pid}; ` +
        'stop that process first (PGlite allows one process per data directory), or use EVENT_STORE=postgres to share a database',
    );
    this.name = 'DataDirectoryInUseError';
  }
}

/**
 * PGlite corrupts a data directory that two processes open at once and does
 * not guard against it, so the directory carries a lock file with the owner's
 * pid. A lock whose process is gone (a crash) is taken over.
 */
export class DataDirectoryLock {
  private constructor(private readonly path: string) {}

  static async acquire(directory: string): Promise<DataDirectoryLock> {
    const path = join(directory, 'redress.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx');
        await handle.writeFile(String(process.pid));
        await handle.close();
        return new DataDirectoryLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
          throw new DataDirectoryInUseError(directory, owner);
        }
        await rm(path, { force: true }); // stale: its process is gone
      }
    }
    throw new Error(`could not take the lock ${path}`);
  }

  async release(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
