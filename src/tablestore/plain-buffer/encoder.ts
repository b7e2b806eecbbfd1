/**
 * PlainBuffer encoder (spec 3.2): exact bytes, no padding, checksums per spec 3.7. Output is byte-identical to the
 * Java/Go writers and to the npm SDK's minus its trailing zero padding.
 */
import { PlainBufferError } from '../errors';
import { ByteWriter } from './byte-writer';
import { EXTENSION_LENGTH, HEADER, SEQ_INFO_LENGTH, Tag, ValueType } from './constants';
import { cellChecksum, crc8Byte } from './crc8';
import { checkAttributeCell, OP_BYTE } from './cell-rules';
import type { AttributeCell, PlainBufferRow, PrimaryKeyColumn } from './types';
import { checkInt64, encodedValueLength, isAttributeType, isPrimaryKeyType, valueTypeOf, writeValue } from './values';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Encodes one row behind a header, as every single-row field carries it (GetRow/PutRow/UpdateRow/DeleteRow
 * fields, GetRange bounds, stream records).
 * @throws PlainBufferError when the row breaks the format's rules (a double in the primary key, a delete cell with a
 * value, an integer outside 64 bits, ...).
 */
export function encodeRow(row: PlainBufferRow): Buffer {
  return encodeRows([row]);
}

/**
 * Encodes rows behind one shared header, as GetRange's `rows` carries them. No rows encode as zero bytes, which is
 * what an empty GetRange page carries (spec 3.8).
 * @throws PlainBufferError as {@link encodeRow}.
 */
export function encodeRows(rows: readonly PlainBufferRow[]): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  const out = new ByteWriter();
  out.i32(HEADER);
  for (const row of rows) writeRow(out, row);
  return out.finish();
}

/** Encodes a primary key alone (GetRow/BatchGetRow keys, GetRange bounds); `deleteMarker` for DeleteRow's key. */
export function encodePrimaryKey(primaryKey: readonly PrimaryKeyColumn[], options: { deleteMarker?: boolean } = {}) {
  return encodeRow({ primaryKey: [...primaryKey], deleteMarker: options.deleteMarker ?? false });
}

function writeRow(out: ByteWriter, row: PlainBufferRow): void {
  let rowCrc = 0;
  // Every writer emits TAG_ROW_PK, even before zero cells (spec 3.2).
  out.u8(Tag.ROW_PK);
  for (const column of row.primaryKey) rowCrc = crc8Byte(rowCrc, writePrimaryKeyCell(out, column));
  const attributes = row.attributes ?? [];
  // Writers omit TAG_ROW_DATA when there are no attribute cells.
  if (attributes.length > 0) {
    out.u8(Tag.ROW_DATA);
    for (const cell of attributes) rowCrc = crc8Byte(rowCrc, writeAttributeCell(out, cell));
  }
  if (row.deleteMarker) out.u8(Tag.DELETE_ROW_MARKER);
  if (row.sequenceInfo !== undefined) {
    const { epoch, timestamp, rowIndex } = row.sequenceInfo;
    checkInt32(epoch, 'sequence epoch');
    checkInt32(rowIndex, 'sequence row index');
    checkInt64(timestamp, 'sequence timestamp');
    out.u8(Tag.EXTENSION);
    out.i32(EXTENSION_LENGTH);
    out.u8(Tag.SEQ_INFO);
    out.i32(SEQ_INFO_LENGTH);
    out.u8(Tag.SEQ_INFO_EPOCH);
    out.i32(epoch);
    out.u8(Tag.SEQ_INFO_TS);
    out.i64(timestamp);
    out.u8(Tag.SEQ_INFO_ROW_INDEX);
    out.i32(rowIndex);
  }
  // The extension is not part of the row checksum; the delete-marker byte is (spec 3.7).
  rowCrc = crc8Byte(rowCrc, row.deleteMarker ? 1 : 0);
  out.u8(Tag.ROW_CHECKSUM);
  out.u8(rowCrc);
}

