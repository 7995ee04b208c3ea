import { connect, type Socket } from 'node:net';
import type { WireRequest } from './requests';
import { WireReader, WireWriter } from './wire-codec';

interface Pending {
  resolve(response: WireReader): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * One TCP connection to one broker: size-prefixed requests (header v1) and
 * responses (header v0) matched by correlation id. Any failure — a socket
 * error, the broker closing, a request timing out — ends the connection and
 * fails every request waiting on it; the producer then opens a new one, so a
 * late response can never be taken for another request's.
 */
export class BrokerConnection {
  private readonly pending = new Map<number, Pending>();
  private nextCorrelationId = 1;
  private received: Buffer = Buffer.alloc(0);
  private failure: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly clientId: string,
    private readonly requestTimeoutMs: number,
    readonly address: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error(`connection to Kafka broker ${address} closed`)));
  }

  static open(
    host: string,
    port: number,
    options: { clientId: string; connectionTimeoutMs: number; requestTimeoutMs: number },
  ): Promise<BrokerConnection> {
    const address = `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connection to Kafka broker ${address} timed out after ${options.connectionTimeoutMs} ms`));
      }, options.connectionTimeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to Kafka broker ${address}: ${error.message}`, { cause: error }));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new BrokerConnection(socket, options.clientId, options.requestTimeoutMs, address));
      });
    });
  }

  get usable(): boolean {
    return this.failure === undefined;
  }

  send<T>(request: WireRequest<T>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId++;
    const header = new WireWriter(64)
      .int32(0) // size, filled in below
      .int16(request.apiKey)
      .int16(request.apiVersion)
      .int32(correlationId)
      .string(this.clientId)
      .toBuffer();
    header.writeInt32BE(header.length - 4 + request.body.length, 0);
    return new Promise<WireReader>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          this.fail(
            new Error(`Kafka ${request.apiName} to ${this.address} timed out after ${this.requestTimeoutMs} ms`),
          ),
        this.requestTimeoutMs,
      );
      this.pending.set(correlationId, { resolve, reject, timer });
      this.socket.cork();
      this.socket.write(header);
      this.socket.write(request.body);
      this.socket.uncork();
    }).then((response) => request.decode(response));
  }

  close(): void {
    this.fail(new Error(`connection to Kafka broker ${this.address} closed by the producer`));
  }

  private receive(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    while (this.received.length >= 4) {
      const size = this.received.readInt32BE(0);
      if (this.received.length < 4 + size) return;
      const frame = this.received.subarray(4, 4 + size);
      this.received = this.received.subarray(4 + size);
      const correlationId = frame.readInt32BE(0);
      const pending = this.pending.get(correlationId);
      if (!pending) {
        this.fail(new Error(`Kafka broker ${this.address} answered an unknown request (${correlationId})`));
        return;
      }
      this.pending.delete(correlationId);
      clearTimeout(pending.timer);
      pending.resolve(new WireReader(frame.subarray(4)));
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.socket.destroy();
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(this.failure);
    }
    this.pending.clear();
  }
}
