/**
 * Encoder of the Tunnel record stream (spec §5): protobuf wire primitives, field number = 1-based column index,
 * NULL = field omitted, each record closed by its CRC-32C, the stream closed by count + total CRC.
 *
 * Hot path: bytes go straight into one growing Buffer (capacity doubles), checksums are fed from that buffer or from
 * integers, and integers within ±2^52 never touch BigInt arithmetic beyond one comparison.
 */
import { CRC32C_INIT, crc32cFinal, crc32cUpdate, crc32cUpdateByte, crc32cUpdateInt32 } from './crc32c';
import { RecordValueError } from './errors';
import { planColumns, ValueClass, type ColumnPlan, type TunnelColumn, type TunnelValue } from './types';
import {
  DECIMAL_TEXT,
  END_RECORD_TAG,
  FAST_MAX,
  FAST_MIN,
  MAX_NANOS,
  META_CHECKSUM_TAG,
  META_COUNT_TAG,
  TWO_POW_32,
} from './wire';

const INITIAL_CAPACITY = 64 * 1024;

/** Bytes a field other than text/binary can need at most: a 5-byte tag, a 10-byte sint64 and a 5-byte sint32. */
const MAX_SCALAR_FIELD = 20;

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Builds one block body: call {@link RecordStreamWriter.write} per record, then {@link RecordStreamWriter.finish}.
 * A record whose value does not fit is rejected with {@link RecordValueError} and leaves no trace in the stream.
 */
export class RecordStreamWriter {
  private readonly plan: ColumnPlan[];
  /** Tag of each column (field number i + 1 and the column's wire type). */
  private readonly tags: number[];
  private buf: Buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private pos = 0;
  private count = 0;
  private crc = CRC32C_INIT;
  private total = CRC32C_INIT;
  private finished = false;

  /** Throws {@link UnsupportedTypeError} when a column type cannot be written. */
  constructor(columns: readonly TunnelColumn[]) {
    this.plan = planColumns(columns);
    this.tags = this.plan.map((c, i) => (i + 1) * 8 + c.wireType);
  }

  /** Records written so far. */
  get recordCount(): number {
    return this.count;
  }

  /** Bytes encoded so far (without the footer). */
  get byteLength(): number {
    return this.pos;
  }

