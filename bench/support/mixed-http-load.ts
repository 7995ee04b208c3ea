import autocannon, { type Request } from 'autocannon';
import { round } from './latency';

export interface HttpLoadOptions {
  url: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; absent: as fast as the server answers (closed loop). */
  overallRate?: number;
}

export interface HttpLoadResult {
  requests: number;
  /** Answered with 2xx, per second of the run. */
  okPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latency: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };
  statusCodes: Record<string, number>;
}

/** What one connection remembers between its requests: the ids of the complaints it received. */
type ConnectionContext = Record<string, string | undefined>;

const ids = (context: object) => context as ConnectionContext;

const body = (index: number) =>
  JSON.stringify({
    channel: 'EMAIL',
    customer: { id: `CUST-${index % 50_000}`, tier: index % 7 === 0 ? 'HIGH_VALUE' : 'ORDINARY' },
    content: 'The X200 router drops the connection every hour since the last firmware update.',
    reason: 'Product does not work as advertised',
    object: { kind: 'PRODUCT', reference: 'ROUTER-X200' },
    remedySought: 'Replace the router',
    occurredAt: '2026-11-20T08:00:00Z',
  });

let receipts = 0;

/** A receipt that remembers the new complaint's id in the connection's context under `as`. */
function receive(as: string): Request {
  return {
    method: 'POST',
    path: '/complaints',
    setupRequest: (request) => ({ ...request, body: body(receipts++) }),
    onResponse: (status, responseBody, context) => {
      ids(context)[as] = status === 201 ? (JSON.parse(responseBody) as { id: string }).id : undefined;
    },
  };
}

/** A lifecycle command on the complaint the context holds under `on`. */
function command(on: string, name: string, payload: unknown): Request {
  return {
    method: 'POST',
    setupRequest: (request, context) => ({
      ...request,
      // A receipt that was shed leaves no id: the command then names no complaint and is answered 404.
      path: `/complaints/${ids(context)[on] ?? '00000000-0000-4000-8000-000000000000'}/${name}`,
      body: JSON.stringify(payload),
    }),
  };
}

/**
 * The realistic mix each connection repeats: 4 receipts (40%), 5 lifecycle
 * commands on complaints it received (50%), and 1 query (10%).
 */
export const MIXED_REQUESTS: Request[] = [
  receive('a'),
  command('a', 'classify', { category: 'PRODUCT_FUNCTION' }),
  receive('b'),
  command('a', 'triage', { grade: 'SERIOUS', priority: 'P2', isComplex: false }),
  command('b', 'classify', { category: 'SERVICE_QUALITY' }),
  receive('c'),
  command('a', 'assign', { department: 'after-sales', assignee: 'agent-7' }),
  command('b', 'triage', { grade: 'GENERAL', priority: 'P3', isComplex: false }),
  receive('d'),
  {
    method: 'GET',
    setupRequest: (request, context) => ({ ...request, path: `/complaints/${ids(context).a ?? ''}` }),
  },
];

/** The same sequence's shape against a server that answers everything alike (the bare-framework ceiling). */
export const CEILING_REQUESTS: Request[] = MIXED_REQUESTS.map((request) => ({
  method: request.method,
  setupRequest: (r) => ({ ...r, path: '/complaints', body: request.method === 'POST' ? body(0) : undefined }),
}));

export async function runHttpLoad(options: HttpLoadOptions, requests: Request[]): Promise<HttpLoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: { 'content-type': 'application/json', ...options.headers },
    requests,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    timeout: 30,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = count.count ?? 0;
  return {
    requests: result.requests.total,
    okPerSecond: Math.round(result['2xx'] / options.seconds),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latency: {
      p50Ms: round(result.latency.p50),
      p90Ms: round(result.latency.p90),
      p99Ms: round(result.latency.p99),
      maxMs: round(result.latency.max),
    },
    statusCodes,
  };
}
