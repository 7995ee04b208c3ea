import type { AccessRole } from './principal';

/** An API key as stored: never the key itself, only the SHA-256 of its secret part. */
export interface ApiKeyRecord {
  /** Public identifier, also the first part of the key; how `keys revoke` names it. */
  id: string;
  name: string;
  role: AccessRole;
  department: string | null;
  /** Hex SHA-256 of the key's secret part. */
  secretHash: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Where API keys are kept: the port; `SqlApiKeyStore` is the adapter for the embedded store and PostgreSQL. */
export interface ApiKeyStore {
  add(record: ApiKeyRecord): Promise<void>;
  /**
   * Adds the record only when the store holds no key at all (revoked ones count), atomically even with several
   * processes starting at once; true when it was added.
   */
  addFirst(record: ApiKeyRecord): Promise<boolean>;
  find(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Marks the key revoked at `at` (keeping an earlier revocation's instant); undefined for an unknown id. */
  revoke(id: string, at: string): Promise<ApiKeyRecord | undefined>;
}
