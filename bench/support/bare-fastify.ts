import Fastify from 'fastify';

/**
 * The framework ceiling: a bare Fastify server whose one route parses the
 * JSON body and answers a small JSON document, doing nothing else. Run as a
 * process of its own (PORT), it shows what this machine's HTTP stack can
 * carry before any of Redress's work.
 */
async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.post('/*', async () => ({ ok: true }));
  app.get('/*', async () => ({ ok: true }));
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  console.log(`bare Fastify listening on ${JSON.stringify(app.server.address())}`);
}

void main();
