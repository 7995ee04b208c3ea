import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { PUBLISHED_EVENT_TYPES } from '@redress/domain';
import { CLOUD_EVENT_HEADERS, ContractsModule, DEFAULT_TOPIC_LAYOUT, type TopicLayout } from '@redress/contracts';

const LAYOUT: TopicLayout = {
  ...DEFAULT_TOPIC_LAYOUT,
  routes: { ComplaintEscalated: ['complaints.escalations.v1'], SlaBreached: ['complaints.sla-breaches.v1'] },
};

describe('contracts over HTTP', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(
      ContractsModule.forRoot({ topics: LAYOUT }),
      new FastifyAdapter(),
      { logger: false },
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('indexes every event type and version with the href of its schema', async () => {
    const response = await get('/schemas');
    expect(response.statusCode).toBe(200);
    const index = response.json() as { eventType: string; schemaVersion: number; ceType: string; href: string }[];
    expect(new Set(index.map((entry) => entry.eventType))).toEqual(new Set(PUBLISHED_EVENT_TYPES));
    expect(index).toContainEqual({
      eventType: 'ComplaintReceived',
      schemaVersion: 1,
      ceType: 'com.redress.complaint.ComplaintReceived.v1',
      href: '/schemas/ComplaintReceived/1',
    });
  });

  it('serves one schema by type and version (1 or v1), and 404 for an unknown one', async () => {
    const response = await get('/schemas/ComplaintReceived/1');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/schema+json');
    expect(response.json()).toMatchObject({
      title: 'ComplaintReceived v1',
      required: expect.arrayContaining(['complaintId']),
    });
    expect((await get('/schemas/ComplaintReceived/v1')).json()).toEqual(response.json());
    expect((await get('/schemas/ComplaintReceived/9')).statusCode).toBe(404);
    expect((await get('/schemas/NoSuchEvent/1')).statusCode).toBe(404);
  });

  it('serves an AsyncAPI 3.0 document of the topics, headers, keys and payloads', async () => {
    const doc = (await get('/asyncapi')).json();
    expect(doc.asyncapi).toBe('3.0.0');
    const all = doc.channels.complaintsEventsV1;
    expect(all.address).toBe('complaints.events.v1');
    expect(all.bindings.kafka).toMatchObject({ partitions: 3, replicas: 1 });
    // Every published version of every type: the topic carries events written at each (ComplaintReceived has two).
    expect(Object.keys(all.messages)).toHaveLength(PUBLISHED_EVENT_TYPES.length + 1);
    expect(Object.keys(all.messages)).toEqual(expect.arrayContaining(['ComplaintReceived.v1', 'ComplaintReceived.v2']));
    // A routed topic carries only the types routed to it; a route for a type without a schema yet carries nothing.
    expect(Object.keys(doc.channels.complaintsEscalationsV1.messages)).toEqual(['ComplaintEscalated.v1']);
    expect(Object.keys(doc.channels.complaintsSlaBreachesV1.messages)).toEqual(['SlaBreached.v1']);

    const message = doc.components.messages['ComplaintReceived.v1'];
    expect(message.title).toBe('com.redress.complaint.ComplaintReceived.v1');
    expect(message.bindings.kafka.key).toMatchObject({ type: 'string', format: 'uuid' });
    expect(doc.components.schemas['ComplaintReceived.v1'].properties.complaintId).toEqual({ type: 'string' });
    // v2: the customer may carry sealed personal data, never plaintext.
    expect(Object.keys(doc.components.schemas['ComplaintReceived.v2'].properties.customer.properties)).toEqual(
      expect.arrayContaining(['id', 'tier', 'personalData']),
    );
    const headers = doc.components.schemas.CloudEventHeaders;
    const specs = Object.values(CLOUD_EVENT_HEADERS);
    expect(Object.keys(headers.properties)).toEqual(specs.map((spec) => spec.header));
    expect(headers.required).toEqual(specs.filter((spec) => spec.required).map((spec) => spec.header));
    expect(headers.required).not.toContain('traceparent');

    // Every reference in the document resolves inside it.
    const refs = JSON.stringify(doc).match(/"\$ref":"#\/[^"]+"/g) ?? [];
    for (const ref of refs) {
      const path = ref.slice(10, -1).split('/');
      const target = path.reduce((node: any, key) => node?.[key], doc);
      expect({ ref, resolved: target !== undefined }).toEqual({ ref, resolved: true });
    }
  });
});