  /**
   * Appends one record; `values[i]` is column i (a shorter array means trailing NULLs; null/undefined = NULL).
   * Throws {@link RecordValueError} (naming the column, never the value) for a value that does not fit its column;
   * the stream is then unchanged.
   */
  write(values: readonly TunnelValue[]): void {
    this.assertOpen();
    const plan = this.plan;
    if (values.length > plan.length) {
      throw new RecordValueError(
        plan.length,
        '(none)',
        '(none)',
        `record has ${values.length} values but the schema has ${plan.length} columns`,
      );
    }
    const start = this.pos;
    try {
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (value === null || value === undefined) continue;
        this.writeField(i, plan[i] as ColumnPlan, value);
      }
    } catch (error) {
      this.pos = start;
      this.crc = CRC32C_INIT;
      throw error;
    }
    this.ensure(MAX_SCALAR_FIELD);
    const recordCrc = crc32cFinal(this.crc);
    this.varint(END_RECORD_TAG);
    this.varint(recordCrc);
    this.total = crc32cUpdateInt32(this.total, recordCrc);
    this.crc = CRC32C_INIT;
    this.count++;
  }

  /**
   * The complete stream: records + footer (count, total CRC). The writer cannot be used afterwards. The result is a
   * view of the writer's buffer (no copy): send the Buffer itself, never its underlying `.buffer`.
   */
  finish(): Buffer {
    this.assertOpen();
    this.finished = true;
    this.ensure(2 * MAX_SCALAR_FIELD);
    this.varint(META_COUNT_TAG);
    this.varint(this.count * 2);
    this.varint(META_CHECKSUM_TAG);
    this.varint(crc32cFinal(this.total));
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.alloc(0);
    return out;
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('RecordStreamWriter: finish() was already called');
  }

  private fail(index: number, column: ColumnPlan, problem: string): never {
    throw new RecordValueError(index, column.name, column.type, problem);
  }

  private writeField(index: number, column: ColumnPlan, value: Exclude<TunnelValue, null>): void {
    const fieldNumber = index + 1;
    const tag = this.tags[index] as number;
    switch (column.cls) {
      case ValueClass.Int64:
      case ValueClass.Int32:
      case ValueClass.Int16:
      case ValueClass.Int8: {
        if (typeof value !== 'bigint') this.fail(index, column, `expected a bigint, got ${describe(value)}`);
        if (value < column.min || value > column.max)
          this.fail(index, column, 'integer out of range for the column type');
        this.ensure(MAX_SCALAR_FIELD);
        this.varint(tag);
        this.crc = crc32cUpdateInt32(this.crc, fieldNumber);
        this.sint64(value);
        return;
      }
      case ValueClass.Bool: {
        if (typeof value !== 'boolean') this.fail(index, column, `expected a boolean, got ${describe(value)}`);
        this.ensure(MAX_SCALAR_FIELD);
        this.varint(tag);
        const byte = value ? 1 : 0;
        this.buf[this.pos++] = byte;
        this.crc = crc32cUpdateByte(crc32cUpdateInt32(this.crc, fieldNumber), byte);
        return;
      }
      case ValueClass.Double:
      case ValueClass.Float: {
        if (typeof value !== 'number') this.fail(index, column, `expected a number, got ${describe(value)}`);
        this.ensure(MAX_SCALAR_FIELD);
        this.varint(tag);
        const at = this.pos;
        this.pos =
          column.cls === ValueClass.Double ? this.buf.writeDoubleLE(value, at) : this.buf.writeFloatLE(value, at);
        this.crc = crc32cUpdate(crc32cUpdateInt32(this.crc, fieldNumber), this.buf, at, this.pos);
        return;
      }
      case ValueClass.Text:
      case ValueClass.Decimal: {
        if (typeof value !== 'string') this.fail(index, column, `expected a string, got ${describe(value)}`);
        if (column.cls === ValueClass.Decimal && !DECIMAL_TEXT.test(value)) {
          this.fail(index, column, 'string is not decimal text');
        }
        const at = this.text(tag, value);
        this.crc = crc32cUpdate(crc32cUpdateInt32(this.crc, fieldNumber), this.buf, at, this.pos);
        return;
      }
      case ValueClass.Binary: {
        if (!(value instanceof Uint8Array)) this.fail(index, column, `expected a Uint8Array, got ${describe(value)}`);
        this.ensure(MAX_SCALAR_FIELD + value.length);
        this.varint(tag);
        this.varint(value.length);
        this.buf.set(value, this.pos);
        this.pos += value.length;
        this.crc = crc32cUpdate(crc32cUpdateInt32(this.crc, fieldNumber), value);
        return;
      }
      case ValueClass.Timestamp: {
        if (typeof value !== 'object' || value instanceof Uint8Array) {
          this.fail(index, column, `expected { seconds, nanos }, got ${describe(value)}`);
        }
        const { seconds, nanos } = value;
        if (typeof seconds !== 'bigint' || typeof nanos !== 'number') {
          this.fail(index, column, 'expected { seconds: bigint, nanos: number }');
        }
        if (seconds < column.min || seconds > column.max) this.fail(index, column, 'seconds out of range');
        if (!Number.isInteger(nanos) || nanos < 0 || nanos > MAX_NANOS) {
          this.fail(index, column, 'nanos must be an integer in 0..999999999');
        }
        this.ensure(MAX_SCALAR_FIELD);
        this.varint(tag);
        this.crc = crc32cUpdateInt32(this.crc, fieldNumber);
        this.sint64(seconds);
        this.varint(nanos * 2); // sint32 zig-zag of a non-negative value
        this.crc = crc32cUpdateInt32(this.crc, nanos);
        return;
      }
    }
  }

  /** Writes tag + bytes(UTF-8 text); returns where the text's bytes start (they end at `this.pos`). */
  private text(tag: number, value: string): number {
    const maxBytes = value.length * 3;
    if (maxBytes < 128) {
      this.ensure(MAX_SCALAR_FIELD + maxBytes);
      this.varint(tag);
      const at = this.pos + 1;
      const n = this.buf.write(value, at, 'utf8');
      this.buf[at - 1] = n;
      this.pos = at + n;
      return at;
    }
    const n = Buffer.byteLength(value, 'utf8');
    this.ensure(MAX_SCALAR_FIELD + n);
    this.varint(tag);
    this.varint(n);
    const at = this.pos;
    this.pos += this.buf.write(value, at, 'utf8');
    return at;
  }

  /** sint64 on the wire, int64 LE into the record CRC. Capacity must be ensured. */
  private sint64(value: bigint): void {
    if (value >= FAST_MIN && value <= FAST_MAX) {
      const n = Number(value);
      this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
      this.crc = crc32cUpdateInt32(crc32cUpdateInt32(this.crc, n >>> 0), Math.floor(n / TWO_POW_32) | 0);
      return;
    }
    let zz = BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
    const buf = this.buf;
    let pos = this.pos;
    while (zz >= 0x80n) {
      buf[pos++] = Number(zz & 0x7fn) | 0x80;
      zz >>= 7n;
    }
    buf[pos++] = Number(zz);
    this.pos = pos;
    const u = BigInt.asUintN(64, value);
    this.crc = crc32cUpdateInt32(crc32cUpdateInt32(this.crc, Number(u & 0xffffffffn)), Number(u >> 32n));
  }

  /** Varint of a non-negative integer below 2^53. Capacity must be ensured. */
  private varint(value: number): void {
    const buf = this.buf;
    let pos = this.pos;
    let v = value;
    while (v > 0x7fffffff) {
      buf[pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    while (v > 0x7f) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.buf.length) return;
    let capacity = this.buf.length * 2 || INITIAL_CAPACITY;
    while (capacity < needed) capacity *= 2;
    const next = Buffer.allocUnsafe(capacity);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}
