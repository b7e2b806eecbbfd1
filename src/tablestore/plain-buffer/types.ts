/**
 * Rows as PlainBuffer carries them (spec 3): primary-key columns, attribute cells with optional timestamp and
 * operation, a delete marker and, in stream records, sequence info.
 */

/** A primary-key placeholder value: range bounds (`INF_MIN`, `INF_MAX`) or an auto-increment column to fill. */
export interface SpecialPrimaryKeyValue {
  readonly special: 'INF_MIN' | 'INF_MAX' | 'AUTO_INCREMENT';
}

/** Smaller than every value of its column; GetRange boundaries only. */
export const INF_MIN: SpecialPrimaryKeyValue = Object.freeze({ special: 'INF_MIN' });
/** Greater than every value of its column; GetRange boundaries only. */
export const INF_MAX: SpecialPrimaryKeyValue = Object.freeze({ special: 'INF_MAX' });
/** Asks the server to assign the value of an auto-increment primary-key column (PutRow, UpdateRow, BatchWriteRow). */
export const AUTO_INCREMENT: SpecialPrimaryKeyValue = Object.freeze({ special: 'AUTO_INCREMENT' });

/**
 * Value of a primary-key column: INTEGER (`bigint`, 64-bit), STRING (`string`), BINARY (`Uint8Array`; decoded as
 * `Buffer`), or one of the placeholders. Doubles and booleans cannot be primary keys.
 */
export type PrimaryKeyValue = bigint | string | Uint8Array | SpecialPrimaryKeyValue;

/**
 * Value of an attribute cell: INTEGER (`bigint`), DOUBLE (`number`), BOOLEAN, STRING, BLOB (`Uint8Array`).
 * A JavaScript `number` always means DOUBLE, so pass integers as `bigint`.
 */
export type AttributeValue = bigint | number | boolean | string | Uint8Array;

export interface PrimaryKeyColumn {
  name: string;
  value: PrimaryKeyValue;
}

/**
 * Operation of an attribute cell in UpdateRow requests and stream records; absent means "put one version".
 * - `DELETE_ALL_VERSION`: no value, no timestamp.
 * - `DELETE_ONE_VERSION`: no value, a timestamp naming the version.
 * - `INCREMENT`: an INTEGER delta (UpdateRow requests only; never in stream records).
 */
export type CellOperation = 'DELETE_ALL_VERSION' | 'DELETE_ONE_VERSION' | 'INCREMENT';

export interface AttributeCell {
  name: string;
  /** Required unless `operation` is a delete. */
  value?: AttributeValue;
  /** Version, in milliseconds since the epoch. */
  timestamp?: bigint;
  operation?: CellOperation;
}

/** Position of a stream record in its shard; records are ordered by (epoch, timestamp, rowIndex). */
export interface SequenceInfo {
  /** Partition epoch (i32). */
  epoch: number;
  /** When the change entered the log, in microseconds since the epoch. */
  timestamp: bigint;
  /** Position among the records with the same timestamp (i32). */
  rowIndex: number;
}

/** One PlainBuffer row. Decoded rows always carry `attributes` and `deleteMarker`. */
export interface PlainBufferRow {
  primaryKey: PrimaryKeyColumn[];
  attributes?: AttributeCell[];
  /** DeleteRow requests and DELETE_ROW stream records. */
  deleteMarker?: boolean;
  /** Stream records only (the row extension). */
  sequenceInfo?: SequenceInfo;
}

/** A row as the decoder returns it. */
export interface DecodedRow extends PlainBufferRow {
  attributes: AttributeCell[];
  deleteMarker: boolean;
}
