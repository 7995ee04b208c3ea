export {
  KurrentDbEventStore,
  openKurrentDbEventStore,
  kurrentDbOptionsFromEnv,
  DEFAULT_STREAM_PREFIXES,
  type KurrentDbClient,
  type KurrentDbEventStoreOptions,
  type OpenKurrentDbEventStoreOptions,
} from './kurrentdb-event-store';
export { DEFAULT_RESUBSCRIBE_BACKOFF, type ResubscribeBackoff } from './kurrentdb-subscription';
