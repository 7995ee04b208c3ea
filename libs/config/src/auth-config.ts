import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { JwtKeySource, JwtSettings } from '@redress/access';
import { integer, trueOrFalse } from './app-config';

export interface AuthConfig {
  /**
   * Whether a start on a key store without any key creates an admin key and prints it once (AUTH_FIRST_START_ADMIN_KEY,
   * default true), so the quick start needs no set-up step.
   */
  firstStartAdminKey: boolean;
  /**
   * How long a process trusts an API key it looked up before asking the key store again
   * (AUTH_API_KEY_CACHE_SECONDS, default 5; 0 looks every request up): the delay before a key revoked
   * elsewhere stops working here.
   */
  apiKeyCacheSeconds: number;
  /** Bearer tokens of an external issuer; null accepts API keys only. */
  jwt: JwtSettings | null;
}

/** Asymmetric algorithms a JWKS or public key may sign with; HS256 only through AUTH_JWT_HS256_SECRET. */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
const CLAIM_NAME = /^[A-Za-z0-9_:./-]{1,100}$/;
/** Below 256 bits a shared HS256 secret can be brute-forced offline from any token. */
const MIN_HS256_SECRET_LENGTH = 32;

/**
 * Reads the authentication settings, adding a line to `problems` for each bad one:
 *
 * | variable                            | meaning                                                                  |
 * | ----------------------------------- | ------------------------------------------------------------------------ |
 * | `AUTH_FIRST_START_ADMIN_KEY`        | `true` (default): an empty key store gets an admin key, printed once      |
 * | `AUTH_API_KEY_CACHE_SECONDS`        | seconds a looked-up key is trusted before a new lookup (default 5, 0–300) |
 * | `AUTH_JWT_ISSUER`                   | accept JWTs whose `iss` is this; the other AUTH_JWT_* need it             |
 * | `AUTH_JWT_AUDIENCE`                 | required `aud`                                                            |
 * | `AUTH_JWT_JWKS_URL`                 | the issuer's key set (https, or http on a loopback address)              |
 * | `AUTH_JWT_PUBLIC_KEY(_FILE)`        | or one PEM public key (SPKI), inline or from a file                       |
 * | `AUTH_JWT_HS256_SECRET`             | or a shared secret (HS256), only when set explicitly; ≥ 32 characters    |
 * | `AUTH_JWT_ALGORITHMS`               | for a key set or public key: accepted `alg`s (default RS256,ES256)       |
 * | `AUTH_JWT_ROLE_CLAIM`               | claim holding the role (default `role`)                                   |
 * | `AUTH_JWT_DEPARTMENT_CLAIM`         | claim holding an agent's or supervisor's department (`department`)       |
 * | `AUTH_JWT_CLOCK_TOLERANCE_SECONDS`  | leeway on exp/nbf (default 30)                                            |
 */
