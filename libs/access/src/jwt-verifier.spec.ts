import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { JwtVerifier, type JwtSettings } from './jwt-verifier';

const base = {
  issuer: 'https://login.example.test/',
  audience: 'redress-api',
  roleClaim: 'role',
  departmentClaim: 'department',
  clockToleranceSeconds: 0,
};

const sign = (claims: Record<string, unknown>, alg: string, key: Parameters<SignJWT['sign']>[0]) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg })
    .setIssuer(base.issuer)
    .setAudience(base.audience)
    .setSubject('bob')
    .setExpirationTime('1m')
    .sign(key);

describe('JWT verifier with a configured key', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const byPublicKey: JwtSettings = { ...base, key: { kind: 'public-key', pem }, algorithms: ['ES256'] };

  it('verifies ES256 tokens with a PEM public key', async () => {
    const jwt = await sign({ role: 'supervisor', department: 'billing' }, 'ES256', privateKey);
    expect(await new JwtVerifier(byPublicKey).check(jwt)).toEqual({
      ok: true,
      principal: { id: 'bob', role: 'supervisor', department: 'billing', via: 'jwt' },
    });
  });

  it('refuses an HS256 token made with the public key as the secret (algorithm confusion)', async () => {
    const jwt = await sign({ role: 'admin' }, 'HS256', new TextEncoder().encode(pem));
    expect(await new JwtVerifier(byPublicKey).check(jwt)).toEqual({
      ok: false,
      reason: 'token algorithm is not accepted',
    });
  });

  it('verifies HS256 only with an explicitly configured shared secret', async () => {
    const secret = 'a-shared-secret-of-at-least-32-characters';
    const settings: JwtSettings = { ...base, key: { kind: 'shared-secret', secret }, algorithms: ['HS256'] };
    const jwt = await sign({ role: 'service' }, 'HS256', new TextEncoder().encode(secret));
    expect(await new JwtVerifier(settings).check(jwt)).toMatchObject({ ok: true, principal: { role: 'service' } });
    const forged = await sign({ role: 'service' }, 'HS256', new TextEncoder().encode(`${secret}!`));
    expect(await new JwtVerifier(settings).check(forged)).toEqual({ ok: false, reason: 'token signature is invalid' });
  });

  it('ignores the department of roles that are not scoped to one', async () => {
    const jwt = await sign({ role: 'auditor', department: 'billing' }, 'ES256', privateKey);
    expect(await new JwtVerifier(byPublicKey).check(jwt)).toMatchObject({ ok: true, principal: { department: null } });
  });
});
