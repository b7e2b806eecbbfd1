/**
 * Plain-object shapes of the row operations (spec 5.4). Every row-valued `Uint8Array` holds PlainBuffer
 * (`plain-buffer/`); an empty one means "no row".
 */
import type { CompressType, DataBlockType, Direction, OperationType } from './enums';
import type { Condition, ConsumedCapacity, ErrorMessage, ReturnContent, TimeRange } from './types-shared';

export interface GetRowRequest {
  tableName: string;
  primaryKey: Uint8Array;
  columnsToGet?: string[];
  timeRange?: TimeRange;
  maxVersions?: number;
  cacheBlocks?: boolean;
  filter?: Uint8Array;
  startColumn?: string;
  endColumn?: string;
  token?: Uint8Array;
  transactionId?: string;
}

export interface GetRowResponse {
  consumed: ConsumedCapacity;
  row: Uint8Array;
  nextToken?: Uint8Array;
}

export interface PutRowRequest {
  tableName: string;
  row: Uint8Array;
  condition: Condition;
  returnContent?: ReturnContent;
  transactionId?: string;
}

export interface UpdateRowRequest {
  tableName: string;
  rowChange: Uint8Array;
  condition: Condition;
  returnContent?: ReturnContent;
  transactionId?: string;
}

export interface DeleteRowRequest {
  tableName: string;
  primaryKey: Uint8Array;
  condition: Condition;
  returnContent?: ReturnContent;
  transactionId?: string;
}

/** Response of PutRow, UpdateRow and DeleteRow (identical shapes). */
export interface WriteRowResponse {
  consumed: ConsumedCapacity;
  row?: Uint8Array;
}

export type PutRowResponse = WriteRowResponse;
export type UpdateRowResponse = WriteRowResponse;
export type DeleteRowResponse = WriteRowResponse;

export interface GetRangeRequest {
  tableName: string;
  direction: Direction;
  columnsToGet?: string[];
  timeRange?: TimeRange;
  maxVersions?: number;
  limit?: number;
  inclusiveStartPrimaryKey: Uint8Array;
  exclusiveEndPrimaryKey: Uint8Array;
  cacheBlocks?: boolean;
  filter?: Uint8Array;
  startColumn?: string;
  endColumn?: string;
  token?: Uint8Array;
  transactionId?: string;
  dataBlockTypeHint?: DataBlockType;
  returnEntirePrimaryKeys?: boolean;
  compressTypeHint?: CompressType;
}

export interface GetRangeResponse {
  consumed: ConsumedCapacity;
  rows: Uint8Array;
  /** Absent (not empty) once the range is exhausted. */
  nextStartPrimaryKey?: Uint8Array;
  nextToken?: Uint8Array;
  dataBlockType?: DataBlockType;
  compressType?: CompressType;
}

export interface TableInBatchGetRowRequest {
  tableName: string;
  primaryKey: Uint8Array[];
  token?: Uint8Array[];
  columnsToGet?: string[];
  timeRange?: TimeRange;
  maxVersions?: number;
  cacheBlocks?: boolean;
  filter?: Uint8Array;
  startColumn?: string;
  endColumn?: string;
}

export interface BatchGetRowRequest {
  tables: TableInBatchGetRowRequest[];
}

/** Failed rows carry `error` with both code and message; ok rows carry `consumed` (spec 1.8, 2.5). */
export interface RowInBatchGetRowResponse {
  isOk: boolean;
  error?: ErrorMessage;
  consumed?: ConsumedCapacity;
  row?: Uint8Array;
  nextToken?: Uint8Array;
}

export interface TableInBatchGetRowResponse {
  tableName: string;
  rows: RowInBatchGetRowResponse[];
}

export interface BatchGetRowResponse {
  tables: TableInBatchGetRowResponse[];
}

export interface RowInBatchWriteRowRequest {
  type: OperationType;
  rowChange: Uint8Array;
  condition: Condition;
  returnContent?: ReturnContent;
}

export interface TableInBatchWriteRowRequest {
  tableName: string;
  rows: RowInBatchWriteRowRequest[];
}

export interface BatchWriteRowRequest {
  tables: TableInBatchWriteRowRequest[];
  transactionId?: string;
  isAtomic?: boolean;
}

export interface RowInBatchWriteRowResponse {
  isOk: boolean;
  error?: ErrorMessage;
  consumed?: ConsumedCapacity;
  row?: Uint8Array;
}

export interface TableInBatchWriteRowResponse {
  tableName: string;
  rows: RowInBatchWriteRowResponse[];
}

export interface BatchWriteRowResponse {
  tables: TableInBatchWriteRowResponse[];
}
