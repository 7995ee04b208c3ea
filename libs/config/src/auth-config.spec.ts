import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { problemsOf } from '../test/problems-of';
import { loadConfig } from './app-config';

const JWT = { AUTH_JWT_ISSUER: 'https://login.example.test/', AUTH_JWT_AUDIENCE: 'redress-api' };
const publicPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
  type: 'spki',
  format: 'pem',
}) as string;

describe('authentication configuration', () => {
  it('accepts API keys only and makes a first-start admin key by default', () => {
    expect(loadConfig({}).auth).toEqual({ firstStartAdminKey: true, apiKeyCacheSeconds: 5, jwt: null });
    expect(loadConfig({ AUTH_FIRST_START_ADMIN_KEY: 'false' }).auth.firstStartAdminKey).toBe(false);
  });

  it('reads how long a looked-up API key is trusted, refusing what is not 0-300 seconds', () => {
    expect(loadConfig({ AUTH_API_KEY_CACHE_SECONDS: '0' }).auth.apiKeyCacheSeconds).toBe(0);
    expect(loadConfig({ AUTH_API_KEY_CACHE_SECONDS: '30' }).auth.apiKeyCacheSeconds).toBe(30);
    expect(problemsOf({ AUTH_API_KEY_CACHE_SECONDS: '301' })).toEqual([
      'AUTH_API_KEY_CACHE_SECONDS must be a whole number from 0 to 300, not "301"',
    ]);
    expect(problemsOf({ AUTH_API_KEY_CACHE_SECONDS: 'soon' })).toEqual([
      'AUTH_API_KEY_CACHE_SECONDS must be a whole number from 0 to 300, not "soon"',
    ]);
  });

  it('reads a JWKS issuer with RS256 and ES256 by default and the standard claim names', () => {
    expect(loadConfig({ ...JWT, AUTH_JWT_JWKS_URL: 'https://login.example.test/jwks.json' }).auth.jwt).toEqual({
      issuer: 'https://login.example.test/',
      audience: 'redress-api',
      key: { kind: 'jwks', url: 'https://login.example.test/jwks.json' },
      algorithms: ['RS256', 'ES256'],
      roleClaim: 'role',
      departmentClaim: 'department',
      clockToleranceSeconds: 30,
    });
  });

  it('reads a public key inline or from a file, and HS256 only with an explicit shared secret', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'redress-auth-')), 'issuer.pem');
    writeFileSync(file, publicPem);
    const inline = loadConfig({ ...JWT, AUTH_JWT_PUBLIC_KEY: publicPem, AUTH_JWT_ALGORITHMS: 'ES256' }).auth.jwt;
    // An inline variable is trimmed like every other setting.
    expect(inline).toMatchObject({ key: { kind: 'public-key', pem: publicPem.trim() }, algorithms: ['ES256'] });
    expect(loadConfig({ ...JWT, AUTH_JWT_PUBLIC_KEY_FILE: file }).auth.jwt?.key).toEqual({
      kind: 'public-key',
      pem: publicPem,
    });
    const secret = 'a'.repeat(32);
    expect(loadConfig({ ...JWT, AUTH_JWT_HS256_SECRET: secret }).auth.jwt).toMatchObject({
      key: { kind: 'shared-secret', secret },
      algorithms: ['HS256'],
    });
  });

  it('names every bad setting', () => {
    expect(problemsOf({ AUTH_FIRST_START_ADMIN_KEY: 'yes', AUTH_JWT_AUDIENCE: 'x' })).toEqual([
      'AUTH_FIRST_START_ADMIN_KEY must be true or false, not "yes"',
      'AUTH_JWT_AUDIENCE need AUTH_JWT_ISSUER (the issuer whose JWTs to accept)',
    ]);
    expect(problemsOf({ AUTH_JWT_ISSUER: 'https://login.example.test/' })).toEqual([
      'AUTH_JWT_AUDIENCE must be set with AUTH_JWT_ISSUER (the aud to require)',
      'exactly one of AUTH_JWT_JWKS_URL, AUTH_JWT_PUBLIC_KEY, AUTH_JWT_PUBLIC_KEY_FILE, AUTH_JWT_HS256_SECRET must be set with AUTH_JWT_ISSUER',
    ]);
    expect(
      problemsOf({ ...JWT, AUTH_JWT_JWKS_URL: 'http://login.example.test/jwks.json', AUTH_JWT_HS256_SECRET: 'short' }),
    ).toEqual([
      'exactly one of AUTH_JWT_JWKS_URL, AUTH_JWT_PUBLIC_KEY, AUTH_JWT_PUBLIC_KEY_FILE, AUTH_JWT_HS256_SECRET must be set with AUTH_JWT_ISSUER, not AUTH_JWT_JWKS_URL and AUTH_JWT_HS256_SECRET',
    ]);
    expect(problemsOf({ ...JWT, AUTH_JWT_JWKS_URL: 'http://login.example.test/jwks.json' })).toEqual([
      'AUTH_JWT_JWKS_URL must be https (plain http only on a loopback address)',
    ]);
    expect(problemsOf({ ...JWT, AUTH_JWT_HS256_SECRET: 'short' })).toEqual([
      'AUTH_JWT_HS256_SECRET must be at least 32 characters',
    ]);
    expect(problemsOf({ ...JWT, AUTH_JWT_PUBLIC_KEY: 'not a key' })[0]).toMatch(
      /^AUTH_JWT_PUBLIC_KEY must be a PEM public key \(SPKI\)/,
    );
    expect(
      problemsOf({
        ...JWT,
        AUTH_JWT_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
        AUTH_JWT_ALGORITHMS: 'RS256,HS256',
        AUTH_JWT_ROLE_CLAIM: 'has space',
        AUTH_JWT_CLOCK_TOLERANCE_SECONDS: '3600',
      }),
    ).toEqual([
      'AUTH_JWT_ALGORITHMS must list some of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, EdDSA, not "HS256" (HS256 is accepted only with AUTH_JWT_HS256_SECRET)',
      'AUTH_JWT_ROLE_CLAIM must be a claim name (letters, digits, _:./-), not "has space"',
      'AUTH_JWT_CLOCK_TOLERANCE_SECONDS must be a whole number from 0 to 300, not "3600"',
    ]);
  });
});
