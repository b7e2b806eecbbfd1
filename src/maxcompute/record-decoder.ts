/**
 * Schema-driven decoder and validator of a Tunnel record stream (spec §5). The stream is not valid protobuf
 * (timestamps are length-delimited-tagged without a length), so every field is read by its column's type.
 */
import { CRC32C_INIT, crc32cFinal, crc32cUpdate, crc32cUpdateByte, crc32cUpdateInt32 } from './crc32c';
import { RecordStreamError, type RecordStreamErrorCode } from './errors';
import { planColumns, ValueClass, type ColumnPlan, type TunnelColumn, type TunnelValue } from './types';
import { DECIMAL_TEXT, END_RECORD_FIELD, MAX_NANOS, META_CHECKSUM_FIELD, META_COUNT_FIELD, TWO_POW_32 } from './wire';

/**
 * Decodes and validates a whole block body (already decompressed): every tag and wire type against the schema, the
 * value ranges of narrow types, each record's CRC, then the footer's count and total CRC, and that nothing follows
 * the footer. Returns one array per record with one entry per column (`null` for an omitted field).
 *
 * Throws {@link RecordStreamError}: `MalformedDataStream` for bad structure, tags, wire types, values or a
 * truncated stream; `CorruptedDataStream` for a CRC or count mismatch. Throws {@link UnsupportedTypeError} when a
 * column type cannot be carried at all. Text is decoded as UTF-8 with U+FFFD for invalid sequences (the CRC is
 * checked over the bytes as sent).
 */
export function decodeRecordStream(body: Uint8Array, columns: readonly TunnelColumn[]): TunnelValue[][] {
  return new Decoder(body, planColumns(columns)).run();
}

class Decoder {
  private readonly buf: Buffer;
  private pos = 0;
  private crc = CRC32C_INIT;

  constructor(
    body: Uint8Array,
    private readonly plan: readonly ColumnPlan[],
  ) {
    this.buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }

  run(): TunnelValue[][] {
    const records: TunnelValue[][] = [];
    const width = this.plan.length;
    let total = CRC32C_INIT;
    let record: TunnelValue[] | undefined;
    const seen = new Uint8Array(width);
    for (;;) {
      if (this.pos >= this.buf.length) this.fail('MalformedDataStream', 'stream ends without its footer');
      const tagAt = this.pos;
      const tag = this.tag();
      const field = Math.floor(tag / 8);
      const wireType = tag & 7;
      if (field === END_RECORD_FIELD) {
        this.expectVarintType(wireType, tagAt, 'end-of-record');
        const sent = this.uint32();
        const computed = crc32cFinal(this.crc);
        if (sent !== computed) this.fail('CorruptedDataStream', `record ${records.length + 1}: CRC mismatch`, tagAt);
        total = crc32cUpdateInt32(total, computed);
        if (record === undefined) {
          records.push(new Array<TunnelValue>(width).fill(null));
        } else {
          records.push(record);
          record = undefined;
          seen.fill(0);
        }
        this.crc = CRC32C_INIT;
        continue;
      }
      if (field === META_COUNT_FIELD) {
        this.expectVarintType(wireType, tagAt, 'record count');
        if (record !== undefined) this.fail('MalformedDataStream', 'footer inside an unfinished record', tagAt);
        const countAt = this.pos;
        const count = this.sint64Plain();
        if (count !== BigInt(records.length)) {
          this.fail(
            'CorruptedDataStream',
            `footer counts ${count} records, the stream holds ${records.length}`,
            countAt,
          );
        }
        const checksumAt = this.pos;
        if (this.pos >= this.buf.length) this.fail('MalformedDataStream', 'stream ends without its checksum');
        const checksumTag = this.tag();
        if (Math.floor(checksumTag / 8) !== META_CHECKSUM_FIELD) {
          this.fail('MalformedDataStream', 'record count is not followed by the stream checksum', checksumAt);
        }
        this.expectVarintType(checksumTag & 7, checksumAt, 'stream checksum');
        const sent = this.uint32();
        if (sent !== crc32cFinal(total)) this.fail('CorruptedDataStream', 'stream checksum mismatch', checksumAt);
        if (this.pos !== this.buf.length) this.fail('MalformedDataStream', 'bytes after the footer');
        return records;
      }
      if (field === META_CHECKSUM_FIELD)
        this.fail('MalformedDataStream', 'stream checksum without record count', tagAt);
      if (field < 1 || field > width) this.fail('MalformedDataStream', `unknown field number ${field}`, tagAt);
      const index = field - 1;
      const column = this.plan[index] as ColumnPlan;
      if (wireType !== column.wireType) {
        this.fail(
          'MalformedDataStream',
          `field ${field} (${column.type}) has wire type ${wireType}, expected ${column.wireType}`,
          tagAt,
        );
      }
      if (seen[index] === 1) this.fail('MalformedDataStream', `field ${field} appears twice in one record`, tagAt);
      seen[index] = 1;
      record ??= new Array<TunnelValue>(width).fill(null);
      this.crc = crc32cUpdateInt32(this.crc, field);
      record[index] = this.value(field, column);
    }
  }

