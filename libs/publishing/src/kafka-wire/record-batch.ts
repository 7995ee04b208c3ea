import { crc32c } from './crc32c';

/** A record as it goes into a batch: the key and value as UTF-8, each header value as UTF-8. */
export interface BatchRecord {
  key: string;
  value: string;
  headers: Readonly<Record<string, string>>;
}

/** Who writes the batch: the idempotent producer's id and epoch, and the partition's next sequence number. */
export interface BatchProducer {
  producerId: bigint;
  producerEpoch: number;
  firstSequence: number;
}

/** Fixed part of a v2 record batch, up to and including the record count. */
const BATCH_HEADER_BYTES = 61;
/** The CRC covers everything from the attributes on. */
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;
const MAGIC = 2;

/**
 * Encodes records as one uncompressed Kafka record batch (magic 2), byte for
 * byte what kafkajs's encoder writes for the same records, but sized first
 * and written into a single buffer: kafkajs allocates and zero-fills a
 * 512-byte buffer per record and per header and one more per varint, which
 * made it the publisher's main cost (~45 µs of ~55 µs per event).
 *
 * Every record gets the batch's timestamp (CreateTime, delta 0), as kafkajs
 * does for records without one.
 */
export function encodeRecordBatch(records: readonly BatchRecord[], producer: BatchProducer, timestamp: number): Buffer {
  // The UTF-8 lengths, measured once in the sizing pass and read back in the writing pass, in the same order.
  const lengths: number[] = [];
  const bodySizes: number[] = [];
  let recordsBytes = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    const keyLength = measure(lengths, record.key);
    const valueLength = measure(lengths, record.value);
    // attributes (1) + timestamp delta (varint 0: 1) + offset delta + key + value
    let body = 2 + varintSize(i) + varintSize(keyLength) + keyLength + varintSize(valueLength) + valueLength;
    let headerCount = 0;
    for (const name in record.headers) {
      const nameLength = measure(lengths, name);
      const headerLength = measure(lengths, record.headers[name]);
      body += varintSize(nameLength) + nameLength + varintSize(headerLength) + headerLength;
      headerCount++;
    }
    body += varintSize(headerCount);
    bodySizes.push(body);
    recordsBytes += varintSize(body) + body;
  }

  const batch = Buffer.allocUnsafe(BATCH_HEADER_BYTES + recordsBytes);
  batch.writeBigInt64BE(0n, 0); // base offset: the broker assigns it
  batch.writeInt32BE(batch.length - 12, 8); // length after the base offset and this field
  batch.writeInt32BE(0, 12); // partition leader epoch: the broker sets it
  batch.writeInt8(MAGIC, 16);
  batch.writeInt16BE(0, ATTRIBUTES_OFFSET); // no compression, CreateTime, not transactional
  batch.writeInt32BE(records.length - 1, 23); // last offset delta
  batch.writeBigInt64BE(BigInt(timestamp), 27); // first timestamp
  batch.writeBigInt64BE(BigInt(timestamp), 35); // max timestamp
  batch.writeBigInt64BE(producer.producerId, 43);
  batch.writeInt16BE(producer.producerEpoch, 51);
  batch.writeInt32BE(producer.firstSequence, 53);
  batch.writeInt32BE(records.length, 57);

  let offset = BATCH_HEADER_BYTES;
  let next = 0;
  const writeString = (text: string) => {
    const length = lengths[next++];
    offset = writeVarint(batch, offset, length);
    offset += batch.write(text, offset, length, 'utf8');
  };
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    offset = writeVarint(batch, offset, bodySizes[i]);
    batch[offset++] = 0; // attributes
    batch[offset++] = 0; // timestamp delta
    offset = writeVarint(batch, offset, i);
    writeString(record.key);
    writeString(record.value);
    let headerCount = 0;
    for (const _ in record.headers) headerCount++;
    offset = writeVarint(batch, offset, headerCount);
    for (const name in record.headers) {
      writeString(name);
      writeString(record.headers[name]);
    }
  }
  batch.writeUInt32BE(crc32c(batch.subarray(ATTRIBUTES_OFFSET)), CRC_OFFSET);
  return batch;
}

function measure(lengths: number[], text: string): number {
  const length = Buffer.byteLength(text, 'utf8');
  lengths.push(length);
  return length;
}

/** Size of a zigzag varint (Kafka's signed varint) of a non-negative 31-bit value. */
function varintSize(value: number): number {
  let zigzag = (value << 1) >>> 0;
  let bytes = 1;
  while (zigzag >= 0x80) {
    bytes++;
    zigzag >>>= 7;
  }
  return bytes;
}

function writeVarint(buffer: Buffer, offset: number, value: number): number {
  let zigzag = (value << 1) >>> 0;
  while (zigzag >= 0x80) {
    buffer[offset++] = (zigzag & 0x7f) | 0x80;
    zigzag >>>= 7;
  }
  buffer[offset++] = zigzag;
  return offset;
}
