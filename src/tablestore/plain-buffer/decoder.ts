/**
 * PlainBuffer decoder (spec 3.2, 3.7, 3.9, 4.8): reads rows as the service, the official SDKs and the npm SDK
 * write them, verifies every cell and row checksum, and reports any defect as a {@link PlainBufferError}, which
 * carries the service's code for a malformed row (`OTSParameterInvalid`, HTTP 400).
 *
 * Tolerated: zero bytes after the last row (the npm SDK over-allocates and sends the padding, spec 3.9) and unknown
 * extension sub-tags (skipped by their length, as the Java SDK does). Rejected: anything else after the last row,
 * cells out of order, unknown tags, value types or op bytes, `vlen`/`elen` that disagree with the content.
 */
import { PlainBufferError } from '../errors';
import { ByteReader } from './byte-reader';
import { HEADER, Tag, ValueType } from './constants';
import { cellChecksum, crc8Byte } from './crc8';
import { checkAttributeCell, operationOf } from './cell-rules';
import type {
  AttributeCell,
  AttributeValue,
  DecodedRow,
  PrimaryKeyColumn,
  PrimaryKeyValue,
  SequenceInfo,
} from './types';
import { hex, isAttributeType, isPrimaryKeyType, readValue } from './values';

/**
 * Decodes a field that holds exactly one row (GetRow/PutRow/UpdateRow/DeleteRow fields, GetRange bounds, stream
 * records). Callers treat zero-length fields ("no row") before calling.
 * @throws PlainBufferError when the bytes are empty, malformed, fail a checksum, or hold other than one row.
 */
export function decodeRow(bytes: Uint8Array): DecodedRow {
  const rows = decodeRows(bytes);
  if (rows.length !== 1) {
    throw new PlainBufferError(`Invalid PlainBuffer: expected exactly one row, found ${rows.length}.`);
  }
  return rows[0] as DecodedRow;
}

/**
 * Decodes a field that holds any number of rows behind one header (GetRange `rows`); zero bytes decode as no rows.
 * @throws PlainBufferError when the bytes are malformed or fail a checksum.
 */
export function decodeRows(bytes: Uint8Array): DecodedRow[] {
  if (bytes.length === 0) return [];
  const input = new ByteReader(bytes);
  const header = input.u32('header');
  if (header !== HEADER) {
    throw new PlainBufferError(`Invalid PlainBuffer: bad header 0x${header.toString(16)}.`, { offset: 0 });
  }
  const rows: DecodedRow[] = [];
  // No row starts with a zero byte, so an all-zero tail can only be padding.
  while (input.remaining > 0 && !input.restIsZero()) rows.push(readRow(input));
  return rows;
}

function readRow(input: ByteReader): DecodedRow {
  const primaryKey: PrimaryKeyColumn[] = [];
  const attributes: AttributeCell[] = [];
  let rowCrc = 0;
  if (input.peek() === Tag.ROW_PK) {
    input.pos++;
    while (input.peek() === Tag.CELL) {
      const cell = readCell(input);
      primaryKey.push(toPrimaryKeyColumn(cell));
      rowCrc = crc8Byte(rowCrc, cell.crc);
    }
  }
  if (input.peek() === Tag.ROW_DATA) {
    input.pos++;
    // The grammar requires at least one cell after TAG_ROW_DATA (writers omit the tag otherwise).
    if (input.peek() !== Tag.CELL) throw unexpectedTag(input.peek(), input.pos, 'an attribute cell');
    while (input.peek() === Tag.CELL) {
      const cell = readCell(input);
      attributes.push(toAttributeCell(cell));
      rowCrc = crc8Byte(rowCrc, cell.crc);
    }
  }
  let deleteMarker = false;
  if (input.peek() === Tag.DELETE_ROW_MARKER) {
    input.pos++;
    deleteMarker = true;
  }
  let sequenceInfo: SequenceInfo | undefined;
  if (input.peek() === Tag.EXTENSION) {
    input.pos++;
    sequenceInfo = readExtension(input);
  }
  const at = input.pos;
  const tag = input.peek();
  if (tag === -1) throw new PlainBufferError('Invalid row: missing checksum.', { offset: at });
  if (tag !== Tag.ROW_CHECKSUM) throw unexpectedTag(tag, at, 'the row checksum');
  input.pos++;
  const expected = input.u8('row checksum');
  rowCrc = crc8Byte(rowCrc, deleteMarker ? 1 : 0);
  if (expected !== rowCrc) {
    // UNCONFIRMED wording: the docs quote only the cell-level message.
    throw new PlainBufferError('Row data broken, checksum is mismatch', { offset: at });
  }
  const row: DecodedRow = { primaryKey, attributes, deleteMarker };
  if (sequenceInfo !== undefined) row.sequenceInfo = sequenceInfo;
  return row;
}

interface RawCell {
  offset: number;
  name: string;
  vtype: number;
  value: PrimaryKeyValue | AttributeValue | undefined;
  op: number;
  timestamp: bigint | undefined;
  crc: number;
}

