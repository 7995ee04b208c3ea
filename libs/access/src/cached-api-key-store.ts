import type { ApiKeyRecord, ApiKeyStore } from './api-key-store';

export interface ApiKeyCacheOptions {
  /** How long a looked-up key stays trusted without asking the store again; 0 turns the cache off. */
  ttlMs: number;
  /** Entries kept at most (oldest dropped first), so a flood of distinct key ids cannot grow memory. */
  maxEntries: number;
  now?: () => number;
}

interface CachedLookup {
  record: ApiKeyRecord | undefined;
  expiresAt: number;
}

/**
 * Every request presents a key, and looking it up in the database was one
 * of the two queries of an average request. This keeps lookups (found or
 * not) for a few seconds. The price: a key revoked by another process (the
 * CLI, another API replica) still works here until its entry expires; one
 * revoked through this store stops at once. The secret is still checked
 * against the cached hash on every request (ApiKeys.check), so the cache
 * never vouches for a key by its id alone.
 */
export class CachedApiKeyStore implements ApiKeyStore {
  private readonly lookups = new Map<string, CachedLookup>();
  private readonly now: () => number;

  constructor(
    private readonly store: ApiKeyStore,
    private readonly options: ApiKeyCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async find(id: string): Promise<ApiKeyRecord | undefined> {
    const cached = this.lookups.get(id);
    if (cached && cached.expiresAt > this.now()) return cached.record;
    const record = await this.store.find(id);
    this.remember(id, record);
    return record;
  }

  async add(record: ApiKeyRecord): Promise<void> {
    await this.store.add(record);
    this.lookups.delete(record.id);
  }

  async addFirst(record: ApiKeyRecord): Promise<boolean> {
    const added = await this.store.addFirst(record);
    this.lookups.delete(record.id);
    return added;
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.list();
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord | undefined> {
    const record = await this.store.revoke(id, at);
    this.lookups.delete(id);
    return record;
  }

  private remember(id: string, record: ApiKeyRecord | undefined): void {
    if (this.options.ttlMs <= 0) return;
    // Re-inserting moves the id to the end, so the first key of the map is always the oldest entry.
    this.lookups.delete(id);
    this.lookups.set(id, { record, expiresAt: this.now() + this.options.ttlMs });
    if (this.lookups.size > this.options.maxEntries) this.lookups.delete(this.lookups.keys().next().value!);
  }
}
