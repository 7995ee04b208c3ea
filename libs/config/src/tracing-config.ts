import { OTLP_PROTOCOLS, type OtlpProtocol, type TracingConfig } from '@redress/observability';
import { ConfigError } from './app-config';

/** Where OTLP/HTTP receivers take traces under a base endpoint (OpenTelemetry exporter specification). */
const TRACES_PATH = 'v1/traces';

/**
 * Reads the standard OpenTelemetry variables this process honours, adding a
 * line to `problems` for each bad one:
 *
 * | variable                              | meaning                                                                 |
 * | ------------------------------------- | ----------------------------------------------------------------------- |
 * | `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`  | full URL spans are sent to, used as is                                  |
 * | `OTEL_EXPORTER_OTLP_ENDPOINT`         | base URL; spans go to `<base>/v1/traces`                                |
 * | `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL`| `http/protobuf` (default) or `http/json`                                |
 * | `OTEL_SERVICE_NAME`                   | `service.name` (default: the process's own, e.g. `redress-api`)         |
 * | `OTEL_TRACES_EXPORTER`                | `otlp` (default) or `none`                                              |
 * | `OTEL_SDK_DISABLED`                   | `true` turns tracing off entirely, trace-context propagation included   |
 *
 * Without an endpoint nothing is exported. An empty variable counts as unset,
 * as the specification says.
 */
export function readTracingConfig(
  env: NodeJS.ProcessEnv,
  defaultServiceName: string,
  problems: string[],
): TracingConfig {
  const setting = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };

  const disabled = (setting('OTEL_SDK_DISABLED') ?? 'false').toLowerCase();
  if (!['true', 'false'].includes(disabled))
    problems.push(`OTEL_SDK_DISABLED must be true or false, not "${disabled}"`);

  const serviceName = setting('OTEL_SERVICE_NAME') ?? defaultServiceName;

  const exporter = setting('OTEL_TRACES_EXPORTER') ?? 'otlp';
  if (!['otlp', 'none'].includes(exporter)) {
    problems.push(`OTEL_TRACES_EXPORTER must be otlp or none, not "${exporter}"`);
  }

  const protocolVariable = setting('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL')
    ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
    : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = setting(protocolVariable) ?? 'http/protobuf';
  if (!(OTLP_PROTOCOLS as readonly string[]).includes(protocol)) {
    problems.push(
      `${protocolVariable} must be one of ${OTLP_PROTOCOLS.join(', ')} (gRPC is not supported), not "${protocol}"`,
    );
  }

  const url = tracesUrl(
    setting('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
    setting('OTEL_EXPORTER_OTLP_ENDPOINT'),
    problems,
  );
  return {
    enabled: disabled !== 'true',
    serviceName,
    otlp: url !== undefined && exporter === 'otlp' ? { url, protocol: protocol as OtlpProtocol } : null,
  };
}

function tracesUrl(tracesEndpoint: string | undefined, baseEndpoint: string | undefined, problems: string[]) {
  if (tracesEndpoint !== undefined) {
    return httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', tracesEndpoint, problems)?.href;
  }
  if (baseEndpoint === undefined) return undefined;
  const base = httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', baseEndpoint, problems);
  if (!base) return undefined;
  return new URL(TRACES_PATH, base.href.endsWith('/') ? base.href : `${base.href}/`).href;
}

function httpUrl(name: string, text: string, problems: string[]): URL | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    problems.push(`${name} must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:4318, not "${text}"`);
    return undefined;
  }
  return url;
}

/** The tracing settings alone, for a process that needs no other part of the API's configuration. */
export function loadTracingConfig(env: NodeJS.ProcessEnv, defaultServiceName: string): TracingConfig {
  const problems: string[] = [];
  const config = readTracingConfig(env, defaultServiceName, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
