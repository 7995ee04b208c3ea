import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ACCESS_ROLES, DEPARTMENT_NAME, DEPARTMENT_SCOPED_ROLES, isAccessRole, type Principal } from './principal';

/** Where the issuer's verification key comes from. HS256 needs explicit configuration of a shared secret. */
export type JwtKeySource =
  { kind: 'jwks'; url: string } | { kind: 'public-key'; pem: string } | { kind: 'shared-secret'; secret: string };

export interface JwtSettings {
  issuer: string;
  audience: string;
  key: JwtKeySource;
  /** Accepted `alg` values: RS256 and ES256 for keys and key sets, HS256 for a shared secret. */
  algorithms: string[];
  /** The claim holding the Redress role: a string, or an array holding exactly one Redress role. */
  roleClaim: string;
  departmentClaim: string;
  clockToleranceSeconds: number;
}

export type JwtCheck = { ok: true; principal: Principal } | { ok: false; reason: string };

/** The same rule as the actor ids taken from headers: a plain visible-ASCII token. */
const SUBJECT = /^[\x21-\x7e]{1,200}$/;

/**
 * Verifies bearer tokens of the configured issuer: signature (by the JWKS,
 * refetched by `jose` when an unknown `kid` appears, or by the configured
 * key), issuer, audience, expiry and not-before; then maps the claims to a
 * principal. Reasons name what failed, never the token.
 */
export class JwtVerifier {
  private readonly key: JWTVerifyGetKey | KeyObject | Uint8Array;

  constructor(private readonly settings: JwtSettings) {
    const source = settings.key;
    this.key =
      source.kind === 'jwks'
        ? createRemoteJWKSet(new URL(source.url))
        : source.kind === 'public-key'
          ? createPublicKey(source.pem)
          : new TextEncoder().encode(source.secret);
  }

  async check(token: string): Promise<JwtCheck> {
    let payload: JWTPayload;
    try {
      const options = {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.settings.algorithms,
        clockTolerance: this.settings.clockToleranceSeconds,
        requiredClaims: ['exp', 'sub'],
      };
      // One call per key kind: jose types the key-set form and the single-key form as separate overloads.
      ({ payload } =
        typeof this.key === 'function'
          ? await jwtVerify(token, this.key, options)
          : await jwtVerify(token, this.key, options));
    } catch (error) {
      return { ok: false, reason: verificationFailure(error) };
    }
    return this.principalOf(payload);
  }

  private principalOf(payload: JWTPayload): JwtCheck {
    const { roleClaim, departmentClaim } = this.settings;
    const subject = payload.sub;
    if (typeof subject !== 'string' || !SUBJECT.test(subject)) {
      return { ok: false, reason: 'claim sub must be 1-200 visible ASCII characters' };
    }
    const claimed = payload[roleClaim];
    const roles = (Array.isArray(claimed) ? claimed : [claimed]).filter(isAccessRole);
    if (roles.length !== 1) {
      return { ok: false, reason: `claim ${roleClaim} must hold exactly one of ${ACCESS_ROLES.join(', ')}` };
    }
    const role = roles[0];
    const rawDepartment = payload[departmentClaim];
    let department: string | null = null;
    if (DEPARTMENT_SCOPED_ROLES.includes(role)) {
      if (typeof rawDepartment !== 'string' || !DEPARTMENT_NAME.test(rawDepartment)) {
        return { ok: false, reason: `claim ${departmentClaim} must name the ${role}'s department` };
      }
      department = rawDepartment;
    }
    return { ok: true, principal: { id: subject, role, department, via: 'jwt' } };
  }
}

function verificationFailure(error: unknown): string {
  const { code, claim } = error as { code?: string; claim?: string };
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'token expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return claim === 'iss'
        ? 'token issuer is not the configured one'
        : claim === 'aud'
          ? 'token audience is not this API'
          : `token claim ${claim ?? 'unknown'} is invalid`;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'token signature is invalid';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return "no key of the issuer's key set matches the token";
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'token algorithm is not accepted';
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JOSE_GENERIC':
    case 'ERR_JWKS_INVALID':
    case undefined: // not a jose error: the key set's fetch failed
      return "the issuer's key set could not be fetched";
    default:
      return 'token is malformed';
  }
}
