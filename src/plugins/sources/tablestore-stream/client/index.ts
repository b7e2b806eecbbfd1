/**
 * The production Tablestore Stream client: ListStream, DescribeStream (every page), GetShardIterator (with the
 * timestamp seek), GetStreamRecord with records decoded into typed {@link ChangeRecord}s, and the table/row calls
 * the checkpoint store needs (DescribeTable, CreateTable, GetRow, GetRange, conditional PutRow/UpdateRow,
 * DeleteRow, BatchWriteRow). Each call may override the retry policy (`CallOptions.retry`).
 *
 * Built on `src/tablestore` (protobuf, PlainBuffer, signing, error codes); this folder adds HTTP keep-alive
 * transport, response verification, retries with jittered backoff, and the record-level decoding rules. The npm
 * `tablestore` SDK is not used: it has no stream calls and mis-decodes every error (spec §7).
 *
 * Errors: the service's errors are `TablestoreError`s keyed by `code` (e.g. `OTSTrimmedDataAccess` = the
 * checkpoint points into trimmed data); see `errors.ts` for the client's own.
 *
 * @example
 * ```ts
 * import { TablestoreStreamClient } from './plugins/sources/tablestore-stream/client';
 *
 * const client = new TablestoreStreamClient({
 *   endpoint: 'https://my-instance.cn-hangzhou.ots.aliyuncs.com',
 *   instanceName: 'my-instance',
 *   credentials: { accessKeyId, accessKeySecret },
 * });
 * const [stream] = await client.listStream({ tableName: 'orders' });
 * const { shards } = await client.describeStreamAllPages(stream.streamId);
 * // Read parents before children (shard.parentId / parentSiblingId) to keep per-key order.
 * let iterator: string | undefined = await client.seekShardIterator({ streamId: stream.streamId, shardId: shards[0].shardId });
 * while (iterator !== undefined) {
 *   const page = await client.getStreamRecord({ shardIterator: iterator, limit: 1000 });
 *   for (const change of page.records) apply(change); // change.action, .primaryKey, .cells, .sequence
 *   if (page.records.length === 0 && !page.shardClosed) break; // caught up: poll later from page.nextShardIterator
 *   iterator = page.nextShardIterator; // undefined: the shard is closed, its children may start
 * }
 * client.close();
 * ```
 */

export { TablestoreStreamClient } from './client';
export type { CallOptions, CallRetryPolicy } from './caller';
export {
  MAX_BATCH_WRITE_ROWS,
  type BatchRowChange,
  type BatchRowResult,
  type CreateTableSpec,
  type GetRangeRequest,
  type RangePage,
} from './table-calls';
export type { PutCell, UpdateCell, WriteOptions, WriteResult } from './rows';
export {
  encodeCondition,
  encodeFilter,
  type ColumnComparator,
  type ColumnCondition,
  type CompositeColumnCondition,
  type RowCondition,
  type RowExistence,
  type SingleColumnCondition,
} from './conditions';
export { compareChangeSequence, decodeStreamRecord, decodeStreamRecords, formatSequenceInfo } from './change-records';
export {
  StreamProtocolError,
  StreamRecordDecodeError,
  TablestoreClientOptionError,
  TablestoreNetworkError,
  TablestoreResponseError,
} from './errors';
export type { TablestoreCredentials, TablestoreStreamClientOptions, TimeoutOptions } from './options';
export {
  backoffDelay,
  DEFAULT_RETRY,
  isRetryable,
  withRetries,
  type RetryClassifier,
  type RetryEvent,
  type RetryListener,
  type RetryOptions,
  type Sleep,
} from './retry';
export type {
  CapacityUnits,
  CellOperationType,
  ChangeAction,
  ChangeCell,
  ChangeRecord,
  ChangeSequence,
  DeleteAllVersionsChangeCell,
  DeleteOneVersionChangeCell,
  PrimaryKeyTypeName,
  PutChangeCell,
  ShardIteratorResult,
  StreamDescription,
  StreamDescriptionPage,
  StreamRecordPage,
  StreamShard,
  StreamStatusName,
  StreamSummary,
  TableDescription,
  TableRow,
  TableStreamDetails,
} from './types';
