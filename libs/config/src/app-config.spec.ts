import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to port 3000 on all interfaces with the embedded store in ./data', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      logLevel: 'log',
      eventStore: { kind: 'embedded', dataDir: resolve('./data') },
    });
  });

  it('reads every setting from the environment', () => {
    expect(loadConfig({ PORT: '8080', HOST: '127.0.0.1', LOG_LEVEL: 'debug', DATA_DIR: '/var/lib/redress' })).toEqual({
      port: 8080,
      host: '127.0.0.1',
      logLevel: 'debug',
      eventStore: { kind: 'embedded', dataDir: '/var/lib/redress' },
    });
  });

  it('reports every bad setting at once, naming each', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', LOG_LEVEL: 'loud', EVENT_STORE: 'mongo', HOST: ' ' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be a port number 0-65535, not "70000"',
      'HOST must not be empty',
      'LOG_LEVEL must be one of error, warn, log, debug, verbose, not "loud"',
      'EVENT_STORE must be one of embedded, not "mongo"',
    ]);
  });
});
