import { connect } from './local-postgres';
import { ProcessCpuMeter } from './process-cpu';

/** Often enough that a pooled connection closed meanwhile loses little of its CPU (it counts up to its last sample). */
const SAMPLE_EVERY_MS = 250;

export interface CpuOfWork<T> {
  result: T;
  /** CPU seconds of this process (the benchmark and the code under test in it). */
  nodeSeconds: number;
  /** CPU seconds of the PostgreSQL server processes of the benchmark's connections, parallel workers included. */
  postgresSeconds: number;
}

/**
 * Runs `work`, measuring the CPU it costs this process and the PostgreSQL
 * server processes of the connections whose application name starts with
 * `applicationPrefix` (the server is on this machine: benchmarks target
 * loopback only). On a shared machine, CPU per event says more than events
 * per second.
 */
export async function withCpu<T>(applicationPrefix: string, work: () => Promise<T>): Promise<CpuOfWork<T>> {
  const observer = await connect();
  try {
    const meter = new ProcessCpuMeter();
    // With their parallel workers (index builds, VACUUM), which run under no application name.
    const backends = async () =>
      (
        await observer.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE starts_with(application_name, $1)
            OR leader_pid IN (SELECT pid FROM pg_stat_activity WHERE starts_with(application_name, $1))`,
          [applicationPrefix],
        )
      ).rows.map((row) => row.pid);
    meter.sample(await backends(), true);
    let sampling = Promise.resolve();
    const sample = () => {
      sampling = sampling.then(async () => meter.sample(await backends())).catch(() => undefined);
    };
    const started = process.cpuUsage();
    const timer = setInterval(sample, SAMPLE_EVERY_MS);
    try {
      const result = await work();
      const used = process.cpuUsage(started);
      sample();
      await sampling;
      return { result, nodeSeconds: (used.user + used.system) / 1e6, postgresSeconds: meter.cpuSeconds };
    } finally {
      clearInterval(timer);
    }
  } finally {
    await observer.end();
  }
}
