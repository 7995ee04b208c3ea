import * as fc from 'fast-check';
import { COMPLAINT_COMMAND_ROUTES } from '@redress/command-contracts';
import { ApiHarness } from '../support/api-harness';
import { lifecycleSteps, receiveBody } from '../support/complaint-requests';

/**
 * Thousands of malformed, oversized and hostile requests, generated from a
 * fixed seed (so a failure replays exactly): each must be refused with a 4xx
 * and a readable message, never a 5xx or a crash, and none may append an
 * event. Every generated request is invalid by construction: hostile text
 * goes where only an enum, a date, a number or an id is allowed, because in
 * a free-text field it is legitimate content that must be stored verbatim.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);

const HOSTILE_STRINGS = [
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '\u0000',
  '\uFEFF',
  '\uD800',
  'NaN',
  '-Infinity',
  '1e309',
  '__proto__',
  'constructor',
  '',
  '   ',
  'x'.repeat(20_000),
];

/** A value of the wrong kind for a field that wants something specific. */
const wrongValue = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), [], {}, [[[]]], { $gt: '' }),
  fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
  fc.constant(Array.from({ length: 10_000 }, (_, i) => i)),
);

/** A field every receive request must carry with a specific format or vocabulary. */
const strictReceiveField = fc.constantFrom('channel', 'occurredAt', 'customer', 'object');

type Request = { method: 'GET' | 'POST'; path: string; body?: string | Buffer; headers: Record<string, string> };

const json = (value: unknown) => JSON.stringify(value);
const jsonHeaders = { 'content-type': 'application/json' };

