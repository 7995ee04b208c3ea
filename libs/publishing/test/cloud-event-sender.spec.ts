import type { RecordedEvent } from '@redress/event-store';
import type { Producer, ProducerBatch } from 'kafkajs';
import { CloudEventSender, routedBy } from '@redress/publishing';

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
  const requests: ProducerBatch[] = [];
  const producer = { sendBatch: async (batch: ProducerBatch) => void requests.push(batch) } as unknown as Producer;
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
  it('sends one acks=all request, each event to the all-events topic and its routed topics, in log order', async () => {
    const { producer, requests } = recordingProducer();
    await new CloudEventSender(producer, OPTIONS, routedBy(LAYOUT)).send([
      event(1),
      event(2, 'ComplaintEscalated'),
      event(3),
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0].acks).toBe(-1);
    const ids = (topic: string) =>
      requests[0].topicMessages?.find((t) => t.topic === topic)?.messages.map((m) => m.headers?.ce_id);
    expect(ids('all')).toEqual(['e-1', 'e-2', 'e-3']);
    expect(ids('escalations')).toEqual(['e-2']);
  });

  it('splits a batch too large for one request into consecutive requests, keeping the order', async () => {
    const { producer, requests } = recordingProducer();
    const events = Array.from({ length: 40 }, (_, i) => event(i + 1, 'ComplaintClassified', 50_000));
    await new CloudEventSender(producer, OPTIONS, routedBy(LAYOUT)).send(events);
    expect(requests.length).toBeGreaterThan(1);
    const sent = requests.flatMap((r) => r.topicMessages?.[0].messages.map((m) => m.headers?.ce_id) ?? []);
    expect(sent).toEqual(events.map((e) => e.eventId));
  });
});
