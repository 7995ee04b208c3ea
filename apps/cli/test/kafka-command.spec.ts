import { backfillSelector } from '@redress/publishing';
import { parseFrom } from '../src/kafka.command';

describe('kafka republish options', () => {
  it('reads --from as a first position (inclusive) or an ISO time', () => {
    expect(parseFrom('1')).toEqual({ afterPosition: 0 });
    expect(parseFrom('0')).toEqual({ afterPosition: 0 });
    expect(parseFrom('1042')).toEqual({ afterPosition: 1041 });
    expect(parseFrom('2026-11-20T08:00:00Z')).toEqual({ recordedSince: new Date('2026-11-20T08:00:00Z') });
    expect(() => parseFrom('yesterday')).toThrow('--from must be');
  });

  it('sends everything to the all-events topic or a new topic, and only routed types to a routed topic', () => {
    const layout = { allEvents: 'all', routes: { SlaBreached: ['sla'] }, partitions: 3, replicationFactor: 1 };
    expect(backfillSelector(layout, 'all')('ComplaintReceived')).toEqual(['all']);
    expect(backfillSelector(layout, 'fresh')('ComplaintReceived')).toEqual(['fresh']);
    expect(backfillSelector(layout, 'sla')('ComplaintReceived')).toEqual([]);
    expect(backfillSelector(layout, 'sla')('SlaBreached')).toEqual(['sla']);
  });
});
