import type { KafkaMessage } from 'kafkajs';
import { applyPublishedEvent, UnsupportedEventVersionError } from '../src/customer-complaint';
import { CustomerViewStore } from '../src/customer-view-store';
import { MalformedEventError, readPublishedEvent, type PublishedEvent } from '../src/published-event';

let sequence = 0;
const event = (eventType: string, data: Record<string, unknown> = {}, schemaVersion = 1): PublishedEvent => ({
  id: `e-${++sequence}`,
  eventType,
  schemaVersion,
  complaintId: 'C-1',
  sequence,
  time: `2026-11-20T08:00:${String(sequence).padStart(2, '0')}Z`,
  data,
});
const received = (complaintId = 'C-1') => ({
  ...event('ComplaintReceived', { customer: { id: 'CUST-1', tier: 'ORDINARY' }, receivedAt: '2026-11-20T08:00:00Z' }),
  complaintId,
});

describe('the CRM customer view', () => {
  it('follows status, reopenings and granted compensation', () => {
    const history = [
      received(),
      event('ComplaintClassified'),
      event('ComplaintTriaged'),
      event('ComplaintAssigned'),
      event('ComplaintEscalated'),
      event('RootCauseIdentified'),
      event('ResolutionProposed', { compensation: { kind: 'VOUCHER', amount: 50, currency: 'CNY' } }),
      event('ResolutionExecuted'),
      event('ComplaintReopened', { reopenCount: 1 }),
      event('ResolutionProposed', { compensation: { kind: 'REPLACEMENT' } }),
      event('ResolutionExecuted'),
      event('SomethingPublishedLater', {}, 3), // a type it does not know: tolerated
    ];
    const row = history.reduce(applyPublishedEvent, undefined);
    expect(row).toMatchObject({
      customerId: 'CUST-1',
      status: 'RESOLUTION_EXECUTED',
      reopenCount: 1,
      grantedCompensation: [{ kind: 'VOUCHER', amount: 50, currency: 'CNY' }, { kind: 'REPLACEMENT' }],
      lastEventType: 'SomethingPublishedLater',
    });
  });

  it('stops on a payload version it was not written for', () => {
    expect(() => applyPublishedEvent(undefined, event('ComplaintReceived', {}, 3))).toThrow(
      UnsupportedEventVersionError,
    );
    expect(() => applyPublishedEvent(undefined, event('ResolutionProposed', {}, 2))).toThrow(
      UnsupportedEventVersionError,
    );
  });

  describe('with its database', () => {
    let store: CustomerViewStore;

    // Opening PGlite runs initdb in WebAssembly: seconds alone, minutes on a machine as loaded as a full CI run
    // (one took over the test timeout there). That is set-up, not the behaviour under test, so it gets its own time.
    beforeAll(async () => {
      store = await CustomerViewStore.open(null);
    }, 600_000);

    afterAll(async () => {
      await store?.close();
    });

    it('applies each event id once, however often it is delivered', async () => {
      const first = received('C-9');
      const closed = { ...event('ComplaintClosed'), complaintId: 'C-9' };
      expect(await store.applyBatch([first, closed])).toEqual({ applied: 2, duplicates: 0 });
      expect(await store.applyBatch([first, closed])).toEqual({ applied: 0, duplicates: 2 });
      expect(await store.customer('CUST-1')).toMatchObject({ openComplaints: 0, complaints: [{ status: 'CLOSED' }] });
    });
  });

  it('reads a Kafka record in CloudEvents binary mode, and refuses one that is not a Redress event', () => {
    const message = {
      key: Buffer.from('C-1'),
      value: Buffer.from('{"reason":"x"}'),
      headers: {
        ce_id: Buffer.from('e-1'),
        ce_type: Buffer.from('com.redress.complaint.ComplaintWithdrawn.v1'),
        ce_subject: Buffer.from('C-1'),
        ce_sequence: Buffer.from('0000000000000002'),
        ce_time: Buffer.from('2026-11-20T08:00:00Z'),
        'content-type': Buffer.from('application/json'),
      },
    } as unknown as KafkaMessage;
    expect(readPublishedEvent(message)).toEqual({
      id: 'e-1',
      eventType: 'ComplaintWithdrawn',
      schemaVersion: 1,
      complaintId: 'C-1',
      sequence: 2,
      time: '2026-11-20T08:00:00Z',
      data: { reason: 'x' },
    });
    const foreign = { ...message, headers: { ...message.headers, ce_type: Buffer.from('com.other.Thing') } };
    expect(() => readPublishedEvent(foreign as KafkaMessage)).toThrow(MalformedEventError);
  });
});
