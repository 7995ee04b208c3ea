import type { ComplaintEvent } from '@redress/domain';
import type { RecordedEvent } from '@redress/event-store';
import { evolveComplaintKpiFacts, type ComplaintKpiFacts } from './complaint-kpi-facts';

const RECEIVED_AT = '2026-11-02T08:00:00.000Z';
const COMPLAINT_ID = '7f3c1f1e-2d0a-4c55-9d43-0d5b8d1f6a01';
const received: ComplaintEvent = {
  type: 'ComplaintReceived',
  data: {
    complaintId: COMPLAINT_ID,
    channel: 'EMAIL',
    customer: { id: 'CUST-1', tier: 'ORDINARY' },
    content: 'The router drops the connection every hour',
    reason: 'Product does not work as advertised',
    object: { kind: 'PRODUCT', reference: 'ROUTER-X200' },
    remedySought: 'Replace the router',
    occurredAt: RECEIVED_AT,
    receivedAt: RECEIVED_AT,
  },
};

function fold(events: ComplaintEvent[]): ComplaintKpiFacts | null {
  return events.reduce<ComplaintKpiFacts | null>(
    (row, event, i) =>
      evolveComplaintKpiFacts(row, {
        ...event,
        schemaVersion: 1,
        position: i + 1,
        revision: i,
        streamId: `complaint-${COMPLAINT_ID}`,
      } as unknown as RecordedEvent),
    null,
  );
}

describe('first response of the complaint KPIs', () => {
  it('is the acknowledgement when that is the first message to the customer', () => {
    const facts = fold([
      received,
      {
        type: 'ComplaintAcknowledged',
        data: { channel: 'SMS', message: null, acknowledgedAt: '2026-11-02T08:20:00.000Z' },
      },
      {
        type: 'ProgressUpdateSent',
        data: {
          progress: 'Fault reproduced',
          cause: 'Firmware watchdog',
          measures: 'Replacement prepared',
          stage: 'analysis',
          responsiblePerson: 'agent-7',
          expectedCompletionAt: '2026-11-05T08:00:00.000Z',
          sentAt: '2026-11-02T12:00:00.000Z',
        },
      },
    ]);
    expect(facts?.first_response_at).toBe('2026-11-02T08:20:00.000Z');
  });

  it('counts holding and final responses and detailed feedback as responses too', () => {
    expect(
      fold([
        received,
        { type: 'DetailedFeedbackSent', data: { feedback: 'Lab test booked', sentAt: '2026-11-02T09:00:00.000Z' } },
      ])?.first_response_at,
    ).toBe('2026-11-02T09:00:00.000Z');
    expect(
      fold([
        received,
        {
          type: 'HoldingResponseSent',
          data: {
            reason: 'Awaiting a lab',
            expectedBy: '2026-11-20T00:00:00.000Z',
            sentAt: '2026-11-02T10:00:00.000Z',
          },
        },
      ])?.first_response_at,
    ).toBe('2026-11-02T10:00:00.000Z');
  });

  it('is not set by internal steps, and a later acknowledgement does not move an earlier response', () => {
    const internal = fold([
      received,
      { type: 'ComplaintAssigned', data: { department: 'after-sales', assignee: 'agent-7' } },
      { type: 'ProblemClarified', data: { summary: 'Hourly reboot', clarifiedAt: '2026-11-02T09:00:00.000Z' } },
    ]);
    expect(internal?.first_response_at).toBeNull();
    const informedFirst = fold([
      received,
      {
        type: 'CustomerInformedOfResult',
        data: { result: 'Replaced', channel: 'PHONE', informedAt: '2026-11-02T09:30:00.000Z' },
      },
      {
        type: 'ComplaintAcknowledged',
        data: { channel: 'SMS', message: null, acknowledgedAt: '2026-11-02T10:00:00.000Z' },
      },
    ]);
    expect(informedFirst?.first_response_at).toBe('2026-11-02T09:30:00.000Z');
  });
});
