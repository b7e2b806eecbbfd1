/** Plain-object shapes of the stream operations (spec 4.1); times are microseconds unless noted. */
import type { ActionType, StreamStatus } from './enums';
import type { ConsumedCapacity } from './types-shared';

export interface ListStreamRequest {
  /** Omitted: every stream of the instance. */
  tableName?: string;
}

export interface Stream {
  streamId: string;
  tableName: string;
  creationTime: bigint;
}

export interface ListStreamResponse {
  streams: Stream[];
}

export interface DescribeStreamRequest {
  streamId: string;
  /** Paging: the `nextShardId` of the previous page, which becomes the first shard of this one. */
  inclusiveStartShardId?: string;
  shardLimit?: number;
  supportTimeseriesDataTable?: boolean;
}

/** Lineage: a split child names its parent; a merge child names both parents. */
export interface StreamShard {
  shardId: string;
  parentId?: string;
  parentSiblingId?: string;
}

export interface DescribeStreamResponse {
  streamId: string;
  /** Hours. */
  expirationTime: number;
  tableName: string;
  creationTime: bigint;
  streamStatus: StreamStatus;
  shards: StreamShard[];
  /** Absent on the last page. */
  nextShardId?: string;
  isTimeseriesDataTable?: boolean;
}

export interface GetShardIteratorRequest {
  streamId: string;
  shardId: string;
  /** Seek to the first record at or after this time; omitted = oldest retained record. */
  timestamp?: bigint;
  /** The previous response's `nextToken` while a timestamp seek is in progress. */
  token?: string;
}

export interface GetShardIteratorResponse {
  shardIterator: string;
  nextToken?: string;
}

export interface GetStreamRecordRequest {
  shardIterator: string;
  limit?: number;
  tableName?: string;
}

export interface StreamRecord {
  actionType: ActionType;
  /** PlainBuffer: header plus exactly one row with the sequence-info extension (spec 4.8). */
  record: Uint8Array;
  originRecord?: Uint8Array;
}

export interface GetStreamRecordResponse {
  streamRecords: StreamRecord[];
  /** Absent: the shard is closed and fully read (after processing this page's records). */
  nextShardIterator?: string;
  consumed?: ConsumedCapacity;
  mayMoreRecord?: boolean;
}