/** Writes a primary-key cell and returns its checksum. */
function writePrimaryKeyCell(out: ByteWriter, column: PrimaryKeyColumn): number {
  const vtype = valueTypeOf(column.value);
  if (!isPrimaryKeyType(vtype)) {
    const kind = vtype === ValueType.DOUBLE ? 'double' : 'boolean';
    throw new PlainBufferError(`Invalid PlainBuffer: ${kind} can not be used as primary key ('${column.name}').`);
  }
  const nameEnd = writeName(out, column.name);
  const nameStart = nameEnd.start;
  const { valueStart, valueEnd } = writeCellValue(out, column.value, vtype);
  const crc = cellChecksum(out.bytes, {
    nameStart,
    nameEnd: nameEnd.end,
    valueStart,
    valueEnd,
    timestampStart: -1,
    op: -1,
  });
  out.u8(Tag.CELL_CHECKSUM);
  out.u8(crc);
  return crc;
}

/** Writes an attribute cell (value, then op, then timestamp on the wire) and returns its checksum. */
function writeAttributeCell(out: ByteWriter, cell: AttributeCell): number {
  const hasValue = cell.value !== undefined;
  checkAttributeCell(cell.name, hasValue, typeof cell.value === 'bigint', cell.timestamp !== undefined, cell.operation);
  const name = writeName(out, cell.name);
  let valueStart = -1;
  let valueEnd = -1;
  if (cell.value !== undefined) {
    const vtype = valueTypeOf(cell.value);
    if (!isAttributeType(vtype)) {
      throw new PlainBufferError(`Invalid PlainBuffer: attribute '${cell.name}' holds a primary-key placeholder.`);
    }
    ({ valueStart, valueEnd } = writeCellValue(out, cell.value, vtype));
  }
  let op = -1;
  if (cell.operation !== undefined) {
    op = OP_BYTE[cell.operation];
    out.u8(Tag.CELL_TYPE);
    out.u8(op);
  }
  let timestampStart = -1;
  if (cell.timestamp !== undefined) {
    checkInt64(cell.timestamp, `timestamp of '${cell.name}'`);
    out.u8(Tag.CELL_TIMESTAMP);
    timestampStart = out.pos;
    out.i64(cell.timestamp);
  }
  const crc = cellChecksum(out.bytes, {
    nameStart: name.start,
    nameEnd: name.end,
    valueStart,
    valueEnd,
    timestampStart,
    op,
  });
  out.u8(Tag.CELL_CHECKSUM);
  out.u8(crc);
  return crc;
}

/** Writes TAG_CELL, TAG_CELL_NAME and the name (i32 UTF-8 byte length, no type byte); returns the name's span. */
function writeName(out: ByteWriter, name: string): { start: number; end: number } {
  const length = Buffer.byteLength(name, 'utf8');
  out.u8(Tag.CELL);
  out.u8(Tag.CELL_NAME);
  out.i32(length);
  const start = out.pos;
  out.utf8(name, length);
  return { start, end: out.pos };
}

/** Writes TAG_CELL_VALUE, `vlen`, `vtype` and the payload; returns the checksummed span (`vtype` onwards). */
function writeCellValue(
  out: ByteWriter,
  value: PlainBufferRow['primaryKey'][number]['value'] | NonNullable<AttributeCell['value']>,
  vtype: number,
): { valueStart: number; valueEnd: number } {
  const stringBytes = typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
  out.u8(Tag.CELL_VALUE);
  out.i32(encodedValueLength(value, vtype, stringBytes));
  const valueStart = out.pos;
  writeValue(out, value, vtype, stringBytes);
  return { valueStart, valueEnd: out.pos };
}

function checkInt32(value: number, what: string): void {
  if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
    throw new PlainBufferError(`Invalid PlainBuffer: ${what} ${value} is not a 32-bit integer.`);
  }
}
