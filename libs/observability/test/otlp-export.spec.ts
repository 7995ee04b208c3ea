import { createServer, type Server } from 'node:http';
import { context } from '@opentelemetry/api';
import { contextFromHeaders, inSpan, startTracing, type OtlpProtocol } from '../src';

interface Received {
  path: string;
  contentType: string | undefined;
  body: Buffer;
}

/** A stand-in OTLP/HTTP receiver on the loopback interface that keeps what it is sent. */
async function otlpReceiver(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks),
      });
      // An empty ExportTraceServiceResponse is a full success in either encoding.
      response.writeHead(200, { 'content-type': request.headers['content-type'] ?? 'application/json' });
      response.end(request.headers['content-type'] === 'application/json' ? '{}' : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

/** Records one span in the caller's trace, exports it over `protocol`, and returns what the receiver got. */
async function exportOneSpan(protocol: OtlpProtocol): Promise<Received[]> {
  const receiver = await otlpReceiver();
  const tracing = startTracing({
    enabled: true,
    serviceName: 'redress-export-test',
    otlp: { url: receiver.url, protocol },
  });
  try {
    expect(tracing.recording).toBe(true);
    const caller = contextFromHeaders({ traceparent: `00-${CALLER_TRACE_ID}-00f067aa0ba902b7-01` });
    await context.with(caller, () => inSpan('command ClassifyComplaint', {}, async () => undefined));
    await tracing.forceFlush();
    return receiver.received;
  } finally {
    await tracing.shutdown();
    await receiver.close();
  }
}

describe('OTLP/HTTP export', () => {
  it('sends the spans as OTLP JSON to the configured URL, with the service name', async () => {
    const [request, ...more] = await exportOneSpan('http/json');
    expect(more).toEqual([]);
    expect(request).toMatchObject({ path: '/v1/traces', contentType: 'application/json' });
    const { resourceSpans } = JSON.parse(request.body.toString('utf8'));
    expect(resourceSpans[0].resource.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'redress-export-test' },
    });
    const [span] = resourceSpans[0].scopeSpans[0].spans;
    expect(span).toMatchObject({
      name: 'command ClassifyComplaint',
      traceId: CALLER_TRACE_ID,
      parentSpanId: '00f067aa0ba902b7',
    });
    expect(resourceSpans[0].scopeSpans[0].scope.name).toBe('redress');
  });

  it('reports an export that fails instead of failing, and still shuts down', async () => {
    const receiver = await otlpReceiver();
    await receiver.close(); // nothing listens on its port any more
    const errors: unknown[] = [];
    const tracing = startTracing(
      { enabled: true, serviceName: 'redress-export-test', otlp: { url: receiver.url, protocol: 'http/json' } },
      { onError: (error) => errors.push(error) },
    );
    await inSpan('command ClassifyComplaint', {}, async () => undefined);
    await expect(tracing.shutdown()).resolves.toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
    expect(String(errors[0])).toMatch(/ECONNREFUSED/);
  }, 60_000);

  it('sends them as OTLP protobuf, the default encoding', async () => {
    const [request] = await exportOneSpan('http/protobuf');
    expect(request).toMatchObject({ path: '/v1/traces', contentType: 'application/x-protobuf' });
    // Protobuf carries ids as raw bytes and strings as UTF-8: both are in the message as they are.
    expect(request.body.includes(Buffer.from(CALLER_TRACE_ID, 'hex'))).toBe(true);
    expect(request.body.includes(Buffer.from('command ClassifyComplaint'))).toBe(true);
    expect(request.body.includes(Buffer.from('redress-export-test'))).toBe(true);
  });
});
