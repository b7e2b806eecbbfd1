/**
 * Stream records → {@link ChangeRecord}s (spec 4.8). The PlainBuffer decoding (checksums, op bytes, sequence
 * info) is `src/tablestore`'s; this module applies the record-level rules of the strictest reader, the Java SDK's
 * `PlainBufferConversion.toRecordColumn`, so we never accept a record the official clients would reject.
 */
import { ActionType, decodeRow, type AttributeCell, type DecodedRow, type StreamRecord } from '../../../../tablestore';
import { StreamRecordDecodeError } from './errors';
import type { ChangeAction, ChangeCell, ChangeRecord, ChangeSequence } from './types';

const ACTIONS: Readonly<Record<number, ChangeAction>> = {
  [ActionType.PUT_ROW]: 'PUT',
  [ActionType.UPDATE_ROW]: 'UPDATE',
  [ActionType.DELETE_ROW]: 'DELETE',
};

/**
 * Decodes the records of one GetStreamRecord page, in order.
 * @throws StreamRecordDecodeError for the first record that cannot be decoded; the page is rejected as a whole so
 *   that a checkpoint never moves past a record nobody read.
 */
export function decodeStreamRecords(records: readonly StreamRecord[]): ChangeRecord[] {
  return records.map((record, index) => decodeStreamRecord(record, index));
}

/**
 * Decodes one stream record.
 * @param index position in its page, for the error message.
 * @throws StreamRecordDecodeError when the record is malformed (see module comment).
 */
export function decodeStreamRecord(record: StreamRecord, index = 0): ChangeRecord {
  const action = ACTIONS[record.actionType];
  if (action === undefined) throw new StreamRecordDecodeError(index, `unknown action type ${record.actionType}.`);
  const row = decodeOneRow(record.record, index, 'record');
  // The Java SDK dereferences the sequence info and the Go SDK asserts it: a record without it is broken.
  if (row.sequenceInfo === undefined) throw new StreamRecordDecodeError(index, 'it carries no sequence info.');
  const primaryKey = row.primaryKey;
  for (const column of primaryKey) {
    if (typeof column.value === 'object' && !(column.value instanceof Uint8Array)) {
      throw new StreamRecordDecodeError(index, `primary-key column '${column.name}' holds a placeholder value.`);
    }
  }
  // DELETE_ROW records may or may not carry the delete marker (spec 4.8: UNCONFIRMED which one the service
  // writes); both forms are accepted, and the action type alone decides what happened.
  const decoded = row.attributes.map((cell) => toChangeCell(cell, index));
  // DELETE_ROW records carry no cells (spec 4.8); neither official SDK rejects one that does. Failing would stop a
  // job on data the service accepted, and the row is gone either way, so such cells are dropped.
  const cells = action === 'DELETE' ? [] : decoded;
  const { epoch, timestamp, rowIndex } = row.sequenceInfo;
  const sequence: ChangeSequence = { epoch, timestamp, rowIndex };
  const change: ChangeRecord = { action, primaryKey, cells, sequence };
  if (record.originRecord !== undefined && record.originRecord.length > 0) {
    change.originCells = decodeOneRow(record.originRecord, index, 'origin record').attributes.map((cell) =>
      toChangeCell(cell, index),
    );
  }
  return change;
}

function decodeOneRow(bytes: Uint8Array, index: number, what: string): DecodedRow {
  try {
    return decodeRow(bytes);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new StreamRecordDecodeError(index, `${what}: ${message}`, { cause });
  }
}

/**
 * The Java SDK's cell rules for records: a put needs value and timestamp; a delete-one-version a timestamp and no
 * value; a delete-all-versions neither (the PlainBuffer decoder already enforced the delete shapes); INCREMENT
 * never appears in records (the service turns it into a put of the result).
 */
function toChangeCell(cell: AttributeCell, index: number): ChangeCell {
  switch (cell.operation) {
    case undefined:
      if (cell.value === undefined || cell.timestamp === undefined) {
        throw new StreamRecordDecodeError(index, `cell '${cell.name}' puts a value without a timestamp.`);
      }
      return { name: cell.name, operation: 'PUT', value: cell.value, timestamp: cell.timestamp };
    case 'DELETE_ONE_VERSION':
      return { name: cell.name, operation: 'DELETE_ONE_VERSION', timestamp: cell.timestamp as bigint };
    case 'DELETE_ALL_VERSION':
      return { name: cell.name, operation: 'DELETE_ALL_VERSIONS' };
    case 'INCREMENT':
      throw new StreamRecordDecodeError(index, `cell '${cell.name}' is an INCREMENT, which records never carry.`);
  }
}

/**
 * Orders two records of one shard by (epoch, timestamp, rowIndex), the log order (spec 4.5).
 * @returns negative, zero or positive, like `Array.prototype.sort` comparators.
 */
export function compareChangeSequence(a: ChangeSequence, b: ChangeSequence): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
  return a.rowIndex - b.rowIndex;
}

/**
 * DataX's sequence-info string, `EEEEEEEEEE_TTTTTTTTTTTTTTTTTTTT_RRRRRRRRRR_<shardId>` (otsstream-reader.md §4.4):
 * zero-padded so that text order equals numeric order within a shard.
 */
export function formatSequenceInfo(sequence: ChangeSequence, shardId: string): string {
  const pad = (value: number | bigint, width: number) => String(value).padStart(width, '0');
  return `${pad(sequence.epoch, 10)}_${pad(sequence.timestamp, 20)}_${pad(sequence.rowIndex, 10)}_${shardId}`;
}
