/**
 * Plain-object shapes of the shared Tablestore messages (spec 2.1 and 5.1). Field names are the `.proto` names in
 * camelCase; see `codec.ts` for the value conventions (bigint, Uint8Array, numeric enums).
 */
import type { AccessDeniedDetail } from '../errors';
import type {
  BloomFilterType,
  DefinedColumnType,
  IndexSyncPhase,
  IndexType,
  IndexUpdateMode,
  PrimaryKeyOption,
  PrimaryKeyType,
  RowReturnType,
  RowExistenceExpectation,
  SSEKeyType,
} from './enums';

/** Body of every error response. */
export interface ErrorMessage {
  code: string;
  message?: string;
  accessDeniedDetail?: AccessDeniedDetail;
}

export interface PrimaryKeySchema {
  name: string;
  type: PrimaryKeyType;
  option?: PrimaryKeyOption;
}

export interface DefinedColumnSchema {
  name: string;
  type: DefinedColumnType;
}

export interface PartitionRange {
  begin: Uint8Array;
  end: Uint8Array;
}

export interface TableOptions {
  /** Seconds; -1 keeps data forever. */
  timeToLive?: number;
  maxVersions?: number;
  bloomFilterType?: BloomFilterType;
  blockSize?: number;
  deviationCellVersionInSec?: bigint;
  allowUpdate?: boolean;
  updateFullRow?: boolean;
}

export interface IndexMeta {
  name: string;
  primaryKey?: string[];
  definedColumn?: string[];
  indexUpdateMode: IndexUpdateMode;
  indexType: IndexType;
  indexSyncPhase?: IndexSyncPhase;
}

export interface TableMeta {
  tableName: string;
  primaryKey?: PrimaryKeySchema[];
  definedColumn?: DefinedColumnSchema[];
  indexMeta?: IndexMeta[];
  tableId?: string;
  globalTableId?: string;
}

export interface Condition {
  rowExistence: RowExistenceExpectation;
  /** Serialized `Filter`. */
  columnCondition?: Uint8Array;
}

/** Always send both numbers in responses: the Go SDK dereferences them (spec 1.8). */
export interface CapacityUnit {
  read?: number;
  write?: number;
}

export interface CapacityDataSize {
  readSize?: bigint;
  writeSize?: bigint;
}

export interface ConsumedCapacity {
  capacityUnit: CapacityUnit;
  capacityDataSize?: CapacityDataSize;
}

export interface ReservedThroughput {
  capacityUnit: CapacityUnit;
}

export interface ReservedThroughputDetails {
  capacityUnit: CapacityUnit;
  lastIncreaseTime: bigint;
  lastDecreaseTime?: bigint;
}

export interface StreamSpecification {
  enableStream: boolean;
  /** Hours; required when enabling, forbidden when disabling. */
  expirationTime?: number;
  columnsToGet?: string[];
}

export interface StreamDetails {
  enableStream: boolean;
  streamId?: string;
  /** Hours. */
  expirationTime?: number;
  /** Microseconds since the epoch. */
  lastEnableTime?: bigint;
  columnsToGet?: string[];
}

export interface SSESpecification {
  enable: boolean;
  keyType?: SSEKeyType;
  keyId?: Uint8Array;
  roleArn?: Uint8Array;
}

export type SSEDetails = SSESpecification;

/** Milliseconds; `[startTime, endTime)` or one `specificTime`. */
export interface TimeRange {
  startTime?: bigint;
  endTime?: bigint;
  specificTime?: bigint;
}

export interface ReturnContent {
  returnType?: RowReturnType;
  returnColumnNames?: string[];
}
