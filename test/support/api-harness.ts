import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig, EventStoreConfig } from '@redress/config';
import { loadPublisherConfig } from '@redress/publishing';
import { SHIPPED_POLICY_SELECTION_FILE } from '@redress/sla';
import { createApiApp, type ApiAppOptions } from '../../apps/api/src/bootstrap';

export interface ApiResponse<Body = any> {
  status: number;
  headers: Headers;
  body: Body;
}

/**
 * A real API process on a loopback port over a fresh embedded store, driven
 * over HTTP with fetch exactly as a client would.
 */
export class ApiHarness {
  private app: NestFastifyApplication | undefined;
  private baseUrl = '';

  private constructor(
    readonly dataDir: string,
    private readonly eventStore: EventStoreConfig,
    private readonly overrides: Partial<AppConfig>,
    private readonly appOptions: ApiAppOptions,
  ) {}

  /** Starts on a fresh embedded store, or on the given store configuration. */
  static async start(
    eventStore?: EventStoreConfig,
    overrides: Partial<AppConfig> = {},
    appOptions: ApiAppOptions = {},
  ): Promise<ApiHarness> {
    const dataDir = await mkdtemp(join(tmpdir(), 'redress-api-'));
    const harness = new ApiHarness(dataDir, eventStore ?? { kind: 'embedded', dataDir }, overrides, appOptions);
    await harness.open();
    return harness;
  }

  /** Starts the API on this harness's data directory (again, after `stopApi`). */
  async open(): Promise<void> {
    this.app = await createApiApp(
      {
        port: 0,
        host: '127.0.0.1',
        logLevel: 'error',
        readinessMaxProjectionLag: 10_000,
        // Tests share a loaded machine: shed only on a truly stuck event loop unless a test asks otherwise.
        overload: { maxEventLoopDelayMs: 5_000, maxEventLoopUtilization: 1, sampleIntervalMs: 100 },
        publishing: { inProcess: false, publisher: loadPublisherConfig({}) },
        sla: { policySelectionFile: SHIPPED_POLICY_SELECTION_FILE, alertTimer: true },
        // What main would read from an environment without OTEL_* variables; a test that traces starts tracing itself.
        tracing: { enabled: true, serviceName: 'redress-api', otlp: null },
        reporting: { satisfaction: {}, kpis: {} },
        ...this.overrides,
        eventStore: this.eventStore,
      },
      this.appOptions,
    );
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    this.baseUrl = await this.app.getUrl();
  }

  /** Where the API listens, e.g. for a request `request` cannot make (a body streamed in pieces). */
  get url(): string {
    return this.baseUrl;
  }

  async stopApi(): Promise<void> {
    await this.app?.close();
    this.app = undefined;
  }

  async dispose(): Promise<void> {
    await this.stopApi();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  async request<Body = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<Body>> {
    const raw = typeof body === 'string' || body === undefined || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: raw === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: raw,
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON; keep the text for the assertion message.
    }
    return { status: response.status, headers: response.headers, body: parsed as Body };
  }

  post<Body = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<Body>('POST', path, body, headers);
  }

  get<Body = any>(path: string, headers?: Record<string, string>) {
    return this.request<Body>('GET', path, undefined, headers);
  }
}
