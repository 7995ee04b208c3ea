import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { javaCompatiblePartitioner, murmur2, partitionForKey } from '@redress/publishing';

/**
 * Vectors from the Java client (kafka-clients 4.1.1):
 *   Utils.murmur2(key.getBytes(UTF_8)) and Utils.toPositive(hash) % n for n = 3, 6, 12, 64.
 * "21", "foobar", "abc" and "a-little-bit-long-string" are also the vectors of Kafka's own UtilsTest.
 */
const JAVA_VECTORS: [key: string, murmur2: number, partitions: [number, number, number, number]][] = [
  ['', 275646681, [0, 3, 9, 25]],
  ['a', -1563381124, [1, 4, 4, 60]],
  ['ab', 316155434, [2, 2, 2, 42]],
  ['abc', 479470107, [0, 3, 3, 27]],
  ['21', -973932308, [0, 0, 0, 44]],
  ['foobar', -790332482, [0, 0, 6, 62]],
  ['a-little-bit-long-string', -985981536, [2, 2, 8, 32]],
  ['3f0c2f6e-8a51-4d0b-9a57-2d8c1e7b9a40', 284725774, [1, 4, 10, 14]],
  ['9b1a4a0e-1c52-5b8e-9f39-1f3a5c0d2e11', -1825764883, [1, 1, 1, 45]],
  ['00000000-0000-0000-0000-000000000000', 713427837, [0, 3, 9, 61]],
  ['ffffffff-ffff-ffff-ffff-ffffffffffff', -359870222, [0, 0, 6, 50]],
  ['complaint-\u6295\u8bc9-\u00e9', -161386458, [2, 2, 2, 38]],
];
const PARTITION_COUNTS = [3, 6, 12, 64];

const partitionMetadata = (count: number) =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));

describe('Java-compatible murmur2 partitioning', () => {
  it.each(JAVA_VECTORS)('hashes %j as the Java client does', (key, hash, partitions) => {
    expect(murmur2(Buffer.from(key, 'utf8'))).toBe(hash);
    expect(PARTITION_COUNTS.map((count) => partitionForKey(key, count))).toEqual(partitions);
  });

  it('maps every key to the same partition as kafkajs 2 DefaultPartitioner', () => {
    const kafkajs = Partitioners.DefaultPartitioner();
    const ours = javaCompatiblePartitioner();
    fc.assert(
      fc.property(
        fc.oneof(fc.uuid(), fc.string({ unit: 'binary', maxLength: 64 })),
        fc.integer({ min: 1, max: 100 }),
        (key, count) => {
          const args = { topic: 't', partitionMetadata: partitionMetadata(count), message: { key, value: null } };
          expect(ours(args)).toBe(kafkajs(args));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses a message without a key rather than spreading it round-robin', () => {
    const partition = javaCompatiblePartitioner();
    expect(() => partition({ topic: 't', partitionMetadata: partitionMetadata(3), message: { value: 'x' } })).toThrow(
      'needs a key',
    );
  });
});
