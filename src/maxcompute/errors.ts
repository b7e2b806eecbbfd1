/**
 * Errors of the MaxCompute protocol core. Messages never contain record data: they name columns (schema) and
 * JavaScript types, never values, so they are safe to log and to send back over the wire.
 */
import { OtsyncError } from '../common/errors';

/** A column type the Tunnel record format cannot carry here: complex types, intervals, or an unknown/malformed name. */
export class UnsupportedTypeError extends OtsyncError {
  /** The type string as given. */
  readonly type: string;

  constructor(type: string, reason = 'is not supported') {
    super(`MaxCompute column type '${type}' ${reason}`, {
      hint: 'Use a primitive column type (bigint, double, string, decimal, datetime, timestamp, ...).',
    });
    this.type = type;
  }
}

/** A value given to {@link RecordStreamWriter.write} whose JavaScript type or range does not fit its column. */
export class RecordValueError extends OtsyncError {
  /** 0-based index of the column in the session schema (the field number is `columnIndex + 1`). */
  readonly columnIndex: number;
  readonly columnName: string;
  readonly columnType: string;

  constructor(columnIndex: number, columnName: string, columnType: string, problem: string) {
    super(`column ${columnIndex + 1} '${columnName}' (${columnType}): ${problem}`);
    this.columnIndex = columnIndex;
    this.columnName = columnName;
    this.columnType = columnType;
  }
}

/** Why a record stream was rejected, with the Tunnel error code a server answers with. */
export type RecordStreamErrorCode = 'MalformedDataStream' | 'CorruptedDataStream';

/**
 * A record stream (block body) that cannot be accepted: `MalformedDataStream` for bad structure (unknown field,
 * wrong wire type, truncation, trailing bytes, values out of range), `CorruptedDataStream` for a CRC or count
 * mismatch.
 */
export class RecordStreamError extends OtsyncError {
  readonly code: RecordStreamErrorCode;
  /** Byte offset in the stream where the problem was found. */
  readonly offset: number;

  constructor(code: RecordStreamErrorCode, message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.code = code;
    this.offset = offset;
  }
}

/** A partition spec piece that is not exactly one `name=value`. */
export class PartitionSpecError extends OtsyncError {
  constructor(message: string) {
    super(message, {
      hint: "Write the partition as name=value pairs separated by ',' or '/', e.g. pt=20250101,region=cn.",
    });
  }
}
