import { describeEventStoreContract } from '../../../test/contract/event-store.contract';
import {
  KurrentDbEventStore,
  kurrentDbOptionsFromEnv,
  openKurrentDbEventStore,
} from '../src/kurrentdb/kurrentdb-event-store';

/**
 * The shared contract against a real KurrentDB, whenever one is configured:
 *   docker compose -f deploy/kurrentdb/docker-compose.yml up -d
 *   KURRENTDB_CONNECTION_STRING='kurrentdb://localhost:2113?tls=false' npm test -- libs/event-store/test/kurrentdb-event-store.spec.ts
 * Without it only the configuration tests below run; the adapter's logic is
 * unit-tested against a fake client in kurrentdb-mapping.spec.ts.
 */
const configured = kurrentDbOptionsFromEnv();
if (configured) {
  // The contract writes `contract-…` streams; a shared server may hold anything else.
  describeEventStoreContract(
    'KurrentDB',
    async () => openKurrentDbEventStore({ ...configured, streamPrefixes: ['contract-'] }),
    {
      detectsEventIdReuseAcrossStreams: false,
    },
  );
}

describe('KurrentDB adapter configuration', () => {
  it('is off unless KURRENTDB_CONNECTION_STRING is set', () => {
    expect(kurrentDbOptionsFromEnv({})).toBeUndefined();
    expect(kurrentDbOptionsFromEnv({ KURRENTDB_CONNECTION_STRING: '  ' })).toBeUndefined();
  });

  it('reads the connection string and optional comma-separated stream prefixes', () => {
    const connectionString = 'kurrentdb://localhost:2113?tls=false';
    expect(kurrentDbOptionsFromEnv({ KURRENTDB_CONNECTION_STRING: connectionString })).toEqual({ connectionString });
    expect(
      kurrentDbOptionsFromEnv({
        KURRENTDB_CONNECTION_STRING: connectionString,
        KURRENTDB_STREAM_PREFIXES: 'complaint-, appeal-,',
      }),
    ).toEqual({ connectionString, streamPrefixes: ['complaint-', 'appeal-'] });
  });

  it('opens lazily, without contacting the server', async () => {
    const store = openKurrentDbEventStore({ connectionString: 'kurrentdb://localhost:1?tls=false' });
    expect(store).toBeInstanceOf(KurrentDbEventStore);
    await store.close();
  });

  it('rejects a malformed connection string', () => {
    expect(() => openKurrentDbEventStore({ connectionString: 'postgres://localhost' })).toThrow();
  });
});
