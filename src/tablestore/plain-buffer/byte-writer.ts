/** Growable little-endian output buffer for the PlainBuffer encoder. */

const INITIAL_CAPACITY = 256;

export class ByteWriter {
  private buf: Buffer;
  /** Number of bytes written so far. */
  pos = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** The underlying buffer; valid until the next write (it may be reallocated). */
  get bytes(): Buffer {
    return this.buf;
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    // Doubling keeps the encoder linear; rows up to the 4 MB request limit need ~15 reallocations at most.
    const next = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  u8(value: number): void {
    this.ensure(1);
    this.buf[this.pos++] = value;
  }

  i32(value: number): void {
    this.ensure(4);
    this.buf.writeInt32LE(value, this.pos);
    this.pos += 4;
  }

  i64(value: bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64LE(value, this.pos);
    this.pos += 8;
  }

  f64(value: number): void {
    this.ensure(8);
    // The IEEE-754 bits written little-endian are exactly "f64 bits as i64" (spec 3.1).
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  bytesOf(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** Writes `text` as UTF-8; `byteLength` must be `Buffer.byteLength(text)`. */
  utf8(text: string, byteLength: number): void {
    this.ensure(byteLength);
    this.buf.write(text, this.pos, byteLength, 'utf8');
    this.pos += byteLength;
  }

  /** A copy of the written bytes, sized exactly: the output never carries padding. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
