import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store';
import { DEPARTMENT_NAME, DEPARTMENT_SCOPED_ROLES, isAccessRole, ACCESS_ROLES, type Principal } from './principal';

/**
 * `rdk_<id>_<secret>`: the id (16 hex) finds the record, the secret (32
 * random bytes, base64url) proves possession. 256 bits of entropy make a
 * plain SHA-256 of the secret safe to store; a slow password hash would only
 * slow every request down.
 */
const KEY_FORMAT = /^rdk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const KEY_NAME = /^[\x20-\x7e]{1,100}$/;

export interface ApiKeyRequest {
  role: string;
  department?: string | null;
  name?: string;
}

/** A new key: `key` is shown once and never stored. */
export interface IssuedApiKey {
  key: string;
  record: ApiKeyRecord;
}

export type ApiKeyCheck =
  { ok: true; principal: Principal } | { ok: false; reason: 'malformed' | 'unknown' | 'revoked' };

/** A key request that cannot be honoured; names the field. */
export class ApiKeyRequestError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field} ${reason}`);
    this.name = 'ApiKeyRequestError';
  }
}

export class UnknownApiKeyError extends Error {
  constructor(readonly id: string) {
    super(`no API key has the id "${id}"`);
    this.name = 'UnknownApiKeyError';
  }
}

/** Issues, checks, lists and revokes API keys over a key store. */
export class ApiKeys {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(request: ApiKeyRequest): Promise<IssuedApiKey> {
    const issued = this.newKey(request);
    await this.store.add(issued.record);
    return issued;
  }

  /** An admin key, but only when no key was ever issued (first start); undefined otherwise. */
  async issueFirstAdminKey(): Promise<IssuedApiKey | undefined> {
    const issued = this.newKey({ role: 'admin', name: 'first-start admin' });
    return (await this.store.addFirst(issued.record)) ? issued : undefined;
  }

  async check(presented: string): Promise<ApiKeyCheck> {
    const match = KEY_FORMAT.exec(presented);
    if (!match) return { ok: false, reason: 'malformed' };
    const record = await this.store.find(match[1]);
    if (!record) return { ok: false, reason: 'unknown' };
    const presentedHash = createHash('sha256').update(match[2]).digest();
    if (!timingSafeEqual(presentedHash, Buffer.from(record.secretHash, 'hex'))) return { ok: false, reason: 'unknown' };
    if (record.revokedAt !== null) return { ok: false, reason: 'revoked' };
    return {
      ok: true,
      principal: { id: `key:${record.id}`, role: record.role, department: record.department, via: 'api-key' },
    };
  }

  async revoke(id: string): Promise<ApiKeyRecord> {
    const record = await this.store.revoke(id, this.now().toISOString());
    if (!record) throw new UnknownApiKeyError(id);
    return record;
  }

  list(): Promise<ApiKeyRecord[]> {
    return this.store.list();
  }

  private newKey(request: ApiKeyRequest): IssuedApiKey {
    const { role } = request;
    if (!isAccessRole(role)) throw new ApiKeyRequestError('role', `must be one of ${ACCESS_ROLES.join(', ')}`);
    const department = request.department ?? null;
    const scoped = DEPARTMENT_SCOPED_ROLES.includes(role);
    if (scoped && department === null) throw new ApiKeyRequestError('department', `is required for the ${role} role`);
    if (!scoped && department !== null) {
      throw new ApiKeyRequestError('department', `applies only to ${DEPARTMENT_SCOPED_ROLES.join(' and ')} keys`);
    }
    if (department !== null && !DEPARTMENT_NAME.test(department)) {
      throw new ApiKeyRequestError('department', 'must be 1-120 visible ASCII characters');
    }
    const name = request.name ?? (department === null ? role : `${role} ${department}`);
    if (!KEY_NAME.test(name)) throw new ApiKeyRequestError('name', 'must be 1-100 printable ASCII characters');
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    return {
      key: `rdk_${id}_${secret}`,
      record: {
        id,
        name,
        role,
        department,
        secretHash: createHash('sha256').update(secret).digest('hex'),
        createdAt: this.now().toISOString(),
        revokedAt: null,
      },
    };
  }
}
