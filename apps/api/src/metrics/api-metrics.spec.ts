import { randomUUID } from 'node:crypto';
import { migrateEventStore, SqlEventStore, WrongExpectedRevisionError, type NewEvent } from '@redress/event-store';
import { PgliteSqlClient } from '../../../../libs/event-store/src/embedded/pglite-sql-client';
import { ApiMetrics } from './api-metrics';

const event = (type = 'TestEvent'): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data: { n: 1 },
  metadata: {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: { id: 'a', role: 'agent' },
    occurredAt: new Date().toISOString(),
  },
});

describe('a metered event store', () => {
  let client: PgliteSqlClient;
  let store: SqlEventStore;

  beforeAll(async () => {
    client = await PgliteSqlClient.open(undefined);
    await migrateEventStore(client);
    store = new SqlEventStore(client);
  });
  afterAll(async () => {
    await client.close();
  });

  it('times appends, counts optimistic-concurrency conflicts, and passes everything else through', async () => {
    const metrics = new ApiMetrics();
    const metered = metrics.meterEventStore(store);

    await metered.append('stream-1', [event()], 'no_stream');
    await metered.append('stream-1', [event()], 0);
    await expect(metered.append('stream-1', [event()], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);

    expect(await metered.readStream('stream-1')).toHaveLength(2);
    expect(await metered.headPosition()).toBe(await store.headPosition());
    const scrape = await metrics.registry.metrics();
    expect(scrape).toContain('redress_event_store_append_duration_seconds_count{result="appended"} 2');
    expect(scrape).toContain('redress_event_store_append_duration_seconds_count{result="conflict"} 1');
    expect(scrape).toContain('redress_concurrency_conflicts_total 1');
  });

  it('counts appended events by type, an idempotent repeat adding none', async () => {
    const metrics = new ApiMetrics();
    const metered = metrics.meterEventStore(store);
    const stream = `stream-${randomUUID()}`;
    const breach = event('SlaBreached');
    await metered.append(stream, [event('SlaWarningReached'), event('SlaWarningReached')], 'no_stream');
    await metered.append(stream, [breach], 1);
    await metered.append(stream, [breach], 1); // a retried command: the store answers with the original result

    const scrape = await metrics.registry.metrics();
    expect(scrape).toContain('redress_events_appended_total{type="SlaWarningReached"} 2');
    expect(scrape).toContain('redress_events_appended_total{type="SlaBreached"} 1');
    expect(scrape).toContain('redress_event_store_append_duration_seconds_count{result="already_appended"} 1');
  });

  it('keeps each instance its own counters', async () => {
    const first = new ApiMetrics();
    const second = new ApiMetrics();
    await first.meterEventStore(store).append(`stream-${randomUUID()}`, [event()], 'no_stream');
    expect(await first.registry.metrics()).toContain(
      'redress_event_store_append_duration_seconds_count{result="appended"} 1',
    );
    expect(await second.registry.metrics()).not.toContain('result="appended"');
  });
});