function nested(depth: number): string {
  return `{"channel":${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

/** Receive requests with one strict field replaced by something it cannot be. */
const receiveWithWrongField = fc
  .record({ field: strictReceiveField, value: wrongValue })
  .map(({ field, value }): Request => ({
    method: 'POST',
    path: '/complaints',
    body: json(receiveBody({ [field]: value })),
    headers: jsonHeaders,
  }));

/** Receive requests that smuggle properties the API does not know, at the top or inside the customer. */
const receiveWithUnknownProperty = fc
  .record({ key: fc.constantFrom('isAdmin', 'status', 'revision', 'hash', '$where', 'prototype'), value: wrongValue })
  .chain(({ key, value }) =>
    fc.constantFrom<Request>(
      { method: 'POST', path: '/complaints', body: json(receiveBody({ [key]: value })), headers: jsonHeaders },
      {
        method: 'POST',
        path: '/complaints',
        body: json(receiveBody({ customer: { id: 'CUST-1', tier: 'ORDINARY', [key]: value } })),
        headers: jsonHeaders,
      },
    ),
  );

/** Bodies that are not a JSON object at all, or not JSON, or not UTF-8, or too big, or absurdly deep. */
const malformedBody = fc.oneof(
  fc.constantFrom<string | Buffer>(
    '',
    'null',
    '[]',
    '"a string"',
    '42',
    '{',
    '{"channel": "EMAIL",}',
    "{'channel': 'EMAIL'}",
    '{"__proto__": {"polluted": true}}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    nested(5_000),
    json({ ...receiveBody(), content: 'y'.repeat(300 * 1024) }),
    Buffer.concat([Buffer.from('{"channel":"EMAIL","content":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
    Buffer.concat([
      Buffer.from(json(receiveBody({ content: 'CUT' })).replace('CUT', '')),
      Buffer.from([0xed, 0xa0, 0x80]),
    ]),
  ),
  fc.json({ maxDepth: 4 }).filter((text) => !text.startsWith('{')),
);

const malformedReceive = malformedBody.map((body): Request => ({
  method: 'POST',
  path: '/complaints',
  body,
  headers: jsonHeaders,
}));

/** The right JSON under the wrong media type, or a hostile header the API reads. */
const hostileHeaders = fc.oneof(
  fc
    .constantFrom(
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
    )
    .map((type): Request => ({
      method: 'POST',
      path: '/complaints',
      body: json(receiveBody()),
      headers: { 'content-type': type },
    })),
  fc
    .record({
      header: fc.constantFrom('if-match', 'idempotency-key', 'x-actor-role'),
      value: fc.constantFrom('"; DROP', '-1', 'W/"abc"', '9'.repeat(400), 'k'.repeat(1_000), 'root\tadmin'),
    })
    .map(({ header, value }): Request => ({
      method: 'POST',
      path: '/complaints/__COMPLAINT__/classify',
      body: json({ category: 'PRODUCT_FUNCTION' }),
      headers: { ...jsonHeaders, [header]: value },
    })),
);

/** Each lifecycle command with its body replaced by a wrong value or a malformed document. */
const hostileCommand = fc
  .record({
    route: fc.constantFrom(...COMPLAINT_COMMAND_ROUTES.map((route) => route.name)),
    body: fc.oneof(
      wrongValue.map((value) => json({ category: value, reason: value, department: value, level: value })),
      malformedBody,
    ),
  })
  .map(({ route, body }): Request => ({
    method: 'POST',
    path: `/complaints/__COMPLAINT__/${route}`,
    body,
    headers: jsonHeaders,
  }));

/** Query strings the read side must refuse rather than pass to SQL. */
const hostileQuery = fc
  .record({
    path: fc.constantFrom(
      '/complaints',
      '/complaints/__COMPLAINT__',
      '/complaints/__COMPLAINT__/history',
      '/complaints/__COMPLAINT__/audit-pack',
    ),
    param: fc.constantFrom(
      'limit',
      'cursor',
      'status',
      'category',
      'receivedFrom',
      'asOf',
      'atRevision',
      'from',
      'type',
      'format',
    ),
    // Already percent-encoded: a lone surrogate has no UTF-8 form, so it goes as the bytes a hostile client sends.
    encodedValue: fc.constantFrom(
      ...HOSTILE_STRINGS.filter((s) => s.trim() !== '' && s.length < 1_000 && s !== '\uD800').map(encodeURIComponent),
      '%ED%A0%80',
      '%FF',
      '%',
      '-5',
      '1.5',
      '99999999999',
    ),
  })
  .map(({ path, param, encodedValue }): Request => ({
    method: 'GET',
    path: `${path}?${param}=${encodedValue}`,
    headers: {},
  }));

const hostileRequest = fc.oneof(
  receiveWithWrongField,
  receiveWithUnknownProperty,
  malformedReceive,
  hostileHeaders,
  hostileCommand,
  hostileQuery,
);

describe('hostile input', () => {
  let api: ApiHarness;
  let complaintId: string;
  let eventsBefore: number;

  beforeAll(async () => {
    api = await ApiHarness.start();
    complaintId = (await api.post('/complaints', receiveBody())).body.id;
    // Far enough into the lifecycle that most commands are allowed, so bodies are really validated.
    for (const [command, body] of lifecycleSteps().slice(0, 3))
      await api.post(`/complaints/${complaintId}/${command}`, body);
    eventsBefore = (await api.get(`/complaints/${complaintId}/history`)).body.events.length;
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it(`answers ${RUNS} hostile requests (seed ${SEED}) with a 4xx and a message, and appends nothing`, async () => {
    const refusals = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (request) => {
        const path = request.path.replace('__COMPLAINT__', complaintId);
        const response = await api.request(request.method, path, request.body, request.headers);
        refusals.set(response.status, (refusals.get(response.status) ?? 0) + 1);
        const refusedClearly =
          response.status >= 400 && response.status < 500 && typeof response.body?.message === 'string';
        if (!refusedClearly) {
          throw new Error(
            `${summarise(request)}\n→ ${response.status} ${JSON.stringify(response.body)?.slice(0, 300)}`,
          );
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );

    expect((await api.get('/health/live')).status).toBe(200);
    expect((await api.get(`/complaints/${complaintId}/history`)).body.events).toHaveLength(eventsBefore);
    expect((await api.get('/complaints')).body.totals.total).toBe(1);
    // Each family of refusal showed up, so the generators reach what they aim at.
    expect([...refusals.keys()].sort()).toEqual(expect.arrayContaining([400, 413, 415]));
  }, 600_000);
});

/** The request as a failure report shows it, long bodies cut short. */
function summarise(request: Request): string {
  const body = request.body === undefined ? '' : ` ${String(request.body).slice(0, 200)}`;
  return `${request.method} ${request.path} ${JSON.stringify(request.headers)}${body}`;
}