  private value(field: number, column: ColumnPlan): TunnelValue {
    const at = this.pos;
    switch (column.cls) {
      case ValueClass.Int64:
      case ValueClass.Int32:
      case ValueClass.Int16:
      case ValueClass.Int8: {
        const v = this.sint64();
        if (v < column.min || v > column.max)
          this.fail('MalformedDataStream', `field ${field} out of range for ${column.type}`, at);
        return v;
      }
      case ValueClass.Bool: {
        this.need(1);
        const byte = this.buf[this.pos] as number;
        if (byte > 1) this.fail('MalformedDataStream', `field ${field}: boolean byte must be 0 or 1`, at);
        this.pos++;
        this.crc = crc32cUpdateByte(this.crc, byte);
        return byte === 1;
      }
      case ValueClass.Double: {
        this.need(8);
        this.pos += 8;
        this.crc = crc32cUpdate(this.crc, this.buf, at, this.pos);
        return this.buf.readDoubleLE(at);
      }
      case ValueClass.Float: {
        this.need(4);
        this.pos += 4;
        this.crc = crc32cUpdate(this.crc, this.buf, at, this.pos);
        return this.buf.readFloatLE(at);
      }
      case ValueClass.Text:
      case ValueClass.Decimal: {
        const start = this.bytes();
        const text = this.buf.toString('utf8', start, this.pos);
        if (column.cls === ValueClass.Decimal && !DECIMAL_TEXT.test(text)) {
          this.fail('MalformedDataStream', `field ${field}: not decimal text`, at);
        }
        return text;
      }
      case ValueClass.Binary: {
        const start = this.bytes();
        const out = new Uint8Array(this.pos - start);
        out.set(this.buf.subarray(start, this.pos));
        return out;
      }
      case ValueClass.Timestamp: {
        const seconds = this.sint64();
        const nanosAt = this.pos;
        const zz = this.uint32();
        const nanos = (zz >>> 1) ^ -(zz & 1);
        if (nanos < 0 || nanos > MAX_NANOS)
          this.fail('MalformedDataStream', `field ${field}: nanos out of range`, nanosAt);
        this.crc = crc32cUpdateInt32(this.crc, nanos);
        return { seconds, nanos };
      }
    }
  }

  /** Reads bytes(len) and feeds them to the record CRC; returns their start (they end at `this.pos`). */
  private bytes(): number {
    const lengthAt = this.pos;
    const length = this.varint();
    if (length > this.buf.length - this.pos)
      this.fail('MalformedDataStream', 'truncated length-delimited field', lengthAt);
    const start = this.pos;
    this.pos += length;
    this.crc = crc32cUpdate(this.crc, this.buf, start, this.pos);
    return start;
  }

  /** A tag: a varint below 2^32. */
  private tag(): number {
    const at = this.pos;
    const tag = this.varint();
    if (tag >= TWO_POW_32) this.fail('MalformedDataStream', 'tag out of range', at);
    return tag;
  }

  /** sint64 value; its int64 LE bytes go into the record CRC. */
  private sint64(): bigint {
    const start = this.pos;
    const small = this.varint();
    if (small < Number.MAX_SAFE_INTEGER) {
      const n = small % 2 === 0 ? small / 2 : -(small + 1) / 2;
      this.crc = crc32cUpdateInt32(crc32cUpdateInt32(this.crc, n >>> 0), Math.floor(n / TWO_POW_32) | 0);
      return BigInt(n);
    }
    this.pos = start;
    const zz = this.varintBig();
    const v = BigInt.asIntN(64, (zz >> 1n) ^ -(zz & 1n));
    const u = BigInt.asUintN(64, v);
    this.crc = crc32cUpdateInt32(crc32cUpdateInt32(this.crc, Number(u & 0xffffffffn)), Number(u >> 32n));
    return v;
  }

  /** sint64 not fed to any CRC (the footer's record count). */
  private sint64Plain(): bigint {
    const saved = this.crc;
    const v = this.sint64();
    this.crc = saved;
    return v;
  }

  /** uint32 (CRC values, sint32 zig-zag): the low 32 bits of a varint of up to 10 bytes. */
  private uint32(): number {
    return Number(this.varintBig() & 0xffffffffn);
  }

  /** A varint as a Number: exact below 2^53, else some value ≥ 2^53. */
  private varint(): number {
    const buf = this.buf;
    const start = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) this.fail('MalformedDataStream', 'truncated varint', start);
      const byte = buf[this.pos++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    this.fail('MalformedDataStream', 'varint longer than 10 bytes', start);
  }

  /** A varint of up to 64 bits as a BigInt. */
  private varintBig(): bigint {
    const buf = this.buf;
    const start = this.pos;
    let value = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= buf.length) this.fail('MalformedDataStream', 'truncated varint', start);
      const byte = buf[this.pos++] as number;
      if (i === 9 && byte > 1) this.fail('MalformedDataStream', 'varint exceeds 64 bits', start);
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
      shift += 7n;
    }
    this.fail('MalformedDataStream', 'varint longer than 10 bytes', start);
  }

  private need(n: number): void {
    if (this.buf.length - this.pos < n) this.fail('MalformedDataStream', 'truncated fixed-width field');
  }

  private expectVarintType(wireType: number, at: number, what: string): void {
    if (wireType !== 0) this.fail('MalformedDataStream', `${what} has wire type ${wireType}, expected 0`, at);
  }

  private fail(code: RecordStreamErrorCode, message: string, at = this.pos): never {
    throw new RecordStreamError(code, message, at);
  }
}
