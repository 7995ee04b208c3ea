import { canonicalJson } from './canonical-json';

describe('canonical JSON (what every hash-chain link is computed over)', () => {
  it('sorts keys by UTF-16 code units at every depth, drops undefined members and keeps array positions', () => {
    expect(canonicalJson({ b: 1, B: 2, ä: 3, a: { z: [3, undefined, null], y: 'x' }, u: undefined })).toBe(
      '{"B":2,"a":{"y":"x","z":[3,null,null]},"b":1,"ä":3}',
    );
    expect(canonicalJson({ '\ud83d\ude00': 1, '\uffff': 2 })).toBe('{"😀":1,"\uffff":2}');
  });

  it('writes strings and numbers exactly as JSON.stringify does, and refuses what JSON cannot hold', () => {
    expect(canonicalJson(['line\u2028break "quoted" \\', 1.5e-7, -0, 10 ** 21, true, null])).toBe(
      `[${JSON.stringify('line\u2028break "quoted" \\')},1.5e-7,0,1e+21,true,null]`,
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([Number.POSITIVE_INFINITY])).toThrow(/non-finite/);
  });

  it('gives the same text as when the first chains were written', () => {
    // Changing this breaks the verification of every stored chain: the form is part of the audit record.
    const event = {
      streamId: 'complaint-8c1f6a0e-2f6e-4c1a-9d7e-1a2b3c4d5e6f',
      revision: 0,
      type: 'ComplaintReceived',
      data: { customer: { tier: 'HIGH_VALUE', id: 'CUST-1' }, content: '路由器断线', amounts: [50, 12.5] },
      metadata: { actor: { role: 'agent', id: 'agent-1' }, occurredAt: '2026-11-20T08:00:00.000Z' },
    };
    expect(canonicalJson(event)).toBe(
      '{"data":{"amounts":[50,12.5],"content":"路由器断线","customer":{"id":"CUST-1","tier":"HIGH_VALUE"}},' +
        '"metadata":{"actor":{"id":"agent-1","role":"agent"},"occurredAt":"2026-11-20T08:00:00.000Z"},' +
        '"revision":0,"streamId":"complaint-8c1f6a0e-2f6e-4c1a-9d7e-1a2b3c4d5e6f","type":"ComplaintReceived"}',
    );
  });
});
