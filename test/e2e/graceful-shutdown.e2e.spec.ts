import { request } from 'node:http';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

const IN_FLIGHT = 60;

type Outcome = { status: number; id?: string; replayed: boolean } | { refused: string };

describe('graceful shutdown', () => {
  it('drains the commands in flight when it stops: each is answered and stored, none is cut off half-way', async () => {
    const api = await ApiHarness.start();
    try {
      // A connection of its own per request (no agent), so each is in flight on its own socket when the close begins.
      const post = (i: number, body: string, url = new URL(api.url)) =>
        new Promise<Outcome>((resolve) => {
          const outgoing = request(
            {
              host: url.hostname,
              port: url.port,
              path: '/complaints',
              method: 'POST',
              agent: false,
              headers: { 'content-type': 'application/json', 'idempotency-key': `drain-${i}`, ...api.credentials },
            },
            (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString()));
              response.on('end', () =>
                resolve({
                  status: response.statusCode ?? 0,
                  id: JSON.parse(text).id,
                  replayed: response.headers['idempotent-replayed'] === 'true',
                }),
              );
              response.on('error', (error: NodeJS.ErrnoException) => resolve({ refused: error.code ?? String(error) }));
            },
          );
          // The listener had closed before this request reached it: refused, or reset before any answer.
          outgoing.on('error', (error: NodeJS.ErrnoException) => resolve({ refused: error.code ?? String(error) }));
          outgoing.end(body);
        });
      const send = (i: number) =>
        post(i, JSON.stringify(receiveBody({ content: `Complaint ${i} sent while the API stops` })));
      const requests = Array.from({ length: IN_FLIGHT }, (_, i) => send(i));
      // Stop the application under them as soon as the first is answered: the others are in flight or queued.
      await Promise.race(requests);
      await api.stopApi();
      const outcomes = await Promise.all(requests);

      const answered = outcomes.filter((o): o is Extract<Outcome, { status: number }> => 'status' in o);
      const stored = answered.filter((o) => o.status === 201);
      // Answered means finished: accepted and stored (201), or turned away whole by the closing server (503).
      expect(answered.filter((o) => o.status !== 201 && o.status !== 503)).toEqual([]);
      expect(stored.length).toBeGreaterThan(0);
      const refused = outcomes.filter((o): o is { refused: string } => 'refused' in o);
      expect(refused.filter((o) => !['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(o.refused))).toEqual([]);

      await api.open();
      for (const { id } of stored) {
        const complaint = await api.get(`/complaints/${id}`);
        expect(complaint.status).toBe(200);
        expect(complaint.body.revision).toBe(0);
      }
      // A request without an answer was refused whole or never started: its retry (same key) is new, not a replay
      // of work the server did without answering.
      const unanswered = outcomes.flatMap((o, i) => ('refused' in o || o.status === 503 ? [i] : []));
      for (const i of unanswered) {
        const retried = await post(
          i,
          JSON.stringify(receiveBody({ content: `Complaint ${i} sent while the API stops` })),
        );
        expect(retried).toMatchObject({ status: 201, replayed: false });
      }
    } finally {
      await api.dispose();
    }
  });
});
