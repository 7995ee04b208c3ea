import { createServer, type Server } from 'node:http';

export interface HealthReport {
  healthy: boolean;
}

/**
 * GET /health for a worker process without an HTTP API of its own (the
 * publisher, the background worker): 200 when healthy, 503 otherwise, and the
 * report as JSON either way, so probes and operators read the same thing.
 */
export function serveHealth(
  port: number,
  host: string,
  report: () => Promise<HealthReport>,
  onListening: (port: number) => void,
): Server {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/health') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'NOT_FOUND', message: 'only GET /health is served here' }));
      return;
    }
    report().then(
      (state) => {
        response.writeHead(state.healthy ? 200 : 503, { 'content-type': 'application/json' });
        response.end(JSON.stringify(state));
      },
      (error: unknown) => {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ healthy: false, reason: error instanceof Error ? error.message : String(error) }),
        );
      },
    );
  });
  server.listen(port, host, () => {
    const address = server.address();
    onListening(typeof address === 'object' && address ? address.port : port);
  });
  return server;
}
