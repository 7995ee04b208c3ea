import type { RecordedEvent } from '@redress/event-store';
import { CloudEventSender, routedBy, type ProducerRequest, type RecordProducer } from '@redress/publishing';

function event(position: number, type = 'ComplaintClassified', bytes = 10): RecordedEvent {
  return {
    eventId: `e-${position}`,
    type,
    schemaVersion: 1,
    data: { note: 'x'.repeat(bytes) },
    metadata: { commandId: 'c', correlationId: 'c', causationId: 'c', actor: { id: 'a', role: 'r' }, occurredAt: 't' },
    streamId: `complaint-${position % 7}`,
    revision: position,
    position,
    recordedAt: 't',
  };
}

function recordingProducer() {
  const requests: ProducerRequest[] = [];
  const producer: RecordProducer = {
    connect: async () => undefined,
    send: async (request) => void requests.push(request),
    disconnect: async () => undefined,
  };
  return { producer, requests };
}

const OPTIONS = { source: '/redress', dataSchemaBaseUrl: 'http://localhost/schemas' };
const LAYOUT = {
  allEvents: 'all',
  routes: { ComplaintEscalated: ['escalations'] },
  partitions: 3,
  replicationFactor: 1,
};

describe('sending a batch of events', () => {
  it('sends one request, each event to the all-events topic and its routed topics, in log order', async () => {
    const { producer, requests } = recordingProducer();
    await new CloudEventSender(producer, OPTIONS, routedBy(LAYOUT)).send([
      event(1),
      event(2, 'ComplaintEscalated'),
      event(3),
    ]);
    expect(requests).toHaveLength(1);
    const ids = (topic: string) => requests[0].filter((r) => r.topic === topic).map((r) => r.headers.ce_id);
    expect(ids('all')).toEqual(['e-1', 'e-2', 'e-3']);
    expect(ids('escalations')).toEqual(['e-2']);
  });

  it('splits a batch too large for one request into consecutive requests, keeping the order', async () => {
    const { producer, requests } = recordingProducer();
    const events = Array.from({ length: 40 }, (_, i) => event(i + 1, 'ComplaintClassified', 50_000));
    await new CloudEventSender(producer, OPTIONS, routedBy(LAYOUT)).send(events);
    expect(requests.length).toBeGreaterThan(1);
    const sent = requests.flatMap((request) => request.map((r) => r.headers.ce_id));
    expect(sent).toEqual(events.map((e) => e.eventId));
  });
});
