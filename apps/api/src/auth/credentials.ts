import type { ApiKeys, JwtVerifier, Principal } from '@redress/access';
import { AccessRefusal } from './access-refusal';

type HeaderMap = Record<string, string | string[] | undefined>;

/** Presented credentials, by kind: an API key (X-Api-Key, `Authorization: ApiKey`) or a bearer token. */
type Credential = { kind: 'api-key'; value: string } | { kind: 'jwt'; value: string };

/** API keys have a recognisable prefix, so a client that sends one as a bearer token is understood too. */
const API_KEY_PREFIX = 'rdk_';

/**
 * Who the request comes from: verifies its one credential and maps it to a
 * principal, or refuses with 401. Refusal messages say what is wrong with
 * the credential, never the credential.
 */
export class Authenticator {
  constructor(
    private readonly apiKeys: ApiKeys,
    private readonly jwt: JwtVerifier | null,
  ) {}

  async authenticate(headers: HeaderMap): Promise<{ principal: Principal } | { refusal: AccessRefusal }> {
    const credential = credentialOf(headers);
    if ('refusal' in credential) return credential;
    if (credential.kind === 'api-key') {
      const check = await this.apiKeys.check(credential.value);
      if (check.ok) return { principal: check.principal };
      const why = { malformed: 'is malformed', unknown: 'is not a valid key', revoked: 'was revoked' }[check.reason];
      return { refusal: AccessRefusal.unauthenticated(`the API key ${why}`) };
    }
    if (!this.jwt) {
      return {
        refusal: AccessRefusal.unauthenticated(
          'bearer tokens are not accepted here (no AUTH_JWT_ISSUER is configured); send an API key',
          'invalid_token',
        ),
      };
    }
    const check = await this.jwt.check(credential.value);
    if (check.ok) return { principal: check.principal };
    return { refusal: AccessRefusal.unauthenticated(check.reason, 'invalid_token') };
  }
}

function credentialOf(headers: HeaderMap): Credential | { refusal: AccessRefusal } {
  const apiKeyHeader = headers['x-api-key'];
  const authorization = headers.authorization;
  if (Array.isArray(apiKeyHeader) || Array.isArray(authorization)) {
    return { refusal: AccessRefusal.unauthenticated('send each credential header once') };
  }
  const fromAuthorization = authorization === undefined ? undefined : authorizationCredential(authorization);
  if (fromAuthorization && 'refusal' in fromAuthorization) return fromAuthorization;
  if (apiKeyHeader !== undefined && fromAuthorization !== undefined) {
    return { refusal: AccessRefusal.unauthenticated('send one credential: X-Api-Key or Authorization, not both') };
  }
  if (apiKeyHeader !== undefined) return { kind: 'api-key', value: apiKeyHeader.trim() };
  if (fromAuthorization !== undefined) return fromAuthorization;
  return {
    refusal: AccessRefusal.unauthenticated(
      'credentials are required: X-Api-Key: <key>, Authorization: ApiKey <key> or Authorization: Bearer <token>',
    ),
  };
}

function authorizationCredential(value: string): Credential | { refusal: AccessRefusal } {
  const match = /^(\S+)\s+(\S+)\s*$/.exec(value.trim());
  const scheme = match?.[1].toLowerCase();
  if (match && scheme === 'apikey') return { kind: 'api-key', value: match[2] };
  if (match && scheme === 'bearer') {
    return match[2].startsWith(API_KEY_PREFIX)
      ? { kind: 'api-key', value: match[2] }
      : { kind: 'jwt', value: match[2] };
  }
  return {
    refusal: AccessRefusal.unauthenticated('the Authorization header must be "Bearer <token>" or "ApiKey <key>"'),
  };
}