/** Reads one cell; its parts must come in wire order (name, value, op, timestamp, checksum), as every reader needs. */
function readCell(input: ByteReader): RawCell {
  const offset = input.pos;
  input.pos++; // TAG_CELL, peeked by the caller
  expectTag(input, Tag.CELL_NAME, 'the cell name');
  const nameLength = input.length('cell name');
  const nameStart = input.skip(nameLength, 'cell name');
  const name = input.buf.toString('utf8', nameStart, nameStart + nameLength);
  const cell: RawCell = { offset, name, vtype: -1, value: undefined, op: -1, timestamp: undefined, crc: 0 };
  let valueStart = -1;
  let valueEnd = -1;
  if (input.peek() === Tag.CELL_VALUE) {
    input.pos++;
    const vlenAt = input.pos;
    const vlen = input.length('cell value');
    valueStart = input.pos;
    ({ vtype: cell.vtype, value: cell.value } = readValue(input));
    valueEnd = input.pos;
    // vlen is not covered by any checksum; checking it catches corruption the CRC cannot see.
    if (valueEnd - valueStart !== vlen) {
      throw new PlainBufferError(
        `Invalid PlainBuffer: value length ${vlen} of cell '${name}' does not match its content (${valueEnd - valueStart}).`,
        { offset: vlenAt },
      );
    }
  }
  if (input.peek() === Tag.CELL_TYPE) {
    input.pos++;
    const opAt = input.pos;
    cell.op = input.u8('cell operation');
    if (operationOf(cell.op) === undefined) {
      throw new PlainBufferError(`Invalid PlainBuffer: unknown cell operation 0x${hex(cell.op)} at offset ${opAt}.`, {
        offset: opAt,
      });
    }
  }
  let timestampStart = -1;
  if (input.peek() === Tag.CELL_TIMESTAMP) {
    input.pos++;
    timestampStart = input.pos;
    cell.timestamp = input.i64('cell timestamp');
  }
  const checksumAt = input.pos;
  expectTag(input, Tag.CELL_CHECKSUM, 'the cell checksum');
  const expected = input.u8('cell checksum');
  cell.crc = cellChecksum(input.buf, {
    nameStart,
    nameEnd: nameStart + nameLength,
    valueStart,
    valueEnd,
    timestampStart,
    op: cell.op,
  });
  if (expected !== cell.crc) {
    throw new PlainBufferError('Cell data broken, checksum is mismatch', { offset: checksumAt });
  }
  return cell;
}

function toPrimaryKeyColumn(cell: RawCell): PrimaryKeyColumn {
  const fail = (problem: string): never => {
    throw new PlainBufferError(`Invalid PlainBuffer: primary-key cell '${cell.name}' ${problem}.`, {
      offset: cell.offset,
    });
  };
  if (cell.value === undefined) fail('has no value');
  if (!isPrimaryKeyType(cell.vtype)) {
    fail(`has type 0x${hex(cell.vtype)}, which can not be used as primary key`);
  }
  if (cell.op !== -1) fail('carries a cell operation');
  if (cell.timestamp !== undefined) fail('carries a timestamp');
  return { name: cell.name, value: cell.value as PrimaryKeyValue };
}

function toAttributeCell(cell: RawCell): AttributeCell {
  if (cell.value !== undefined && !isAttributeType(cell.vtype)) {
    throw new PlainBufferError(
      `Invalid PlainBuffer: attribute cell '${cell.name}' has type 0x${hex(cell.vtype)}, allowed in primary keys only.`,
      { offset: cell.offset },
    );
  }
  const operation = cell.op === -1 ? undefined : operationOf(cell.op);
  checkAttributeCell(
    cell.name,
    cell.value !== undefined,
    cell.vtype === ValueType.INTEGER,
    cell.timestamp !== undefined,
    operation,
    cell.offset,
  );
  const out: AttributeCell = { name: cell.name };
  if (cell.value !== undefined) out.value = cell.value as AttributeValue;
  if (cell.timestamp !== undefined) out.timestamp = cell.timestamp;
  if (operation !== undefined) out.operation = operation;
  return out;
}

/**
 * Reads the row extension after its tag. Bounded by `elen`, like the Java reader: sub-tags other than sequence info
 * are skipped by their own i32 length, so a future extension does not break old readers.
 */
function readExtension(input: ByteReader): SequenceInfo | undefined {
  const length = input.length('row extension');
  const end = input.pos + length;
  let sequenceInfo: SequenceInfo | undefined;
  while (input.pos < end) {
    const subTag = input.u8('extension tag');
    const subLength = input.length('extension item');
    const subEnd = input.pos + subLength;
    if (subEnd > end) throw new PlainBufferError('Invalid PlainBuffer: extension item overruns the extension.');
    if (subTag === Tag.SEQ_INFO) {
      expectTag(input, Tag.SEQ_INFO_EPOCH, 'the sequence epoch');
      const epoch = input.i32('sequence epoch');
      expectTag(input, Tag.SEQ_INFO_TS, 'the sequence timestamp');
      const timestamp = input.i64('sequence timestamp');
      expectTag(input, Tag.SEQ_INFO_ROW_INDEX, 'the sequence row index');
      const rowIndex = input.i32('sequence row index');
      if (input.pos > subEnd) throw new PlainBufferError('Invalid PlainBuffer: sequence info overruns its length.');
      sequenceInfo = { epoch, timestamp, rowIndex };
    }
    input.pos = subEnd;
  }
  if (input.pos !== end) throw new PlainBufferError('Invalid PlainBuffer: row extension length mismatch.');
  return sequenceInfo;
}

function expectTag(input: ByteReader, tag: number, what: string): void {
  const at = input.pos;
  const actual = input.u8(what);
  if (actual !== tag) throw unexpectedTag(actual, at, what);
}

function unexpectedTag(actual: number, offset: number, what: string): PlainBufferError {
  const found = actual === -1 ? 'end of data' : `tag 0x${hex(actual)}`;
  return new PlainBufferError(`Invalid PlainBuffer: found ${found} at offset ${offset}, expected ${what}.`, { offset });
}
