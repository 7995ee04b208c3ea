import { createServer, type Server, type Socket } from 'node:net';
import { KafkaEventPublisher, loadPublisherConfig } from '@redress/publishing';
import { openProjectionFixture } from '../../projections/test/projection-fixture';
import { abandonOnAbort } from '../src/backoff';

/** A "broker" that accepts connections and never answers, like one whose coordinators are still loading. */
async function silentBroker(): Promise<{ address: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('stopping the publisher', () => {
  it('does not wait out kafkajs retries against a broker that never answers', async () => {
    const broker = await silentBroker();
    const fx = await openProjectionFixture();
    try {
      const config = loadPublisherConfig({ KAFKA_BROKERS: broker.address, KAFKA_CLIENT_ID: 'stop-test' });
      const publisher = new KafkaEventPublisher(fx.store, fx.client, config, { log: () => undefined });
      await publisher.start();
      await new Promise((resolve) => setTimeout(resolve, 500)); // its first metadata request is now pending
      expect(await publisher.health()).toMatchObject({
        healthy: false,
        lastError: null,
        reason: 'connecting to Kafka; nothing published in this session yet',
      });

      // kafkajs alone would wait 30 s per request, with retries; a stop must come back long before.
      const stopped = publisher.stop().then(() => 'stopped');
      const gaveUp = new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting'));
      expect(await Promise.race([stopped, gaveUp])).toBe('stopped');
      expect(await publisher.health()).toMatchObject({ state: 'stopped', reason: 'the publisher is stopped' });
    } finally {
      await broker.close();
      await fx.client.close();
    }
  }, 60_000);
});

describe('abandonOnAbort', () => {
  it('settles as the work does while not aborted', async () => {
    const signal = new AbortController().signal;
    await expect(abandonOnAbort(Promise.resolve(7), signal, () => new Error('stopped'))).resolves.toBe(7);
    await expect(abandonOnAbort(Promise.reject(new Error('boom')), signal, () => new Error('stopped'))).rejects.toThrow(
      'boom',
    );
  });

  it('rejects with the abort error at once, whether the signal aborts before or during the work', async () => {
    const never = new Promise<number>(() => undefined);
    const aborted = new AbortController();
    aborted.abort();
    await expect(abandonOnAbort(never, aborted.signal, () => new Error('stopped'))).rejects.toThrow('stopped');

    const later = new AbortController();
    const pending = abandonOnAbort(never, later.signal, () => new Error('stopped later'));
    later.abort();
    await expect(pending).rejects.toThrow('stopped later');
  });
});
