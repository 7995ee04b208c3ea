import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { ApiHarness } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';

const ISSUER = 'https://login.example.test/';
const AUDIENCE = 'redress-api';

/** A JWKS endpoint on loopback, as an identity provider would serve it; counts its fetches. */
async function serveJwks(keys: JWK[]): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/.well-known/jwks.json`, server };
}

describe('JWT bearer tokens from a configured issuer (JWKS)', () => {
  let api: ApiHarness;
  let jwks: Server;
  let signingKey: CryptoKey;
  let strangerKey: CryptoKey;
  let ecKey: CryptoKey;

  const token = async (
    claims: Record<string, unknown>,
    options: {
      key?: CryptoKey;
      alg?: string;
      kid?: string;
      issuer?: string;
      audience?: string;
      expiresIn?: string | number;
    } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'rsa-1' })
      .setIssuer(options.issuer ?? ISSUER)
      .setAudience(options.audience ?? AUDIENCE)
      .setSubject((claims.sub as string | undefined) ?? 'alice@example.test')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? signingKey);
  const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    signingKey = rsa.privateKey;
    ecKey = ec.privateKey;
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const served = await serveJwks([
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ]);
    jwks = served.server;
    api = await ApiHarness.start(undefined, {
      auth: {
        firstStartAdminKey: false,
        apiKeyCacheSeconds: 5,
        jwt: {
          issuer: ISSUER,
          audience: AUDIENCE,
          key: { kind: 'jwks', url: served.url },
          algorithms: ['RS256', 'ES256'],
          roleClaim: 'redress_roles',
          departmentClaim: 'dept',
          clockToleranceSeconds: 5,
        },
      },
    });
  });
  afterAll(async () => {
    await api?.dispose();
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('accepts a valid token, maps its claims to role and department, and records its subject as the actor', async () => {
    const jwt = await token({
      sub: 'alice@example.test',
      redress_roles: ['offline_access', 'agent'],
      dept: 'after-sales',
    });
    const created = await api.as(bearer(jwt)).post('/complaints', receiveBody());
    expect(created.status).toBe(201);
    const history = await api.get(`/complaints/${created.body.id}/history`);
    expect(history.body.events[0].actor).toEqual({ id: 'alice@example.test', role: 'agent' });
    // An agent still: no escalation, and lists only of its department.
    expect((await api.as(bearer(jwt)).get('/complaints')).status).toBe(403);
    expect((await api.as(bearer(jwt)).get('/complaints?department=after-sales')).status).toBe(200);
  });

  it('accepts ES256 tokens of the same key set', async () => {
    const jwt = await token({ redress_roles: 'auditor' }, { key: ecKey, alg: 'ES256', kid: 'ec-1' });
    expect((await api.as(bearer(jwt)).get('/schemas')).status).toBe(200);
  });

  it.each([
    [
      'expired',
      () => token({ redress_roles: 'auditor' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }),
      'token expired',
    ],
    [
      'of another issuer',
      () => token({ redress_roles: 'auditor' }, { issuer: 'https://evil.example.test/' }),
      'token issuer is not the configured one',
    ],
    [
      'for another audience',
      () => token({ redress_roles: 'auditor' }, { audience: 'another-api' }),
      'token audience is not this API',
    ],
    [
      'signed by another key',
      () => token({ redress_roles: 'auditor' }, { key: strangerKey }),
      'token signature is invalid',
    ],
    [
      'with an unknown key id',
      () => token({ redress_roles: 'auditor' }, { kid: 'rsa-9' }),
      "no key of the issuer's key set matches the token",
    ],
    [
      'without a Redress role',
      () => token({ redress_roles: ['offline_access'] }),
      'claim redress_roles must hold exactly one of agent, supervisor, auditor, admin, service',
    ],
    [
      'of an agent without a department',
      () => token({ redress_roles: 'agent' }),
      "claim dept must name the agent's department",
    ],
  ])('refuses a token %s with 401 invalid_token', async (_case, make, message) => {
    const answer = await api.as(bearer(await make())).get('/schemas');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(answer.body).toMatchObject({ code: 'UNAUTHENTICATED', message });
  });

  it('refuses an unsigned or garbled token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'x', redress_roles: 'admin' }),
    ).toString('base64url');
    for (const jwt of [`${header}.${payload}.`, 'not.a.jwt']) {
      const answer = await api.as(bearer(jwt)).get('/schemas');
      expect(answer.status).toBe(401);
    }
  });
});
