/** Big-endian writer for Kafka request bodies (the classic, non-flexible encodings). */
export class WireWriter {
  private buffer: Buffer;
  private offset = 0;

  constructor(initialBytes = 256) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  int8(value: number): this {
    this.reserve(1).writeInt8(value, this.offset - 1);
    return this;
  }

  int16(value: number): this {
    this.reserve(2).writeInt16BE(value, this.offset - 2);
    return this;
  }

  int32(value: number): this {
    this.reserve(4).writeInt32BE(value, this.offset - 4);
    return this;
  }

  /** A nullable string: int16 length (-1 for null), then UTF-8. */
  string(value: string | null): this {
    if (value === null) return this.int16(-1);
    const length = Buffer.byteLength(value, 'utf8');
    this.int16(length);
    this.reserve(length).write(value, this.offset - length, length, 'utf8');
    return this;
  }

  /** Bytes: int32 length, then the bytes. */
  bytes(value: Uint8Array): this {
    this.int32(value.length);
    const start = this.offset;
    this.reserve(value.length).set(value, start);
    return this;
  }

  array<T>(items: readonly T[], write: (item: T) => void): this {
    this.int32(items.length);
    for (const item of items) write(item);
    return this;
  }

  toBuffer(): Buffer {
    return this.buffer.subarray(0, this.offset);
  }

  /** Makes room for `bytes` more and moves the offset past them; returns the buffer to write them into. */
  private reserve(bytes: number): Buffer {
    const needed = this.offset + bytes;
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.offset);
      this.buffer = grown;
    }
    this.offset = needed;
    return this.buffer;
  }
}

/** Big-endian reader for Kafka responses; reading past the end throws (a RangeError from Buffer). */
export class WireReader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  int8(): number {
    return this.buffer.readInt8((this.offset += 1) - 1);
  }

  int16(): number {
    return this.buffer.readInt16BE((this.offset += 2) - 2);
  }

  int32(): number {
    return this.buffer.readInt32BE((this.offset += 4) - 4);
  }

  int64(): bigint {
    return this.buffer.readBigInt64BE((this.offset += 8) - 8);
  }

  string(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const text = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }

  array<T>(read: () => T): T[] {
    const count = this.int32();
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(read());
    return items;
  }
}
