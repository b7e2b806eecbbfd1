/** Plain-object shapes of the table-level operations (spec 5.2). */
import type { TableStatus } from './enums';
import type {
  IndexMeta,
  PartitionRange,
  ReservedThroughput,
  ReservedThroughputDetails,
  SSEDetails,
  SSESpecification,
  StreamDetails,
  StreamSpecification,
  TableMeta,
  TableOptions,
} from './types-shared';

export interface CreateTableRequest {
  tableMeta: TableMeta;
  reservedThroughput: ReservedThroughput;
  tableOptions?: TableOptions;
  partitions?: PartitionRange[];
  streamSpec?: StreamSpecification;
  sseSpec?: SSESpecification;
  indexMetas?: IndexMeta[];
  enableLocalTxn?: boolean;
}

/** Empty message. */
export type CreateTableResponse = Record<string, never>;

export interface UpdateTableRequest {
  tableName: string;
  reservedThroughput?: ReservedThroughput;
  tableOptions?: TableOptions;
  streamSpec?: StreamSpecification;
}

export interface UpdateTableResponse {
  reservedThroughputDetails: ReservedThroughputDetails;
  tableOptions: TableOptions;
  /** Always send it: the Go SDK reads `enableStream` unconditionally (spec 1.8). */
  streamDetails?: StreamDetails;
}

export interface DescribeTableRequest {
  tableName: string;
}

export interface DescribeTableResponse {
  tableMeta: TableMeta;
  reservedThroughputDetails: ReservedThroughputDetails;
  tableOptions: TableOptions;
  tableStatus: TableStatus;
  streamDetails?: StreamDetails;
  shardSplits?: Uint8Array[];
  sseDetails?: SSEDetails;
  indexMetas?: IndexMeta[];
  /** Microseconds since the epoch (Java schema only). */
  creationTime?: bigint;
}

/** Empty message. */
export type ListTableRequest = Record<string, never>;

export interface ListTableResponse {
  tableNames: string[];
}

export interface DeleteTableRequest {
  tableName: string;
}

/** Empty message. */
export type DeleteTableResponse = Record<string, never>;
