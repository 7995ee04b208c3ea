import { ApiHarness, type ApiClient, type TestApiKey } from '../support/api-harness';
import { receiveBody } from '../support/complaint-requests';
import { LogCapture } from '../support/log-capture';

type Role = 'agent' | 'supervisor' | 'auditor' | 'service' | 'admin';

describe('authentication and authorisation', () => {
  const logs = new LogCapture();
  let api: ApiHarness;
  const keys = {} as Record<Role | 'otherAgent' | 'otherSupervisor', TestApiKey>;
  /** A complaint assigned to after-sales. */
  let owned: string;

  const receive = async (client: ApiClient = api) => {
    const created = await client.post('/complaints', receiveBody());
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const assign = async (id: string, department: string) => {
    for (const [command, body] of [
      ['classify', { category: 'PRODUCT_FUNCTION' }],
      ['triage', { grade: 'SERIOUS', priority: 'P2', isComplex: false }],
      ['assign', { department, assignee: `${department}-lead` }],
    ] as const) {
      expect((await api.post(`/complaints/${id}/${command}`, body)).status).toBe(200);
    }
  };

  beforeAll(async () => {
    api = await ApiHarness.start(undefined, { logLevel: 'log' }, { logDestination: logs });
    keys.agent = await api.createKey('agent', { department: 'after-sales', name: 'agent 7' });
    keys.otherAgent = await api.createKey('agent', { department: 'billing' });
    keys.supervisor = await api.createKey('supervisor', { department: 'after-sales' });
    keys.otherSupervisor = await api.createKey('supervisor', { department: 'billing' });
    keys.auditor = await api.createKey('auditor');
    keys.service = await api.createKey('service', { name: 'crm' });
    keys.admin = { id: 'harness', key: api.credentials['x-api-key'], headers: api.credentials };
    owned = await receive();
    await assign(owned, 'after-sales');
  });
  afterAll(async () => {
    await api?.dispose();
  });

  describe('401: who is calling', () => {
    const expectUnauthenticated = (answer: { status: number; headers: Headers; body: any }, message: RegExp) => {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="redress"/);
      expect(answer.body).toMatchObject({
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        message: expect.stringMatching(message),
      });
    };

    it('refuses a request without credentials, naming the ways to send them', async () => {
      expectUnauthenticated(await api.anonymous.get(`/complaints/${owned}`), /credentials are required: X-Api-Key/);
      expectUnauthenticated(await api.anonymous.post('/complaints', receiveBody()), /credentials are required/);
    });

    it('refuses a malformed, unknown or revoked key, and a credential sent twice', async () => {
      expectUnauthenticated(await api.as({ 'x-api-key': 'let-me-in' }).get('/schemas'), /the API key is malformed/);
      const forged = `rdk_0123456789abcdef_${'A'.repeat(43)}`;
      expectUnauthenticated(await api.as({ 'x-api-key': forged }).get('/schemas'), /is not a valid key/);
      const revoked = await api.createKey('auditor');
      expect((await api.as(revoked).get('/schemas')).status).toBe(200);
      await api.revokeKey(revoked.id);
      expectUnauthenticated(await api.as(revoked).get('/schemas'), /the API key was revoked/);
      expectUnauthenticated(
        await api.as({ 'x-api-key': keys.auditor.key, authorization: `ApiKey ${keys.auditor.key}` }).get('/schemas'),
        /send one credential/,
      );
      expectUnauthenticated(await api.as({ authorization: 'Basic dXNlcjpwdw==' }).get('/schemas'), /Bearer <token>/);
    });

    it('accepts a key as X-Api-Key, Authorization: ApiKey and Authorization: Bearer', async () => {
      const ways: Record<string, string>[] = [
        { 'x-api-key': keys.auditor.key },
        { authorization: `ApiKey ${keys.auditor.key}` },
        { authorization: `Bearer ${keys.auditor.key}` },
      ];
      for (const headers of ways) {
        expect((await api.as(headers).get(`/complaints/${owned}`)).status).toBe(200);
      }
    });

    it('refuses a bearer token while no issuer is configured', async () => {
      const answer = await api.as({ authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' }).get('/schemas');
      expectUnauthenticated(answer, /no AUTH_JWT_ISSUER is configured/);
      expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('keeps the probes open and every other route closed', async () => {
      expect((await api.anonymous.get('/health/live')).status).toBe(200);
      expect((await api.anonymous.get('/health/ready')).status).not.toBe(401);
      for (const path of ['/metrics', '/schemas', '/workload', '/sla/policies', '/satisfaction', '/projections']) {
        expect({ path, status: (await api.anonymous.get(path)).status }).toEqual({ path, status: 401 });
      }
    });
  });

  describe('403: what each role may do', () => {
    /** One request per right, on a complaint of the caller's department where one is involved. */
    const probes: Record<string, (client: ApiClient) => Promise<{ status: number }>> = {
      receive: (c) => c.post('/complaints', receiveBody()),
      read: (c) => c.get(`/complaints/${owned}`),
      history: (c) => c.get(`/complaints/${owned}/history`),
      verify: (c) => c.get(`/complaints/${owned}/verify`),
      complaintSla: (c) => c.get(`/complaints/${owned}/sla`),
      work: (c) =>
        c.post(`/complaints/${owned}/progress-update`, {
          progress: 'Fault reproduced in the lab',
          cause: 'Firmware watchdog resets the modem',
          measures: 'A replacement unit is being prepared',
          stage: 'analysis',
          responsiblePerson: 'after-sales-lead',
          expectedCompletionAt: '2030-01-01T12:00:00Z',
        }),
      escalate: (c) => c.post(`/complaints/${owned}/escalate`, { level: 'SUPERVISOR', reason: 'Matrix probe' }),
      auditPack: (c) => c.get(`/complaints/${owned}/audit-pack`),
      search: (c) => c.get('/complaints?department=after-sales'),
      customer: (c) => c.get('/customers/CUST-1042/complaints'),
      workload: (c) => c.get('/workload'),
      atRisk: (c) => c.get('/sla/at-risk?department=after-sales'),
      compliance: (c) => c.get('/sla/compliance'),
      recomputeOne: (c) =>
        c.post(`/complaints/${owned}/sla/recompute?dryRun=true`, { policyId: 'guides-rapid', reason: 'Matrix probe' }),
      recomputeAll: (c) =>
        c.post('/sla/recompute?dryRun=true', {
          fromPolicyId: 'guides-standard',
          policyId: 'guides-rapid',
          reason: 'Matrix probe',
        }),
      satisfaction: (c) => c.get('/satisfaction'),
      warningEvaluation: (c) => c.post('/warnings/evaluations', {}),
      surveyRecord: (c) => c.post('/surveys', {}),
      surveyRead: (c) => c.get('/surveys/00000000-0000-4000-8000-000000000000'),
      projections: (c) => c.get('/projections'),
      metrics: (c) => c.get('/metrics'),
      schemas: (c) => c.get('/schemas'),
    };
    const all = Object.keys(probes);
    /** The documented rights (README, "Access control"); every probe not listed must be refused. */
    const allowed: Record<Role, string[]> = {
      agent: [
        'receive',
        'read',
        'history',
        'verify',
        'complaintSla',
        'work',
        'search',
        'surveyRecord',
        'surveyRead',
        'schemas',
      ],
      supervisor: [
        'receive',
        'read',
        'history',
        'verify',
        'complaintSla',
        'work',
        'escalate',
        'search',
        'workload',
        'atRisk',
        'compliance',
        'recomputeOne',
        'satisfaction',
        'warningEvaluation',
        'surveyRecord',
        'surveyRead',
        'schemas',
      ],
      auditor: [
        'read',
        'history',
        'verify',
        'complaintSla',
        'auditPack',
        'search',
        'customer',
        'workload',
        'satisfaction',
        'surveyRead',
        'schemas',
      ],
      service: [
        'receive',
        'read',
        'history',
        'verify',
        'complaintSla',
        'work',
        'escalate',
        'search',
        'customer',
        'surveyRecord',
        'surveyRead',
        'projections',
        'metrics',
        'schemas',
      ],
      admin: all,
    };

    it.each(Object.keys(allowed) as Role[])('%s: allowed routes answer, the others 403', async (role) => {
      const outcome: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const name of all) {
        const { status } = await probes[name](api.as(keys[role]));
        outcome[name] = status === 403 ? 'forbidden' : status === 401 ? 'unauthenticated' : 'allowed';
        expected[name] = allowed[role].includes(name) ? 'allowed' : 'forbidden';
      }
      expect(outcome).toEqual(expected);
    });

    it('answers 403 in the common error shape, saying why', async () => {
      const answer = await api.as(keys.auditor).post('/complaints', receiveBody());
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual({
        statusCode: 403,
        error: 'Forbidden',
        code: 'FORBIDDEN',
        message: 'forbidden: role auditor does not have complaints.receive',
      });
    });
  });

  describe('department scoping', () => {
    it("keeps agents and supervisors to their department's complaints", async () => {
      for (const outsider of [keys.otherAgent, keys.otherSupervisor]) {
        const client = api.as(outsider);
        const read = await client.get(`/complaints/${owned}`);
        expect(read.status).toBe(403);
        expect(read.body.message).toBe('forbidden: the complaint belongs to department after-sales, not billing');
        expect((await client.get(`/complaints/${owned}/history`)).status).toBe(403);
        expect((await client.post(`/complaints/${owned}/withdraw`, { reason: 'Not mine' })).status).toBe(403);
      }
      expect((await api.as(keys.agent).get(`/complaints/${owned}`)).status).toBe(200);
      expect((await api.as(keys.supervisor).get(`/complaints/${owned}/sla`)).status).toBe(200);
    });

    it('lets any agent take unassigned complaints from intake, and loses them once assigned elsewhere', async () => {
      const intake = await receive(api.as(keys.otherAgent));
      const agent = api.as(keys.agent);
      expect((await agent.get(`/complaints/${intake}`)).status).toBe(200);
      expect((await agent.post(`/complaints/${intake}/classify`, { category: 'PRODUCT_FUNCTION' })).status).toBe(200);
      expect(
        (await agent.post(`/complaints/${intake}/triage`, { grade: 'GENERAL', priority: 'P3', isComplex: false }))
          .status,
      ).toBe(200);
      expect(
        (await agent.post(`/complaints/${intake}/assign`, { department: 'billing', assignee: 'bill-1' })).status,
      ).toBe(200);
      // At once, not when the read model catches up: the department is read from the complaint's own events.
      expect((await agent.get(`/complaints/${intake}`)).status).toBe(403);
      expect((await api.as(keys.otherAgent).get(`/complaints/${intake}`)).status).toBe(200);
    });

    it('makes scoped roles filter lists by their own department', async () => {
      const agent = api.as(keys.agent);
      const unfiltered = await agent.get('/complaints');
      expect(unfiltered.status).toBe(403);
      expect(unfiltered.body.message).toBe(
        'forbidden: role agent must filter by its own department (department=after-sales)',
      );
      expect((await agent.get('/complaints?department=billing')).status).toBe(403);
      expect((await agent.get('/complaints?department=after-sales,billing')).status).toBe(403);
      expect((await agent.get('/complaints?department=after-sales')).status).toBe(200);
      expect((await api.as(keys.supervisor).get('/sla/at-risk')).status).toBe(403);
      expect((await api.as(keys.supervisor).get('/sla/at-risk?department=after-sales')).status).toBe(200);
      expect((await api.as(keys.auditor).get('/complaints')).status).toBe(200);
    });

    it('lets a supervisor escalate in its department but not an agent', async () => {
      const body = { level: 'SUPERVISOR', reason: 'Customer called three times' };
      const agentTry = await api.as(keys.agent).post(`/complaints/${owned}/escalate`, body);
      expect(agentTry.status).toBe(403);
      expect(agentTry.body.message).toBe('forbidden: role agent does not have complaints.escalate');
      expect((await api.as(keys.otherSupervisor).post(`/complaints/${owned}/escalate`, body)).status).toBe(403);
      expect((await api.as(keys.supervisor).post(`/complaints/${owned}/escalate`, body)).status).not.toBe(403);
    });
  });

  describe('the recorded actor', () => {
    const lastEvent = async (id: string) => {
      const history = await api.get(`/complaints/${id}/history`);
      return history.body.events[history.body.events.length - 1];
    };

    it('is the principal itself for agents, who may not name anybody else', async () => {
      const id = await receive(api.as(keys.agent));
      expect((await lastEvent(id)).actor).toEqual({ id: `key:${keys.agent.id}`, role: 'agent' });
      const impersonation = await api
        .as({ ...keys.agent.headers, 'x-actor-id': 'agent-9' })
        .post('/complaints', receiveBody());
      expect(impersonation.status).toBe(403);
      expect(impersonation.body.message).toBe(
        'forbidden: an agent may not act on behalf of another actor (X-Actor-Id)',
      );
      const promotion = await api.as({ ...keys.agent.headers, 'x-actor-role': 'supervisor' }).get(`/complaints/${id}`);
      expect(promotion.status).toBe(403);
      // Naming oneself is harmless.
      const self = await api
        .as({ ...keys.agent.headers, 'x-actor-id': `key:${keys.agent.id}` })
        .get(`/complaints/${id}`);
      expect(self.status).toBe(200);
    });

    it('may be the person an admin or an integration acts for, but a service cannot claim admin', async () => {
      const id = await receive(api.as({ ...keys.service.headers, 'x-actor-id': 'crm-user-17' }));
      expect((await lastEvent(id)).actor).toEqual({ id: 'crm-user-17', role: 'agent' });
      await api.post(
        `/complaints/${id}/classify`,
        { category: 'PRODUCT_FUNCTION' },
        { 'x-actor-id': 'sup-1', 'x-actor-role': 'supervisor' },
      );
      expect((await lastEvent(id)).actor).toEqual({ id: 'sup-1', role: 'supervisor' });
      const claim = await api.as({ ...keys.service.headers, 'x-actor-role': 'admin' }).get(`/complaints/${id}`);
      expect(claim.status).toBe(403);
      expect(claim.body.message).toBe('forbidden: a service may not act in the admin role (X-Actor-Role)');
    });
  });

  describe('logs', () => {
    it('logs every refusal with actor, role, route and reason, and never a key', async () => {
      await api.as(keys.otherAgent).get(`/complaints/${owned}/history`);
      await api.as({ authorization: `ApiKey ${keys.auditor.key}` }).post('/complaints', receiveBody());
      await api.as({ 'x-api-key': `${keys.service.key.slice(0, -2)}zz` }).get('/schemas');
      const records = logs.records();
      expect(records).toContainEqual(
        expect.objectContaining({
          msg: 'request forbidden',
          actor: `key:${keys.otherAgent.id}`,
          role: 'agent',
          department: 'billing',
          route: 'GET /complaints/:id/history',
          status: 403,
          reason: 'the complaint belongs to department after-sales, not billing',
        }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({ msg: 'request forbidden', role: 'auditor', route: 'POST /complaints' }),
      );
      expect(records).toContainEqual(
        expect.objectContaining({ msg: 'request not authenticated', route: 'GET /schemas', status: 401 }),
      );
      // The request line names the principal by key id.
      expect(records).toContainEqual(
        expect.objectContaining({
          principal: { id: `key:${keys.auditor.id}`, role: 'auditor' },
          res: { statusCode: 403 },
        }),
      );
      const everything = logs.lines.join('\n');
      for (const { key } of Object.values(keys)) {
        expect(everything).not.toContain(key);
        expect(everything).not.toContain(/^rdk_[0-9a-f]{16}_(.{43})$/.exec(key)![1]);
      }
    });
  });
});
