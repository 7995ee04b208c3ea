import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');

/**
 * Compiles the apps and libraries as `npm run build` does, into a directory
 * of the test's own under .cache (inside the repository, so the compiled
 * code finds node_modules), for tests that run real processes.
 */
export async function compileApps(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = join(ROOT, '.cache', `test-dist-${randomUUID().slice(0, 8)}`);
  await promisify(execFile)(
    join(ROOT, 'node_modules', '.bin', 'swc'),
    [
      'apps',
      'libs',
      '--out-dir',
      dir,
      '--copy-files',
      '--config-file',
      '.swcrc',
      '-q',
      '--ignore',
      '**/*.spec.ts',
      '--ignore',
      '**/test/**',
    ],
    { cwd: ROOT, env: { ...process.env }, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: Error & { stderr?: string }) => {
    throw new Error(`compiling the apps failed: ${error.stderr ?? error.message}`);
  });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * One of the apps (apps/<name>) as a real child process, so it can die by
 * SIGKILL like a crashed process: its sockets close and none of its shutdown
 * code runs. Everything it prints is kept, for readiness and for failures.
 */
export class AppProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  protected constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Starts `apps/<app>/src/main.js` of a compiled tree and waits until it prints a line matching `ready`. */
  static spawn(
    distDir: string,
    app: string,
    env: Record<string, string>,
    ready: RegExp,
  ): Promise<{ process: AppProcess; ready: RegExpExecArray }> {
    return AppProcess.spawnScript(join(distDir, `apps/${app}/src/main.js`), env, ready);
  }

  /** Starts a compiled script with only PATH and `env` for environment, and waits for `ready` in its output. */
  static async spawnScript(
    script: string,
    env: Record<string, string>,
    ready: RegExp,
  ): Promise<{ process: AppProcess; ready: RegExpExecArray }> {
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new AppProcess(child);
    return { process: started, ready: await started.waitForOutput(ready, 60_000) };
  }

  /** Waits for a line of output matching `pattern` (printed already, or later). */
  async waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.map((line) => pattern.exec(line)).find((found) => found !== null);
      if (match) return match;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        this.child.kill('SIGKILL');
        throw new Error(`no output matching ${pattern} from ${this.pid}:\n${this.output.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGTERM, and a failure if the process has not ended 20 s later (it is then killed). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      this.exited.then(() => true),
      new Promise((resolve) => (timer = setTimeout(() => resolve(false), 20_000))),
    ]);
    clearTimeout(timer);
    if (!stopped) {
      this.child.kill('SIGKILL');
      throw new Error(`process ${this.pid} did not stop within 20 s of SIGTERM:\n${this.output.join('\n')}`);
    }
  }
}

/** A background worker (apps/worker) process, with its health report. */
export class WorkerProcess {
  private constructor(
    readonly process: AppProcess,
    private readonly healthUrl: string,
  ) {}

  static async start(distDir: string, env: Record<string, string>): Promise<WorkerProcess> {
    const started = await AppProcess.spawn(
      distDir,
      'worker',
      { WORKER_HEALTH_PORT: '0', WORKER_HEALTH_HOST: '127.0.0.1', ...env },
      /GET \/health on port (\d+)/,
    );
    return new WorkerProcess(started.process, `http://127.0.0.1:${started.ready[1]}/health`);
  }

  get pid(): number {
    return this.process.pid;
  }

  get output(): string[] {
    return this.process.output;
  }

  get exited(): Promise<number | null> {
    return this.process.exited;
  }

  kill(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }

  stop(): Promise<void> {
    return this.process.stop();
  }

  async health(): Promise<WorkerHealth> {
    const response = await fetch(this.healthUrl);
    return (await response.json()) as WorkerHealth;
  }

  /** Everything this worker runs now: which projections, and whether the publisher and the SLA timer. */
  async activeWork(): Promise<string[]> {
    const health = await this.health();
    return [
      ...health.projections.filter((p) => p.state !== 'standby' && p.state !== 'stopped').map((p) => p.name),
      ...(health.publisher.active ? ['kafka-publisher'] : []),
      ...(health.slaAlertTimer.active ? ['sla-alert-timer'] : []),
    ];
  }
}

export interface WorkerHealth {
  healthy: boolean;
  reason: string | null;
  pid: number;
  projections: { name: string; state: string; position: number; lagEvents: number; lastError: string | null }[];
  publisher: { active: boolean; position?: number; healthy?: boolean };
  slaAlertTimer: { active: boolean };
}
