import { crc32c } from '../src/kafka-wire/crc32c';
import { encodeRecordBatch, type BatchRecord } from '../src/kafka-wire/record-batch';

// kafkajs's own encoders, as the reference the published bytes must not drift from.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RecordBatch: kafkajsRecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Long = require('kafkajs/src/utils/long');

async function kafkajsBytes(records: BatchRecord[], timestamp: number): Promise<Buffer> {
  const encoded = await kafkajsRecordBatch({
    records: records.map((record, offsetDelta) => kafkajsRecord({ ...record, offsetDelta, timestampDelta: 0 })),
    firstTimestamp: timestamp,
    maxTimestamp: timestamp,
    producerId: Long.fromValue(4711),
    producerEpoch: 3,
    firstSequence: 120,
    lastOffsetDelta: records.length - 1,
  });
  return encoded.buffer;
}

function cloudEventLike(n: number): BatchRecord {
  const id = `3f1c2a4e-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    key: id,
    value: JSON.stringify({ complaintId: id, summary: `Rückerstattung ${'é'.repeat(n % 7)} ${'x'.repeat(n * 13)}` }),
    headers: {
      ce_id: `evt-${n}`,
      ce_type: 'com.redress.complaint.received.v1',
      ce_source: '/redress',
      ce_specversion: '1.0',
      ce_subject: id,
      ce_time: '2026-11-24T12:00:00.000Z',
      'content-type': 'application/json',
      ce_actorid: n % 2 ? 'agent-ü' : '',
    },
  };
}

describe('the record batch encoder', () => {
  it('writes byte for byte what kafkajs writes for the same records', async () => {
    const timestamp = 1_790_000_000_123;
    for (const count of [1, 2, 17, 300]) {
      const records = Array.from({ length: count }, (_, n) => cloudEventLike(n));
      const ours = encodeRecordBatch(records, { producerId: 4711n, producerEpoch: 3, firstSequence: 120 }, timestamp);
      expect(ours.equals(await kafkajsBytes(records, timestamp))).toBe(true);
    }
  });

  it('checksums with CRC-32C (Castagnoli), not the IEEE polynomial', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });
});
