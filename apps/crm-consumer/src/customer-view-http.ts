import { createServer, type Server } from 'node:http';
import type { CustomerViewStore } from './customer-view-store';

/** GET /customers (ids) and GET /customers/:id (the view), read-only JSON. */
export function serveCustomerView(store: CustomerViewStore): Server {
  return createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const customer = /^\/customers\/([^/]+)$/.exec(path);
    const answer =
      request.method !== 'GET'
        ? Promise.resolve<[number, unknown]>([405, { message: 'read-only' }])
        : path === '/customers'
          ? store.customerIds().then((ids): [number, unknown] => [200, ids])
          : customer
            ? store
                .customer(decodeURIComponent(customer[1]))
                .then((view): [number, unknown] => (view ? [200, view] : [404, { message: 'unknown customer' }]))
            : Promise.resolve<[number, unknown]>([404, { message: 'not found' }]);
    answer.then(
      ([status, body]) => reply(status, body),
      (error: unknown) => reply(500, { message: (error as Error).message }),
    );
  });
}
