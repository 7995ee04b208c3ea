import type { SlaEvent } from '@redress/sla';
import { clockHistoryOfStream } from '../src/sla/merged-receipt';

const event = (type: string, data: Record<string, unknown>, occurredAt = '2026-11-02T09:00:00.000Z'): SlaEvent => ({
  type,
  data,
  occurredAt,
});
const received = event('ComplaintReceived', { complaintId: 'p', receivedAt: '2026-11-02T09:00:00.000Z' });
const acknowledged = event('ComplaintAcknowledged', { acknowledgedAt: '2026-11-02T10:00:00.000Z' });
const attached = event('DuplicateComplaintMerged', {
  duplicateId: 'd',
  effectiveReceivedAt: '2026-11-01T08:00:00.000Z',
});
const detached = event('DuplicateComplaintUnmerged', {
  duplicateId: 'd',
  effectiveReceivedAt: '2026-11-02T09:00:00.000Z',
});

describe('the history SLA clocks evaluate', () => {
  it('starts a primary’s clocks at its earliest receipt, and leaves the merge events out', () => {
    expect(clockHistoryOfStream([received, attached, acknowledged])).toEqual([
      { ...received, data: { complaintId: 'p', receivedAt: '2026-11-01T08:00:00.000Z' } },
      acknowledged,
    ]);
  });

  it('gives the primary its own receipt back after the unmerge: the history is the unmerged one', () => {
    expect(clockHistoryOfStream([received, attached, acknowledged, detached])).toEqual([received, acknowledged]);
  });

  it('gives a merged duplicate no clocks until it is unmerged', () => {
    const mergedInto = event('ComplaintMergedInto', { primaryId: 'p' });
    const unmerged = event('ComplaintUnmerged', { primaryId: 'p' });
    expect(clockHistoryOfStream([received, mergedInto])).toEqual([]);
    expect(clockHistoryOfStream([received, mergedInto, unmerged, acknowledged])).toEqual([received, acknowledged]);
  });
});
