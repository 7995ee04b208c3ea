import type { RecordedEvent } from '@redress/event-store';
import { CustomerViewStore, type CustomerView } from '../../apps/crm-consumer/src/customer-view-store';
import { recordsByKey, type ReadRecord } from '../support/kafka-topic-reader';

/** How many times each ce_id was published. */
export function publicationCounts(records: ReadRecord[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.headers.ce_id, (counts.get(record.headers.ce_id) ?? 0) + 1);
  return counts;
}

/** Asserts nothing was lost, and returns the ids published more than once. */
export function expectAllPublished(records: ReadRecord[], events: RecordedEvent[]): string[] {
  const counts = publicationCounts(records);
  expect([...counts.keys()].sort()).toEqual(events.map((e) => e.eventId).sort());
  return [...counts].filter(([, count]) => count > 1).map(([id]) => id);
}

/**
 * Per complaint, the first delivery of each event comes in revision order
 * (0, 1, 2, …): what a consumer that skips seen ce_ids observes.
 */
export function expectOrderedPerComplaint(records: ReadRecord[]): void {
  for (const [key, ofComplaint] of recordsByKey(records)) {
    const seen = new Set<string>();
    const revisions = ofComplaint
      .filter((record) => !seen.has(record.headers.ce_id) && seen.add(record.headers.ce_id))
      .map((record) => Number(record.headers.ce_sequence));
    expect({ key, revisions }).toEqual({ key, revisions: revisions.map((_, i) => i) });
  }
}

/** Every copy of a duplicated event is the same record: same key, value and headers. */
export function expectIdenticalCopies(records: ReadRecord[], ids: string[]): void {
  for (const id of ids) {
    const copies = records
      .filter((r) => r.headers.ce_id === id)
      .map(({ key, value, headers }) => ({ key, value, headers }));
    for (const copy of copies) expect(copy).toEqual(copies[0]);
  }
}

/** The customer view built straight from the log, each event once and in order: what the consumer must end with. */
export async function customerViewsFromLog(events: RecordedEvent[]): Promise<Map<string, CustomerView | undefined>> {
  const view = await CustomerViewStore.open(null);
  try {
    await view.applyBatch(
      events.map((event) => ({
        id: event.eventId,
        eventType: event.type,
        schemaVersion: event.schemaVersion,
        complaintId: event.streamId.replace('complaint-', ''),
        sequence: event.revision,
        time: event.metadata.occurredAt,
        data: event.data as Record<string, unknown>,
      })),
    );
    const ids = await view.customerIds();
    return new Map(await Promise.all(ids.map(async (id) => [id, await view.customer(id)] as const)));
  } finally {
    await view.close();
  }
}

export async function customerViews(view: CustomerViewStore): Promise<Map<string, CustomerView | undefined>> {
  const ids = await view.customerIds();
  return new Map(await Promise.all(ids.map(async (id) => [id, await view.customer(id)] as const)));
}
