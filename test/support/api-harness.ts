import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeys, type AccessRole } from '@redress/access';
import type { AppConfig, EventStoreConfig } from '@redress/config';
import { loadPublisherConfig } from '@redress/publishing';
import { SHIPPED_POLICY_SELECTION_FILE } from '@redress/sla';
import { createApiApp, type ApiAppOptions } from '../../apps/api/src/bootstrap';

export interface ApiResponse<Body = any> {
  status: number;
  headers: Headers;
  body: Body;
}

/** An API key made for a test: its id (for revocation), the key, and the header that sends it. */
export interface TestApiKey {
  id: string;
  key: string;
  headers: Record<string, string>;
}

/** Whether the caller chose credentials of its own for a request (then the harness's admin key is not added). */
function hasCredentials(headers: Record<string, string>): boolean {
  return Object.keys(headers).some((name) => ['authorization', 'x-api-key'].includes(name.toLowerCase()));
}

/** Requests to the API over HTTP with fetch, as a client with some credentials (or none). */
export abstract class ApiClient {
  /** Where the API listens. */
  abstract get url(): string;
  /** The credential headers every request of this client carries unless it sends its own. */
  protected abstract get defaultCredentials(): Record<string, string>;

  async request<Body = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<Body>> {
    const raw = typeof body === 'string' || body === undefined || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const sent = hasCredentials(headers) ? headers : { ...this.defaultCredentials, ...headers };
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: raw === undefined ? sent : { 'content-type': 'application/json', ...sent },
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

function isTestApiKey(value: Record<string, string> | TestApiKey): value is TestApiKey {
  return typeof value.headers === 'object';
}

/** A client of a harness's API with credentials of its own. */
class CredentialedClient extends ApiClient {
  constructor(
    private readonly api: { readonly url: string },
    private readonly headers: Record<string, string>,
  ) {
    super();
  }

  get url(): string {
    return this.api.url;
  }

  protected get defaultCredentials(): Record<string, string> {
    return this.headers;
  }
}

/**
 * A real API process on a loopback port over a fresh embedded store, driven
 * over HTTP with fetch exactly as a client would. Every request carries an
 * admin API key the harness created, unless it sends credentials of its own;
 * `as` and `anonymous` make clients with other credentials or none.
 */
export class ApiHarness extends ApiClient {
  private app: NestFastifyApplication | undefined;
  private baseUrl = '';
  private adminKey = '';

  private constructor(
    readonly dataDir: string,
    private readonly eventStore: EventStoreConfig,
    private readonly overrides: Partial<AppConfig>,
    private readonly appOptions: ApiAppOptions,
  ) {
    super();
  }

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
        projections: { placement: 'here' },
        // What main would read from an environment without OTEL_* variables; a test that traces starts tracing itself.
        tracing: { enabled: true, serviceName: 'redress-api', otlp: null },
        reporting: { satisfaction: {}, kpis: {} },
        // The harness makes its own admin key (below); the first-start key is for tests of the first start.
        auth: { firstStartAdminKey: false, apiKeyCacheSeconds: 5, jwt: null },
        ...this.overrides,
        eventStore: this.eventStore,
      },
      this.appOptions,
    );
    await this.app.listen({ port: 0, host: '127.0.0.1' });
    this.baseUrl = await this.app.getUrl();
    // Kept across restarts on the same store; made again when the store was in memory.
    const keys = this.app.get(ApiKeys);
    if (!this.adminKey || !(await keys.check(this.adminKey)).ok) {
      this.adminKey = (await keys.issue({ role: 'admin', name: 'test harness admin' })).key;
    }
  }

  /** The headers of the harness's admin key, for requests made without the harness (a raw fetch or http.request). */
  get credentials(): Record<string, string> {
    return { 'x-api-key': this.adminKey };
  }

  /** Issues an API key in the running API's key store. */
  async createKey(role: AccessRole, options: { department?: string; name?: string } = {}): Promise<TestApiKey> {
    if (!this.app) throw new Error('the API is not running');
    const { key, record } = await this.app.get(ApiKeys).issue({ role, ...options });
    return { id: record.id, key, headers: { 'x-api-key': key } };
  }

  protected get defaultCredentials(): Record<string, string> {
    return this.credentials;
  }

  /** Revokes an API key of the running API's key store. */
  async revokeKey(id: string): Promise<void> {
    if (!this.app) throw new Error('the API is not running');
    await this.app.get(ApiKeys).revoke(id);
  }

  /** A client sending these credential headers (or this key's) instead of the admin key. */
  as(credentials: Record<string, string> | TestApiKey): ApiClient {
    const headers = isTestApiKey(credentials) ? credentials.headers : credentials;
    return new CredentialedClient(this, headers);
  }

  /** A client without any credentials. */
  get anonymous(): ApiClient {
    return this.as({});
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
}
