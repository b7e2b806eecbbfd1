/** Bounds-checked little-endian input cursor for the PlainBuffer decoder; every overrun is a PlainBufferError. */
import { PlainBufferError } from '../errors';

export class ByteReader {
  readonly buf: Buffer;
  pos = 0;

  constructor(bytes: Uint8Array) {
    // A view, not a copy: decoding a large GetRange page should not double its memory.
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** The next byte without consuming it, or -1 at the end. */
  peek(): number {
    return this.pos < this.buf.length ? (this.buf[this.pos] as number) : -1;
  }

  private need(count: number, what: string): void {
    if (count < 0 || this.pos + count > this.buf.length) {
      throw new PlainBufferError(`Invalid PlainBuffer: truncated ${what} at offset ${this.pos}.`, {
        offset: this.pos,
      });
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.buf[this.pos++] as number;
  }

  i32(what: string): number {
    this.need(4, what);
    const value = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  i64(what: string): bigint {
    this.need(8, what);
    const value = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return value;
  }

  f64(what: string): number {
    this.need(8, what);
    const value = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return value;
  }

  /** Reads an i32 length that must be non-negative and fit in the rest of the buffer. */
  length(what: string): number {
    const at = this.pos;
    const length = this.i32(`${what} length`);
    if (length < 0 || length > this.remaining) {
      throw new PlainBufferError(`Invalid PlainBuffer: ${what} length ${length} at offset ${at} exceeds the data.`, {
        offset: at,
      });
    }
    return length;
  }

  /** Advances past `count` bytes and returns where they start. */
  skip(count: number, what: string): number {
    this.need(count, what);
    const start = this.pos;
    this.pos += count;
    return start;
  }

  /** Whether every byte from the cursor to the end is zero (the npm SDK's padding, spec 3.9). */
  restIsZero(): boolean {
    for (let i = this.pos; i < this.buf.length; i++) if (this.buf[i] !== 0) return false;
    return true;
  }
}
