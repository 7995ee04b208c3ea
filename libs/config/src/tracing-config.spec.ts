import { problemsOf } from '../test/problems-of';
import { ConfigError, loadConfig } from './app-config';
import { loadTracingConfig } from './tracing-config';

describe('tracing configuration', () => {
  it('exports nothing without an endpoint, and names the API service by default', () => {
    expect(loadConfig({}).tracing).toEqual({ enabled: true, serviceName: 'redress-api', otlp: null });
  });

  it('sends spans to <base>/v1/traces of OTEL_EXPORTER_OTLP_ENDPOINT over protobuf by default', () => {
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'complaints' }).tracing,
    ).toEqual({
      enabled: true,
      serviceName: 'complaints',
      otlp: { url: 'http://collector:4318/v1/traces', protocol: 'http/protobuf' },
    });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com/ingest/' }).tracing.otlp?.url).toBe(
      'https://otel.example.com/ingest/v1/traces',
    );
  });

  it('takes the traces endpoint and protocol as given, over the general ones', () => {
    const tracing = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9999/custom/path',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    }).tracing;
    expect(tracing.otlp).toEqual({ url: 'http://127.0.0.1:9999/custom/path', protocol: 'http/json' });
  });

  it('exports nothing with OTEL_TRACES_EXPORTER=none, and turns everything off with OTEL_SDK_DISABLED', () => {
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing.otlp,
    ).toBeNull();
    expect(loadConfig({ OTEL_SDK_DISABLED: 'TRUE' }).tracing.enabled).toBe(false);
    // Empty means unset, as the OpenTelemetry specification says.
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_SDK_DISABLED: '' }).tracing).toEqual(
      loadConfig({}).tracing,
    );
  });

  it('refuses a bad URL, protocol or switch with a message naming the variable', () => {
    expect(
      problemsOf({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_SDK_DISABLED: 'yes',
        OTEL_TRACES_EXPORTER: 'jaeger',
      }),
    ).toEqual([
      'OTEL_SDK_DISABLED must be true or false, not "yes"',
      'OTEL_TRACES_EXPORTER must be otlp or none, not "jaeger"',
      'OTEL_EXPORTER_OTLP_PROTOCOL must be one of http/protobuf, http/json (gRPC is not supported), not "grpc"',
      'OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:4318, not "collector:4318"',
    ]);
    expect(problemsOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector/v1/traces' })).toEqual([
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an absolute http:// or https:// URL, e.g. http://127.0.0.1:4318, not "ftp://collector/v1/traces"',
    ]);
  });

  it('loads alone for a process with its own service name', () => {
    expect(loadTracingConfig({}, 'redress-publisher').serviceName).toBe('redress-publisher');
    expect(() => loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'nope' }, 'redress-publisher')).toThrow(ConfigError);
  });
});