export function readAuthConfig(env: NodeJS.ProcessEnv, problems: string[]): AuthConfig {
  const setting = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const firstStartAdminKey = trueOrFalse(env, 'AUTH_FIRST_START_ADMIN_KEY', true, problems);
  const apiKeyCacheSeconds = integer(env, 'AUTH_API_KEY_CACHE_SECONDS', 5, 0, 300, problems);
  const issuer = setting('AUTH_JWT_ISSUER');
  if (issuer === undefined) {
    const stray = Object.keys(env).filter((name) => name.startsWith('AUTH_JWT_') && setting(name) !== undefined);
    if (stray.length > 0) problems.push(`${stray.join(', ')} need AUTH_JWT_ISSUER (the issuer whose JWTs to accept)`);
    return { firstStartAdminKey, apiKeyCacheSeconds, jwt: null };
  }

  const audience = setting('AUTH_JWT_AUDIENCE');
  if (audience === undefined) problems.push('AUTH_JWT_AUDIENCE must be set with AUTH_JWT_ISSUER (the aud to require)');

  const sources = ['AUTH_JWT_JWKS_URL', 'AUTH_JWT_PUBLIC_KEY', 'AUTH_JWT_PUBLIC_KEY_FILE', 'AUTH_JWT_HS256_SECRET'];
  const given = sources.filter((name) => setting(name) !== undefined);
  if (given.length !== 1) {
    problems.push(
      `exactly one of ${sources.join(', ')} must be set with AUTH_JWT_ISSUER` +
        (given.length > 1 ? `, not ${given.join(' and ')}` : ''),
    );
  }
  const key = keySource(given.length === 1 ? given[0] : undefined, setting, problems);

  let algorithms = ['HS256'];
  if (key?.kind !== 'shared-secret') {
    algorithms = (setting('AUTH_JWT_ALGORITHMS') ?? 'RS256,ES256').split(',').map((a) => a.trim());
    const unknown = algorithms.filter((a) => !ASYMMETRIC_ALGORITHMS.includes(a));
    if (unknown.length > 0 || algorithms.length === 0) {
      problems.push(
        `AUTH_JWT_ALGORITHMS must list some of ${ASYMMETRIC_ALGORITHMS.join(', ')}, not "${unknown.join(',')}"` +
          ' (HS256 is accepted only with AUTH_JWT_HS256_SECRET)',
      );
    }
  } else if (setting('AUTH_JWT_ALGORITHMS') !== undefined && setting('AUTH_JWT_ALGORITHMS') !== 'HS256') {
    problems.push('AUTH_JWT_ALGORITHMS must be HS256 (or unset) with AUTH_JWT_HS256_SECRET');
  }

  const claim = (name: string, fallback: string): string => {
    const value = setting(name) ?? fallback;
    if (!CLAIM_NAME.test(value)) problems.push(`${name} must be a claim name (letters, digits, _:./-), not "${value}"`);
    return value;
  };
  const roleClaim = claim('AUTH_JWT_ROLE_CLAIM', 'role');
  const departmentClaim = claim('AUTH_JWT_DEPARTMENT_CLAIM', 'department');
  const clockToleranceSeconds = integer(env, 'AUTH_JWT_CLOCK_TOLERANCE_SECONDS', 30, 0, 300, problems);

  if (!key || audience === undefined) return { firstStartAdminKey, apiKeyCacheSeconds, jwt: null };
  return {
    firstStartAdminKey,
    apiKeyCacheSeconds,
    jwt: { issuer, audience, key, algorithms, roleClaim, departmentClaim, clockToleranceSeconds },
  };
}

function keySource(
  name: string | undefined,
  setting: (name: string) => string | undefined,
  problems: string[],
): JwtKeySource | undefined {
  const value = name === undefined ? undefined : setting(name);
  if (name === undefined || value === undefined) return undefined;
  switch (name) {
    case 'AUTH_JWT_JWKS_URL':
      return jwksSource(value, problems);
    case 'AUTH_JWT_PUBLIC_KEY':
      return publicKeySource(name, value, problems);
    case 'AUTH_JWT_PUBLIC_KEY_FILE': {
      try {
        return publicKeySource(name, readFileSync(value, 'utf8'), problems);
      } catch (error) {
        problems.push(
          `AUTH_JWT_PUBLIC_KEY_FILE must name a readable file, not "${value}" (${(error as Error).message})`,
        );
        return undefined;
      }
    }
    default:
      if (value.length < MIN_HS256_SECRET_LENGTH) {
        problems.push(`AUTH_JWT_HS256_SECRET must be at least ${MIN_HS256_SECRET_LENGTH} characters`);
        return undefined;
      }
      return { kind: 'shared-secret', secret: value };
  }
}

function jwksSource(value: string, problems: string[]): JwtKeySource | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`AUTH_JWT_JWKS_URL must be a URL, not "${value}"`);
    return undefined;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push('AUTH_JWT_JWKS_URL must be https (plain http only on a loopback address)');
    return undefined;
  }
  return { kind: 'jwks', url: url.toString() };
}

function publicKeySource(name: string, pem: string, problems: string[]): JwtKeySource | undefined {
  try {
    if (createPublicKey(pem).type !== 'public') throw new Error('not a public key');
    return { kind: 'public-key', pem };
  } catch (error) {
    problems.push(`${name} must be a PEM public key (SPKI) (${(error as Error).message})`);
    return undefined;
  }
}
