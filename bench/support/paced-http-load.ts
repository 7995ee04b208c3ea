import type { Request } from 'autocannon';
import { Client } from 'undici';
import { LatencyRecorder } from './latency';
import type { HttpLoadResult } from './mixed-http-load';

export interface PacedLoadOptions {
  url: string;
  headers: Record<string, string>;
  /** Requests per second over all connections, started at evenly spaced instants. */
  rate: number;
  /** Each repeats the request sequence on a keep-alive connection of its own, with a context of its own. */
  connections: number;
  seconds: number;
}

/**
 * Open-loop load at a fixed rate, as wrk2 makes it: connection `c` of `n`
 * starts its `k`-th request at `start + (k + c / n) × n / rate`, so the
 * requests of all connections arrive evenly spread over each second. A
 * connection whose previous answer is late sends as soon as it comes, and
 * every latency counts from the instant the request was due, so a stall
 * weighs in the percentiles for every request it held back (no coordinated
 * omission).
 *
 * autocannon's `overallRate` is not that: each connection sends its quota
 * for the second back to back as soon as the second starts, so the whole
 * second's requests arrive at once and queue, and its latency correction
 * assumes a request every millisecond, which counts a response of L ms
 * about L times. The sequences are autocannon's `Request`s all the same,
 * with the same per-connection context.
 */
export async function runPacedHttpLoad(options: PacedLoadOptions, requests: Request[]): Promise<HttpLoadResult> {
  const target = new URL(options.url);
  const interval = (options.connections * 1000) / options.rate;
  const started = performance.now() + 50;
  const ends = started + options.seconds * 1000;
  const latencies = new LatencyRecorder();
  const statusCodes: Record<string, number> = {};
  let errors = 0;

  const connection = async (index: number) => {
    const client = new Client(target.origin, { pipelining: 1, headersTimeout: 30_000, bodyTimeout: 30_000 });
    const context: Record<string, unknown> = {};
    try {
      for (let k = 0; ; k++) {
        const due = started + (k + index / options.connections) * interval;
        if (due >= ends) return;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const template = requests[k % requests.length];
        const { setupRequest, onResponse } = template;
        const shaped = typeof setupRequest === 'function' ? setupRequest({ ...template }, context) : template;
        try {
          const { status, body } = await send(client, options.headers, shaped as Request);
          latencies.record(performance.now() - due);
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
          if (typeof onResponse === 'function') onResponse(status, body, context, undefined);
        } catch {
          errors++;
        }
      }
    } finally {
      await client.close();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, index) => connection(index)));

  const answered = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  const ok = Object.entries(statusCodes).reduce((sum, [code, n]) => (code.startsWith('2') ? sum + n : sum), 0);
  const { p50Ms, p90Ms, p99Ms, maxMs } = latencies.summary();
  return {
    requests: answered + errors,
    okPerSecond: Math.round(ok / options.seconds),
    non2xx: answered - ok,
    errors,
    timeouts: 0,
    latency: { p50Ms, p90Ms, p99Ms, maxMs },
    statusCodes,
  };
}

/**
 * One request on `client`'s connection; resolves with the status and the
 * whole body. undici rather than node:http: the generator shares the two
 * cores with the system it measures, and undici costs it less CPU per
 * request (bench/README.md).
 */
async function send(
  client: Client,
  headers: Record<string, string>,
  shaped: Request,
): Promise<{ status: number; body: string }> {
  const response = await client.request({
    method: (shaped.method ?? 'GET') as 'GET' | 'POST',
    path: shaped.path ?? '/',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof shaped.body === 'string' ? shaped.body : undefined,
  });
  return { status: response.statusCode, body: await response.body.text() };
}
