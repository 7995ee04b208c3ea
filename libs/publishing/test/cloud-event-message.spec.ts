import type { RecordedEvent } from '@redress/event-store';
import { aggregateIdOf, toCloudEventRecord } from '@redress/publishing';

const EVENT: RecordedEvent = {
  eventId: '9b1a4a0e-1c52-5b8e-9f39-1f3a5c0d2e11',
  type: 'ComplaintEscalated',
  schemaVersion: 1,
  data: { previousLevel: null, level: 'SUPERVISOR', reason: 'Second outage', team: null },
  metadata: {
    commandId: 'cmd-1',
    correlationId: 'corr-1',
    causationId: 'cause-1',
    actor: { id: 'agent-7', role: 'agent' },
    occurredAt: '2026-11-20T08:00:00.000Z',
    commandType: 'EscalateComplaint',
  },
  streamId: 'complaint-3f0c2f6e-8a51-4d0b-9a57-2d8c1e7b9a40',
  revision: 4,
  position: 1042,
  recordedAt: '2026-11-20T08:00:00.123Z',
};

describe('an event as a CloudEvent record (Kafka binary mode)', () => {
  const record = toCloudEventRecord(EVENT, { source: '/redress', dataSchemaBaseUrl: 'https://api.example/schemas/' });

  it('keys by complaint id and carries the data, unchanged, as the JSON value', () => {
    expect(record.key).toBe('3f0c2f6e-8a51-4d0b-9a57-2d8c1e7b9a40');
    expect(JSON.parse(record.value)).toEqual(EVENT.data);
  });

  it('maps every attribute to its header', () => {
    expect(record.headers).toEqual({
      ce_id: EVENT.eventId,
      ce_type: 'com.redress.complaint.ComplaintEscalated.v1',
      ce_source: '/redress',
      ce_specversion: '1.0',
      ce_subject: '3f0c2f6e-8a51-4d0b-9a57-2d8c1e7b9a40',
      ce_time: '2026-11-20T08:00:00.000Z',
      'content-type': 'application/json',
      ce_dataschema: 'https://api.example/schemas/ComplaintEscalated/1',
      ce_correlationid: 'corr-1',
      ce_causationid: 'cause-1',
      ce_actorid: 'agent-7',
      ce_actorrole: 'agent',
      ce_sequence: '0000000000000004',
      ce_logposition: '1042',
      ce_partitionkey: '3f0c2f6e-8a51-4d0b-9a57-2d8c1e7b9a40',
    });
  });

  it('carries the trace context the event recorded as W3C headers and as the Distributed Tracing extension', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const options = { source: '/redress', dataSchemaBaseUrl: 'https://api.example/schemas/' };
    const traced = (metadata: Record<string, unknown>) =>
      toCloudEventRecord({ ...EVENT, metadata: { ...EVENT.metadata, ...metadata } }, options).headers;

    expect(traced({ traceparent, tracestate: 'congo=t61rcWkgMzE' })).toMatchObject({
      traceparent,
      tracestate: 'congo=t61rcWkgMzE',
      ce_traceparent: traceparent,
      ce_tracestate: 'congo=t61rcWkgMzE',
    });
    const withoutState = traced({ traceparent });
    expect(withoutState).toMatchObject({ traceparent, ce_traceparent: traceparent });
    expect(Object.keys(withoutState).filter((name) => name.includes('tracestate'))).toEqual([]);
    // An event recorded without one (above: EVENT itself) has no trace header at all.
    expect(Object.keys(record.headers).filter((name) => name.includes('trace'))).toEqual([]);
  });

  it('is the same record every time, so a re-publication is recognisable', () => {
    expect(
      toCloudEventRecord(EVENT, { source: '/redress', dataSchemaBaseUrl: 'https://api.example/schemas/' }),
    ).toEqual(record);
  });

  it('orders ce_sequence lexicographically as numerically', () => {
    const sequence = (revision: number) =>
      toCloudEventRecord({ ...EVENT, revision }, { source: '/', dataSchemaBaseUrl: 'http://x' }).headers.ce_sequence;
    expect([sequence(10), sequence(9), sequence(100)].sort()).toEqual([sequence(9), sequence(10), sequence(100)]);
  });

  it('keys a non-complaint stream by its whole id', () => {
    expect(aggregateIdOf('other-stream')).toBe('other-stream');
  });
});
