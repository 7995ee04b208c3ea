import { LatencyRecorder } from './latency';

/** One kind of list request: its query string, or how to derive it from a first page (cursor paging). */
export interface QueryCase {
  name: string;
  query: string;
  /** Page 2: the case requests `query` once and then times `query&cursor=<its nextCursor>`. */
  secondPage?: boolean;
}

export interface QueryLoad {
  /** Closed-loop clients, each sending its next request when the last one answered. */
  concurrency: number;
  /** Requests per case that warm caches and are not timed. */
  warmupRequests: number;
  secondsPerCase: number;
}

export interface QueryCaseResult {
  name: string;
  path: string;
  requests: number;
  requestsPerSecond: number;
  /** `totals.total` of the answer: how many complaints matched. */
  matched: number;
  itemsPerPage: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

interface ListPage {
  items: unknown[];
  nextCursor: string | null;
  totals: { total: number };
}

/**
 * Times GET /complaints over HTTP, one case after another, each for a fixed
 * time from `concurrency` clients; also returns every latency of every case
 * for an overall summary.
 */
export async function runQueryLoad(
  baseUrl: string,
  cases: readonly QueryCase[],
  load: QueryLoad,
  headers: Record<string, string> = {},
): Promise<{ cases: QueryCaseResult[]; overall: ReturnType<LatencyRecorder['summary']> & { requests: number } }> {
  const overall = new LatencyRecorder();
  const results: QueryCaseResult[] = [];
  for (const queryCase of cases) {
    const path = await pathOf(baseUrl, queryCase, headers);
    const first = await getPage(baseUrl, path, headers);
    for (let i = 1; i < load.warmupRequests; i++) await getPage(baseUrl, path, headers);

    const latencies = new LatencyRecorder();
    const until = performance.now() + load.secondsPerCase * 1000;
    const client = async () => {
      while (performance.now() < until) {
        const started = performance.now();
        await getPage(baseUrl, path, headers);
        const elapsed = performance.now() - started;
        latencies.record(elapsed);
        overall.record(elapsed);
      }
    };
    await Promise.all(Array.from({ length: load.concurrency }, client));
    results.push({
      name: queryCase.name,
      path,
      requests: latencies.count,
      requestsPerSecond: Math.round(latencies.count / load.secondsPerCase),
      matched: first.totals.total,
      itemsPerPage: first.items.length,
      ...latencies.summary(),
    });
    const summary = latencies.summary();
    console.log(
      `    ${queryCase.name}: p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms (${latencies.count} requests)`,
    );
  }
  return { cases: results, overall: { requests: overall.count, ...overall.summary() } };
}

async function pathOf(baseUrl: string, queryCase: QueryCase, headers: Record<string, string>): Promise<string> {
  const path = `/complaints?${queryCase.query}`;
  if (!queryCase.secondPage) return path;
  const first = await getPage(baseUrl, path, headers);
  if (first.nextCursor === null) throw new Error(`${queryCase.name}: the first page is the last, no cursor to follow`);
  return `${path}&cursor=${first.nextCursor}`;
}

async function getPage(baseUrl: string, path: string, headers: Record<string, string>): Promise<ListPage> {
  const response = await fetch(`${baseUrl}${path}`, { headers });
  const body = (await response.json()) as ListPage;
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}
