/**
 * Protobuf enums of the Tablestore schema as `const` objects plus value types, so code reads
 * `ActionType.PUT_ROW` while the wire value stays the number the `.proto` gives.
 */

/** Type of a `const` enum object's values. */
type ValueOf<T> = T[keyof T];

export const PrimaryKeyType = { INTEGER: 1, STRING: 2, BINARY: 3 } as const;
export type PrimaryKeyType = ValueOf<typeof PrimaryKeyType>;

export const PrimaryKeyOption = { AUTO_INCREMENT: 1 } as const;
export type PrimaryKeyOption = ValueOf<typeof PrimaryKeyOption>;

export const DefinedColumnType = { DCT_INTEGER: 1, DCT_DOUBLE: 2, DCT_BOOLEAN: 3, DCT_STRING: 4, DCT_BLOB: 7 } as const;
export type DefinedColumnType = ValueOf<typeof DefinedColumnType>;

export const BloomFilterType = { NONE: 1, CELL: 2, ROW: 3 } as const;
export type BloomFilterType = ValueOf<typeof BloomFilterType>;

export const IndexUpdateMode = { IUM_ASYNC_INDEX: 0, IUM_SYNC_INDEX: 1 } as const;
export type IndexUpdateMode = ValueOf<typeof IndexUpdateMode>;

export const IndexType = { IT_GLOBAL_INDEX: 0, IT_LOCAL_INDEX: 1 } as const;
export type IndexType = ValueOf<typeof IndexType>;

export const IndexSyncPhase = { ISP_INVALID: 0, ISP_FULL: 1, ISP_INCR: 2 } as const;
export type IndexSyncPhase = ValueOf<typeof IndexSyncPhase>;

/** Send `ACTIVE` in DescribeTable: the emulator has no loading phase (spec 1.8). */
export const TableStatus = { ACTIVE: 1, INACTIVE: 2, LOADING: 3, UNLOADING: 4, UPDATING: 5 } as const;
export type TableStatus = ValueOf<typeof TableStatus>;

export const RowExistenceExpectation = { IGNORE: 0, EXPECT_EXIST: 1, EXPECT_NOT_EXIST: 2 } as const;
export type RowExistenceExpectation = ValueOf<typeof RowExistenceExpectation>;

export const SSEKeyType = { SSE_KMS_SERVICE: 1, SSE_BYOK: 2 } as const;
export type SSEKeyType = ValueOf<typeof SSEKeyType>;

// The proto enum `ReturnType`, renamed so that importing it does not shadow TypeScript's `ReturnType<T>`.
export const RowReturnType = { RT_NONE: 0, RT_PK: 1, RT_AFTER_MODIFY: 2 } as const;
export type RowReturnType = ValueOf<typeof RowReturnType>;

export const DataBlockType = { DBT_PLAIN_BUFFER: 0, DBT_SIMPLE_ROW_MATRIX: 1 } as const;
export type DataBlockType = ValueOf<typeof DataBlockType>;

export const CompressType = { CPT_NONE: 0 } as const;
export type CompressType = ValueOf<typeof CompressType>;

export const Direction = { FORWARD: 0, BACKWARD: 1 } as const;
export type Direction = ValueOf<typeof Direction>;

export const OperationType = { PUT: 1, UPDATE: 2, DELETE: 3 } as const;
export type OperationType = ValueOf<typeof OperationType>;

export const StreamStatus = { STREAM_ENABLING: 1, STREAM_ACTIVE: 2 } as const;
export type StreamStatus = ValueOf<typeof StreamStatus>;

export const ActionType = { PUT_ROW: 1, UPDATE_ROW: 2, DELETE_ROW: 3 } as const;
export type ActionType = ValueOf<typeof ActionType>;

export const FilterType = { FT_SINGLE_COLUMN_VALUE: 1, FT_COMPOSITE_COLUMN_VALUE: 2, FT_COLUMN_PAGINATION: 3 } as const;
export type FilterType = ValueOf<typeof FilterType>;

export const ComparatorType = {
  CT_EQUAL: 1,
  CT_NOT_EQUAL: 2,
  CT_GREATER_THAN: 3,
  CT_GREATER_EQUAL: 4,
  CT_LESS_THAN: 5,
  CT_LESS_EQUAL: 6,
} as const;
export type ComparatorType = ValueOf<typeof ComparatorType>;

export const LogicalOperator = { LO_NOT: 1, LO_AND: 2, LO_OR: 3 } as const;
export type LogicalOperator = ValueOf<typeof LogicalOperator>;
