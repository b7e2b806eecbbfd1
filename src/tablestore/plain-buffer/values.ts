/**
 * Encoding of single values (`vtype` byte + payload, spec 3.4), shared by the row encoder/decoder and by column
 * filters, whose `column_value` is exactly these bytes.
 */
import { PlainBufferError } from '../errors';
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { ValueType } from './constants';
import { AUTO_INCREMENT, INF_MAX, INF_MIN, type AttributeValue, type PrimaryKeyValue } from './types';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Any value PlainBuffer can carry. */
export type PlainBufferValue = PrimaryKeyValue | AttributeValue;

/** Throws unless `value` fits in a signed 64-bit integer. */
export function checkInt64(value: bigint, what: string): void {
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new PlainBufferError(`Invalid PlainBuffer: ${what} ${value} does not fit in a signed 64-bit integer.`);
  }
}

/** The `vtype` byte of `value`. */
export function valueTypeOf(value: PlainBufferValue): number {
  switch (typeof value) {
    case 'bigint':
      return ValueType.INTEGER;
    case 'number':
      return ValueType.DOUBLE;
    case 'boolean':
      return ValueType.BOOLEAN;
    case 'string':
      return ValueType.STRING;
    default:
      if (value instanceof Uint8Array) return ValueType.BLOB;
      // Guards JavaScript callers (and JSON-revived rows) that pass null or a plain object.
      if (value === null || typeof value !== 'object') {
        throw new PlainBufferError(`Invalid PlainBuffer: unsupported value ${String(value)}.`);
      }
      if (value === INF_MIN || value.special === 'INF_MIN') return ValueType.INF_MIN;
      if (value === INF_MAX || value.special === 'INF_MAX') return ValueType.INF_MAX;
      if (value === AUTO_INCREMENT || value.special === 'AUTO_INCREMENT') return ValueType.AUTO_INCREMENT;
      throw new PlainBufferError(`Invalid PlainBuffer: unsupported value ${String(value)}.`);
  }
}

/** Whether a `vtype` may appear in a primary-key cell (spec 3.4 "Where allowed"). */
export function isPrimaryKeyType(vtype: number): boolean {
  return (
    vtype === ValueType.INTEGER ||
    vtype === ValueType.STRING ||
    vtype === ValueType.BLOB ||
    vtype === ValueType.INF_MIN ||
    vtype === ValueType.INF_MAX ||
    vtype === ValueType.AUTO_INCREMENT
  );
}

/** Whether a `vtype` may appear in an attribute cell. */
export function isAttributeType(vtype: number): boolean {
  return (
    vtype === ValueType.INTEGER ||
    vtype === ValueType.DOUBLE ||
    vtype === ValueType.BOOLEAN ||
    vtype === ValueType.STRING ||
    vtype === ValueType.BLOB
  );
}

/**
 * Writes `vtype` + payload and returns nothing; `stringBytes` is the UTF-8 length of a string value, computed by
 * the caller because it also needs it for `vlen`.
 */
export function writeValue(out: ByteWriter, value: PlainBufferValue, vtype: number, stringBytes: number): void {
  out.u8(vtype);
  switch (vtype) {
    case ValueType.INTEGER:
      checkInt64(value as bigint, 'integer value');
      out.i64(value as bigint);
      return;
    case ValueType.DOUBLE:
      out.f64(value as number);
      return;
    case ValueType.BOOLEAN:
      out.u8(value ? 1 : 0);
      return;
    case ValueType.STRING:
      out.i32(stringBytes);
      out.utf8(value as string, stringBytes);
      return;
    case ValueType.BLOB:
      out.i32((value as Uint8Array).length);
      out.bytesOf(value as Uint8Array);
      return;
    default:
      // INF_MIN, INF_MAX, AUTO_INCREMENT: the vtype byte is the whole value.
      return;
  }
}

/** `vlen`: byte length of `vtype` + payload. */
export function encodedValueLength(value: PlainBufferValue, vtype: number, stringBytes: number): number {
  switch (vtype) {
    case ValueType.INTEGER:
    case ValueType.DOUBLE:
      return 9;
    case ValueType.BOOLEAN:
      return 2;
    case ValueType.STRING:
      return 5 + stringBytes;
    case ValueType.BLOB:
      return 5 + (value as Uint8Array).length;
    default:
      return 1;
  }
}

/**
 * Reads `vtype` + payload at the cursor. Strings are decoded leniently (invalid UTF-8 becomes U+FFFD): all writers
 * emit valid UTF-8 and rejecting it would make the stream client drop records the service accepted.
 */
export function readValue(input: ByteReader): { vtype: number; value: PlainBufferValue } {
  const at = input.pos;
  const vtype = input.u8('value type');
  switch (vtype) {
    case ValueType.INTEGER:
      return { vtype, value: input.i64('integer value') };
    case ValueType.DOUBLE:
      return { vtype, value: input.f64('double value') };
    case ValueType.BOOLEAN:
      // Readers treat any non-zero byte as true (spec 3.1).
      return { vtype, value: input.u8('boolean value') !== 0 };
    case ValueType.STRING: {
      const length = input.length('string value');
      const start = input.skip(length, 'string value');
      return { vtype, value: input.buf.toString('utf8', start, start + length) };
    }
    case ValueType.BLOB: {
      const length = input.length('binary value');
      const start = input.skip(length, 'binary value');
      // A copy: decoded rows often outlive the request or response body they came from.
      return { vtype, value: Buffer.from(input.buf.subarray(start, start + length)) };
    }
    case ValueType.INF_MIN:
      return { vtype, value: INF_MIN };
    case ValueType.INF_MAX:
      return { vtype, value: INF_MAX };
    case ValueType.AUTO_INCREMENT:
      return { vtype, value: AUTO_INCREMENT };
    default:
      throw new PlainBufferError(`Invalid PlainBuffer: unsupported value type 0x${hex(vtype)} at offset ${at}.`, {
        offset: at,
      });
  }
}

/** Encodes one value as `vtype` + payload, without `vlen`: the `column_value` of a SingleColumnValueFilter. */
export function encodeValueBytes(value: PlainBufferValue): Buffer {
  const vtype = valueTypeOf(value);
  const stringBytes = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
  const out = new ByteWriter(encodedValueLength(value, vtype, stringBytes));
  writeValue(out, value, vtype, stringBytes);
  return out.finish();
}

/**
 * Decodes `vtype` + payload produced by {@link encodeValueBytes}.
 * @throws PlainBufferError when the bytes are truncated, have an unknown type or carry trailing bytes.
 */
export function decodeValueBytes(bytes: Uint8Array): PlainBufferValue {
  const input = new ByteReader(bytes);
  const { value } = readValue(input);
  if (input.remaining !== 0) {
    throw new PlainBufferError(`Invalid PlainBuffer: trailing bytes after value at offset ${input.pos}.`, {
      offset: input.pos,
    });
  }
  return value;
}

/** Two-digit hex of a byte, for messages. */
export function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
